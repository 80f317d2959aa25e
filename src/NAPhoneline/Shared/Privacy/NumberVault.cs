using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace NAPhoneline.Shared.Privacy;

// Caller numbers (and the texts and journal entries that carry them) at rest: AES-GCM under a key derived from
// each privacy key, as "v1:<key id>:<base64 of nonce | cipher | tag>". The key id (8 hex digits of the derived
// key's SHA-256) says which key opens a value, so a previous key still reads what it wrote until `rotate-key`
// has re-encrypted it under the current one.
//
// Unprotect passes through a value that is not in that form: rows written before numbers were encrypted read as
// they are until `rotate-key` moves them. A value in that form that does not open (a changed byte, an unknown key)
// throws CryptographicException: a tampered number is never dialled, nor silently taken for clear text.
public sealed class NumberVault
{
    const string Purpose = "naphoneline number encryption v1";
    const string Version = "v1";
    const int NonceBytes = 12, TagBytes = 16;

    readonly (string Id, byte[] Key)[] keys;

    public NumberVault(IOptions<PrivacyOptions> options) =>
        keys = options.Value.RawKeys().Select(k => NumberHashes.Derive(k, Purpose))
            .Select(k => (KeyId(k), k)).ToArray();

    // The id of the key Protect uses now: values that do not start "v1:<CurrentKeyId>:" are due for rotate-key.
    public string CurrentKeyId => keys[0].Id;

    public string CurrentPrefix => $"{Version}:{CurrentKeyId}:";

    [return: NotNullIfNotNull(nameof(value))]
    public string? Protect(string? value)
    {
        if (value is null) return null;
        var plain = Encoding.UTF8.GetBytes(value);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys[0].Key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(^TagBytes));
        return CurrentPrefix + Convert.ToBase64String(sealedBytes);
    }

    [return: NotNullIfNotNull(nameof(value))]
    public string? Unprotect(string? value)
    {
        if (!IsProtected(value)) return value;
        var keyId = value[3..11];
        var key = keys.FirstOrDefault(k => k.Id == keyId).Key
            ?? throw new CryptographicException($"No configured privacy key has id {keyId} (Privacy:PreviousKeys?).");
        byte[] sealedBytes;
        try { sealedBytes = Convert.FromBase64String(value[12..]); }
        catch (FormatException) { throw new CryptographicException("Protected value is not base64."); }
        if (sealedBytes.Length < NonceBytes + TagBytes)
            throw new CryptographicException("Protected value is cut short.");
        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, plain.Length),
            sealedBytes.AsSpan(^TagBytes), plain);
        return Encoding.UTF8.GetString(plain);
    }

    // For what a person reads (a page, a text): a value that does not open reads as none rather than failing.
    public string? TryUnprotect(string? value)
    {
        try { return Unprotect(value); }
        catch (CryptographicException) { return null; }
    }

    // "v1:" + 8 lower-case hex digits + ":": what Protect writes. A phone number or a text never starts so.
    public static bool IsProtected([NotNullWhen(true)] string? value) =>
        value is { Length: >= 12 } && value.StartsWith(Version + ":", StringComparison.Ordinal) && value[11] == ':'
        && value.AsSpan(3, 8).ContainsAnyExcept("0123456789abcdef") is false;

    // Under the current key already (rotate-key leaves it alone).
    public bool IsCurrent(string? value) =>
        value is not null && value.StartsWith(CurrentPrefix, StringComparison.Ordinal);

    static string KeyId(byte[] derived) => Convert.ToHexStringLower(SHA256.HashData(derived))[..8];
}
