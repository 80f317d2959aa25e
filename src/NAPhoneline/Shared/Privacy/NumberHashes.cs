using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace NAPhoneline.Shared.Privacy;

// CONTRACT 15: `Privacy:Key` (base64, at least 32 bytes) and, after a rotation, `Privacy:PreviousKeys` (the keys
// before it, newest first, still read and still matched).
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";
    public const int MinKeyBytes = 32;

    public string? Key { get; set; }
    public List<string> PreviousKeys { get; set; } = [];

    // Development without a key (the start-up check refuses that elsewhere): a fixed key, so the demo runs.
    internal static readonly byte[] DevelopmentKey = SHA256.HashData("naphoneline development only"u8);

    // The raw keys, the current one first; the development key when none is set.
    internal IReadOnlyList<byte[]> RawKeys()
    {
        var keys = new[] { Key }.Concat(PreviousKeys).Where(k => !string.IsNullOrWhiteSpace(k))
            .Select(k => Convert.FromBase64String(k!.Trim())).ToList();
        return keys.Count > 0 ? keys : [DevelopmentKey];
    }

    // Why a configured key cannot be used, naming it; null when it can (or when none is set).
    internal static string? Problem(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        try
        {
            return Convert.FromBase64String(value.Trim()).Length >= MinKeyBytes ? null
                : $"{name} must be at least {MinKeyBytes} bytes (base64 of `openssl rand -base64 32`).";
        }
        catch (FormatException)
        {
            return $"{name} is not base64 (make one with `openssl rand -base64 32`).";
        }
    }
}

// Keyed hashes of phone numbers (HMAC-SHA256 under a key derived from each privacy key): what the database keeps
// to find a number again (a blocked caller, the caller of a call) without keeping the number. A hash made under a
// previous key still matches: Hashes gives one per key, the current one first.
public sealed class NumberHashes
{
    const string Purpose = "naphoneline number lookup v1";
    readonly byte[][] keys;

    public NumberHashes(IOptions<PrivacyOptions> options)
    {
        keys = options.Value.RawKeys().Select(k => Derive(k, Purpose)).ToArray();
    }

    public string Hash(string number) => Hash(keys[0], number);

    public IReadOnlyList<string> Hashes(string number) => keys.Select(k => Hash(k, number)).ToList();

    static string Hash(byte[] key, string number) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(number.Trim())));

    // One key per purpose from a privacy key, so the lookup key is never the encryption key.
    public static byte[] Derive(byte[] key, string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, info: Encoding.UTF8.GetBytes(purpose));
}
