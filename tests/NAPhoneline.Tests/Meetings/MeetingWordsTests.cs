using NAPhoneline.Shared.Voice;
using NAPhoneline.Meetings;
using NAPhoneline.Meetings.Places;
using NodaTime;

namespace NAPhoneline.Tests.Meetings;

public sealed class MeetingWordsTests
{
    static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 20, 0); // Tuesday 12:00 in San Diego
    static readonly Place SanDiego = new("San Diego", "CA", "US", 32.7157, -117.1611, 1_394_928);

    static MeetingHit Hit(string name, int weekday, int hour, double km, bool? open = true) => new(
        new Meeting { ExternalId = name, Name = name, Weekday = weekday, Start = new TimeOnly(hour, 0),
            TimeZone = "America/Los_Angeles", LocationName = "Hall", City = "San Diego", Open = open },
        MeetingSearch.NextOccurrence(new Meeting { ExternalId = "x", Name = "x", Weekday = weekday,
            Start = new TimeOnly(hour, 0), TimeZone = "America/Los_Angeles" }, Now, Duration.Zero)!.Value,
        km);

    [Fact]
    public void Says_tonight_and_miles_in_english_and_esta_noche_in_spanish()
    {
        Assert.Equal("Tonight 7:00 PM Step Up, Hall, San Diego (open, 9.3 mi)",
            MeetingWords.Line(Hit("Step Up", 2, 19, 15), SanDiego, Now, Prompts.For("en")));
        Assert.Equal("Esta noche 19:00 Paso, Hall, San Diego (abierta, 9.3 millas)",
            MeetingWords.Line(Hit("Paso", 2, 19, 15), SanDiego, Now, Prompts.For("es")));
    }

    [Fact]
    public void Kilometres_outside_the_mile_countries() =>
        Assert.EndsWith("(closed, 15 km)", MeetingWords.Line(Hit("Toronto", 3, 7, 15, open: false),
            SanDiego with { Country = "CA" }, Now, Prompts.For("en")), StringComparison.Ordinal);

    [Fact]
    public void A_long_reply_keeps_to_three_segments_by_dropping_meetings()
    {
        var hits = Enumerable.Range(0, 3).Select(i => Hit(new string('X', 150) + i, 2, 19 + i, 3)).ToList();

        var sms = MeetingWords.Sms(hits, SanDiego, "92101", Now, Prompts.For("en"));

        Assert.True(MeetingWords.Segments(sms) <= MeetingWords.MaxSegments);
        Assert.Contains("1) ", sms, StringComparison.Ordinal);
        Assert.DoesNotContain("3) ", sms, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Counts_gsm_segments(int length, int segments) =>
        Assert.Equal(segments, MeetingWords.Segments(new string('a', length)));

    [Fact]
    public void A_character_outside_gsm_makes_70_character_segments() =>
        Assert.Equal(2, MeetingWords.Segments(new string('a', 70) + "ó"));

    [Fact]
    public void One_mile_is_singular() =>
        Assert.EndsWith("1 mile away.", MeetingWords.Spoken(Hit("Near", 2, 19, 1.5), SanDiego, Now, Prompts.For("en")),
            StringComparison.Ordinal);
}
