using NAPhoneline.Blocking;
using NAPhoneline.Sms;
using NodaTime;

namespace NAPhoneline.Tests.Blocking;

// CONTRACT 15: who is blocked where, decided from memory.
public sealed class BlockRulesTests
{
    static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 20, 0);
    static readonly long[] SanDiego = [3, 2, 1]; // the area, its region, the world

    static BlockEntry Entry(BlockKind kind, string? hash = null, string? prefix = null, long? body = null,
        Instant? until = null) => new(1, kind, hash, prefix, body, until, "");

    [Fact]
    public void A_number_matches_by_any_of_its_hashes_only()
    {
        var e = Entry(BlockKind.Number, hash: "old-key-hash");
        Assert.Same(e, BlockRules.Find([e], "+16195550142", ["new-key-hash", "old-key-hash"], SanDiego, Now));
        Assert.Null(BlockRules.Find([e], "+16195550143", ["other"], SanDiego, Now));
    }

    [Fact]
    public void A_prefix_matches_the_start_and_anonymous_matches_withheld_ids_only()
    {
        var prefix = Entry(BlockKind.Prefix, prefix: "+1900");
        var anonymous = Entry(BlockKind.Anonymous);
        Assert.NotNull(BlockRules.Find([prefix], "+19005550100", [], SanDiego, Now));
        Assert.Null(BlockRules.Find([prefix], "+16195550100", [], SanDiego, Now));
        foreach (var withheld in new[] { "+266696687", "", null, "anonymous", "Restricted" })
        {
            Assert.NotNull(BlockRules.Find([anonymous], withheld, [], SanDiego, Now));
            Assert.Null(BlockRules.Find([prefix], withheld, [], SanDiego, Now));
        }
        Assert.Null(BlockRules.Find([anonymous], "+16195550142", [], SanDiego, Now));
    }

    [Fact]
    public void An_entry_holds_at_its_body_and_below_and_until_its_expiry()
    {
        var region = Entry(BlockKind.Anonymous, body: 2);
        var elsewhere = Entry(BlockKind.Anonymous, body: 9);
        Assert.NotNull(BlockRules.Find([region], null, [], SanDiego, Now));
        Assert.Null(BlockRules.Find([elsewhere], null, [], SanDiego, Now));
        Assert.NotNull(BlockRules.Find([Entry(BlockKind.Anonymous)], null, [], [], Now));
        var expiring = Entry(BlockKind.Anonymous, until: Now + Duration.FromMinutes(1));
        Assert.NotNull(BlockRules.Find([expiring], null, [], SanDiego, Now));
        Assert.Null(BlockRules.Find([expiring], null, [], SanDiego, Now + Duration.FromMinutes(1)));
    }

    [Theory]
    [InlineData("BLOCK", "en")]
    [InlineData(" block ", "en")]
    [InlineData("Bloquear", "es")]
    [InlineData("BLOQUER", "fr")]
    public void BLOCK_is_a_command_alone_in_every_language(string text, string language)
    {
        var command = SmsCommand.Parse(text, "en");
        Assert.Equal((SmsCommandKind.Block, language), (command.Kind, command.Language));
        // With more words it is not BLOCK: "block 92101" is not a volunteer's command.
        Assert.NotEqual(SmsCommandKind.Block, SmsCommand.Parse(text + " 92101", "en").Kind);
    }
}
