using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using NAPhoneline.Shared.Privacy;

namespace NAPhoneline.Tests.Shared;

public sealed class NumberVaultTests
{
    // Obviously test keys: 32 bytes of 0x01 and of 0x02.
    static readonly string OldKey = Convert.ToBase64String(Enumerable.Repeat((byte)1, 32).ToArray());
    static readonly string NewKey = Convert.ToBase64String(Enumerable.Repeat((byte)2, 32).ToArray());

    static NumberVault Vault(string key, params string[] previous) =>
        new(Options.Create(new PrivacyOptions { Key = key, PreviousKeys = [.. previous] }));

    [Fact]
    public void A_number_comes_back_and_is_not_in_the_cipher()
    {
        var vault = Vault(NewKey);
        var cipher = vault.Protect("+16195550142");
        Assert.Equal("+16195550142", vault.Unprotect(cipher));
        Assert.DoesNotContain("6195550142", cipher, StringComparison.Ordinal);
        Assert.Matches("^v1:[0-9a-f]{8}:[A-Za-z0-9+/=]+$", cipher);
        Assert.StartsWith(vault.CurrentPrefix, cipher, StringComparison.Ordinal);
        Assert.Null(vault.Protect(null));
        Assert.Null(vault.Unprotect(null));
    }

    [Fact]
    public void No_two_encryptions_are_alike()
    {
        var vault = Vault(NewKey);
        var ciphers = Enumerable.Range(0, 50).Select(_ => vault.Protect("+16195550142")).ToHashSet();
        Assert.Equal(50, ciphers.Count);
    }

    [Fact]
    public void A_changed_byte_throws_rather_than_reading_as_something_else()
    {
        var vault = Vault(NewKey);
        var cipher = vault.Protect("+16195550142");
        var bytes = Convert.FromBase64String(cipher[12..]);
        foreach (var i in new[] { 0, 12, bytes.Length - 1 })
        {
            var changed = (byte[])bytes.Clone();
            changed[i] ^= 0x01;
            var tampered = cipher[..12] + Convert.ToBase64String(changed);
            Assert.ThrowsAny<CryptographicException>(() => vault.Unprotect(tampered));
        }
        Assert.ThrowsAny<CryptographicException>(() => vault.Unprotect(cipher[..12] + "not base64!"));
        Assert.ThrowsAny<CryptographicException>(() => vault.Unprotect(cipher[..12] + "AAAA"));
    }

    [Fact]
    public void After_a_rotation_the_old_keys_values_still_open_and_new_ones_use_the_new_key()
    {
        var before = Vault(OldKey);
        var old = before.Protect("+16195550142");
        var after = Vault(NewKey, OldKey);

        Assert.Equal("+16195550142", after.Unprotect(old));
        Assert.False(after.IsCurrent(old));
        Assert.True(after.IsCurrent(after.Protect("+16195550142")));
        Assert.NotEqual(before.CurrentKeyId, after.CurrentKeyId);
        // Without the old key its values do not open.
        Assert.ThrowsAny<CryptographicException>(() => Vault(NewKey).Unprotect(old));
    }

    [Theory]
    [InlineData("+16195550142")]
    [InlineData("Taken: call them on +16195550142")]
    [InlineData("v1:not-hex!:AAAA")]
    public void A_value_written_before_encryption_reads_as_it_is(string clear)
    {
        Assert.False(NumberVault.IsProtected(clear));
        Assert.Equal(clear, Vault(NewKey).Unprotect(clear));
    }

    [Fact]
    public void Without_a_key_the_development_key_is_used_the_same_way_as_the_hashes()
    {
        var vault = new NumberVault(Options.Create(new PrivacyOptions()));
        Assert.Equal("+16195550142", vault.Unprotect(vault.Protect("+16195550142")));
    }

    [Theory]
    [InlineData("c2hvcnQ=", "at least 32 bytes")]
    [InlineData("%%%", "not base64")]
    public void A_key_that_cannot_be_used_is_named(string key, string why)
    {
        Assert.Contains(why, PrivacyOptions.Problem("Privacy:Key", key), StringComparison.Ordinal);
        Assert.Null(PrivacyOptions.Problem("Privacy:Key", NewKey));
    }
}
