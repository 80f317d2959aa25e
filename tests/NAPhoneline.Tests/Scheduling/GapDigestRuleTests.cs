using System.Globalization;
using NAPhoneline.Scheduling;
using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Tests.Scheduling;

// When the daily gap digest is due (09:00 on the body's clock) and what it lists, across the DST changes, midnight
// and a month's end.
public sealed class GapDigestRuleTests
{
    static readonly DateTimeZone LosAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];
    static readonly DateTimeZone Kolkata = DateTimeZoneProviders.Tzdb["Asia/Kolkata"];

    static Instant Utc(int month, int day, int hour, int minute = 0) =>
        Instant.FromUtc(2026, month, day, hour, minute);

    [Theory]
    // Spring forward (Sun Mar 8): 09:00 is 17:00 UTC on Saturday (PST) and 16:00 UTC on Sunday (PDT).
    [InlineData(3, 7, 16, 59, null)]
    [InlineData(3, 7, 17, 0, "2026-03-07")]
    [InlineData(3, 8, 15, 59, null)]
    [InlineData(3, 8, 16, 0, "2026-03-08")]
    // Fall back (Sun Nov 1): 16:00 UTC on Saturday (PDT), 17:00 UTC on Sunday (PST).
    [InlineData(10, 31, 16, 0, "2026-10-31")]
    [InlineData(11, 1, 16, 59, null)]
    [InlineData(11, 1, 17, 0, "2026-11-01")]
    // Until midnight the day's digest is still that day's; after it, nothing until 09:00 of the next.
    [InlineData(12, 1, 7, 59, "2026-11-30")]
    [InlineData(12, 1, 8, 0, null)]
    [InlineData(12, 1, 17, 0, "2026-12-01")]
    public void The_digest_is_due_from_9_on_the_bodys_clock(int month, int day, int hour, int minute, string? due)
    {
        var date = GapDigest.DueDate(Utc(month, day, hour, minute), LosAngeles);
        Assert.Equal(due, date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_half_hour_zone_is_due_at_its_own_9()
    {
        // 09:00 IST is 03:30 UTC.
        Assert.Null(GapDigest.DueDate(Utc(12, 1, 3, 29), Kolkata));
        Assert.Equal(new LocalDate(2026, 12, 1), GapDigest.DueDate(Utc(12, 1, 3, 30), Kolkata));
    }

    [Fact]
    public void Every_day_of_a_year_is_due_exactly_once_minute_by_minute()
    {
        // The minutely sweep over all of 2026 in Los Angeles: 365 dates, each first due at 09:00 local.
        var first = new Dictionary<LocalDate, LocalTime>();
        for (var t = Instant.FromUtc(2026, 1, 1, 8, 0); t < Instant.FromUtc(2027, 1, 1, 8, 0);
             t += Duration.FromMinutes(1))
            if (GapDigest.DueDate(t, LosAngeles) is { } date) first.TryAdd(date, t.InZone(LosAngeles).TimeOfDay);
        Assert.Equal(365, first.Count);
        Assert.All(first.Values, time => Assert.Equal(new LocalTime(9, 0), time));
    }

    [Fact]
    public void A_gap_across_the_spring_change_is_listed_on_the_local_clock_and_is_an_hour_shorter()
    {
        // Covered all week but Saturday 22:00 to Sunday 04:00, the night the clocks go forward.
        var roster = new RosterSnapshot(LosAngeles,
            [
                new RosterShift(1, IsoDayOfWeek.Sunday, new LocalTime(4, 0), new LocalTime(0, 0)),
                new RosterShift(1, IsoDayOfWeek.Monday, new LocalTime(0, 0), new LocalTime(0, 0)),
                new RosterShift(1, IsoDayOfWeek.Tuesday, new LocalTime(0, 0), new LocalTime(0, 0)),
                new RosterShift(1, IsoDayOfWeek.Wednesday, new LocalTime(0, 0), new LocalTime(0, 0)),
                new RosterShift(1, IsoDayOfWeek.Thursday, new LocalTime(0, 0), new LocalTime(0, 0)),
                new RosterShift(1, IsoDayOfWeek.Friday, new LocalTime(0, 0), new LocalTime(0, 0)),
                new RosterShift(1, IsoDayOfWeek.Saturday, new LocalTime(0, 0), new LocalTime(22, 0)),
            ], [],
            new Dictionary<long, RosterVolunteer> { [1] = new(1, "v-a", "Ann", "+16195550101", ["en"], false) });
        var now = Utc(3, 5, 17); // Thursday Mar 5, 09:00 PST: the digest's 7 days

        var report = CoverageReport.For(roster, now, now + GapDigest.Window);

        var gap = Assert.Single(report.Gaps);
        Assert.Equal(Duration.FromHours(5), gap.Until - gap.From);
        Assert.Equal("Sat Mar 7 22:00-Sun Mar 8 04:00", CoverageReport.Describe(report.Gaps, LosAngeles,
            CultureInfo.GetCultureInfo("en-US"), "ddd MMM d HH:mm", 5, more => $"and {more} more"));
    }
}
