using System.Globalization;
using NAPhoneline.Scheduling;
using NAPhoneline.State;
using NodaTime;
using Interval = NAPhoneline.State.Interval;

namespace NAPhoneline.Tests.Scheduling;

public sealed class CoverageReportTests
{
    static readonly DateTimeZone LosAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];

    static Instant Local(int month, int day, int hour) =>
        new LocalDateTime(2026, month, day, hour, 0).InZoneLeniently(LosAngeles).ToInstant();

    static RosterSnapshot Roster(params RosterShift[] shifts) => new(LosAngeles, shifts, [],
        new Dictionary<long, RosterVolunteer>
        {
            [1] = new(1, "v-a", "Ann", "+16195550101", ["en"], false),
            [2] = new(2, "v-b", "Bo", "+16195550102", ["en"], false),
        });

    [Fact]
    public void Share_gaps_and_evenness_over_a_week()
    {
        var roster = Roster(new RosterShift(1, IsoDayOfWeek.Monday, new LocalTime(0, 0), new LocalTime(0, 0)),
            new RosterShift(2, IsoDayOfWeek.Tuesday, new LocalTime(6, 0), new LocalTime(18, 0)));
        // Monday Nov 23 00:00 for a week: Ann 24 h, Bo 12 h; 132 of 168 hours uncovered.
        var report = CoverageReport.For(roster, Local(11, 23, 0), Local(11, 30, 0));
        Assert.Equal(Math.Round(36.0 / 168, 4), report.CoveredShare);
        Assert.Equal([("Ann", 24.0), ("Bo", 12.0)], report.Hours.Select(h => (h.Name, h.Hours)));
        Assert.Equal(0.5, report.Evenness);
        Assert.Equal(2, report.Gaps.Count);
    }

    [Fact]
    public void Gaps_are_written_on_the_bodys_clock_with_a_day_only_when_it_changes()
    {
        Interval[] gaps =
        [
            new(Local(11, 28, 22), Local(11, 29, 4)), new(Local(11, 30, 10), Local(11, 30, 16)),
            new(Local(12, 1, 18), Local(12, 2, 0)), new(Local(12, 3, 1), Local(12, 3, 2)),
        ];
        var text = CoverageReport.Describe(gaps, LosAngeles, CultureInfo.GetCultureInfo("en-US"), "ddd MMM d HH:mm",
            3, more => $"and {more} more");
        Assert.Equal("Sat Nov 28 22:00-Sun Nov 29 04:00; Mon Nov 30 10:00-16:00; Tue Dec 1 18:00-24:00; and 1 more",
            text);
    }
}
