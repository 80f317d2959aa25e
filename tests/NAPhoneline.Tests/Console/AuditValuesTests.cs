using System.Globalization;
using System.Resources;
using NAPhoneline.Console.Audit;

namespace NAPhoneline.Tests.Console;

public sealed class AuditValuesTests
{
    static readonly AuditWords Words = new("yes", "no", "—");

    [Fact]
    public void Nested_objects_become_dotted_keys_in_alphabetical_order()
    {
        var lines = AuditValues.Lines("""
            {"name": "San Diego Area", "routing": {"ringSeconds": 20, "strategy": "round-robin"}, "active": true,
             "fallback": null, "languages": ["en", "es"], "none": [], "empty": {}}
            """, Words);

        Assert.Equal(
        [
            ("active", "yes"), ("empty", "—"), ("fallback", "—"), ("languages", "en, es"),
            ("name", "San Diego Area"), ("none", "—"), ("routing.ringSeconds", "20"),
            ("routing.strategy", "round-robin"),
        ], lines);
    }

    [Fact]
    public void Each_object_of_a_list_is_one_line()
    {
        var lines = AuditValues.Lines("""{"shifts": [{"start": "18:00", "day": "mon"}, {"day": "fri", "on": false}]}""",
            Words);

        Assert.Equal([("shifts 1", "day: mon, start: 18:00"), ("shifts 2", "day: fri, on: no")], lines);
    }

    [Fact]
    public void Nothing_and_not_json_are_shown_plainly()
    {
        Assert.Empty(AuditValues.Lines(null, Words));
        Assert.Empty(AuditValues.Lines(" ", Words));
        Assert.Equal([("", "not json")], AuditValues.Lines("not json", Words));
        Assert.Equal([("", "7")], AuditValues.Lines("7", Words));
    }

    [Fact]
    public void An_update_shows_only_what_changed_and_counts_the_rest()
    {
        var change = AuditValues.Change("""{"name": "A", "ring": 20, "gone": 1}""",
            """{"name": "A", "ring": 25, "new": 2}""", Words);

        Assert.Equal([new AuditLine("gone", "1", true), new AuditLine("ring", "20", true)], change.Before);
        Assert.Equal([new AuditLine("new", "2", true), new AuditLine("ring", "25", true)], change.After);
        Assert.Equal(1, change.Unchanged);
    }

    [Fact]
    public void An_addition_or_a_removal_shows_everything_unmarked()
    {
        var added = AuditValues.Change(null, """{"kind": "cover", "date": "2026-11-26"}""", Words);
        var removed = AuditValues.Change("""{"kind": "cover"}""", null, Words);

        Assert.Empty(added.Before);
        Assert.Equal([new AuditLine("date", "2026-11-26", false), new AuditLine("kind", "cover", false)], added.After);
        Assert.Equal([new AuditLine("kind", "cover", false)], removed.Before);
        Assert.Equal(0, added.Unchanged + removed.Unchanged);
    }

    [Fact]
    public void An_update_that_changed_nothing_shows_everything()
    {
        var same = AuditValues.Change("""{"a": 1}""", """{"a": 1}""", Words);

        Assert.Equal([new AuditLine("a", "1", false)], same.After);
        Assert.Equal(0, same.Unchanged);
    }

    [Theory]
    [InlineData("NAPhoneline.Console.Audit.AuditText")]
    [InlineData("NAPhoneline.Routing.CallsText")]
    public void Every_word_is_in_english_and_spanish(string name)
    {
        var resources = new ResourceManager(name, typeof(AuditValues).Assembly);
        var english = resources.GetResourceSet(CultureInfo.InvariantCulture, true, true)!
            .Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).ToHashSet();
        var spanish = resources.GetResourceSet(CultureInfo.GetCultureInfo("es"), true, false)!
            .Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).ToHashSet();

        Assert.NotEmpty(english);
        Assert.Equal(english.Order(), spanish.Order());
    }
}
