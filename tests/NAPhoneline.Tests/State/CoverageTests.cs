using NAPhoneline.State;
using NodaTime;
using Interval = NAPhoneline.State.Interval;

namespace NAPhoneline.Tests.State;

public sealed class CoverageTests
{
    static readonly DateTimeZone LosAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];

    static Instant Local(int y, int m, int d, int h) => LosAngeles.AtLeniently(new LocalDateTime(y, m, d, h, 0))
        .ToInstant();

    static RosterShift Shift(long volunteer, IsoDayOfWeek day, int start, int end) =>
        new(volunteer, day, new LocalTime(start, 0), new LocalTime(end, 0));

    [Fact]
    public void The_gaps_of_a_day_are_the_hours_no_shift_covers()
    {
        var from = Local(2026, 11, 24, 0);
        var served = Coverage.Between(from, from + Duration.FromDays(1), LosAngeles,
            [Shift(1, IsoDayOfWeek.Tuesday, 9, 17), Shift(2, IsoDayOfWeek.Tuesday, 12, 20)], []);

        var gaps = Coverage.Gaps(served, from, from + Duration.FromDays(1));

        Assert.Equal([new Interval(Local(2026, 11, 24, 0), Local(2026, 11, 24, 9)),
            new Interval(Local(2026, 11, 24, 20), Local(2026, 11, 25, 0))], gaps);
    }

    [Fact]
    public void A_night_shift_from_the_day_before_covers_the_early_hours_and_an_off_date_drops_it()
    {
        var from = Local(2026, 11, 24, 0);
        var until = Local(2026, 11, 24, 6);
        RosterShift[] night = [Shift(1, IsoDayOfWeek.Monday, 22, 6)];

        Assert.Empty(Coverage.Gaps(Coverage.Between(from, until, LosAngeles, night, []), from, until));
        var off = new ShiftOverride(1, new LocalDate(2026, 11, 23), OverrideKind.Off);
        Assert.Equal([new Interval(from, until)],
            Coverage.Gaps(Coverage.Between(from, until, LosAngeles, night, [off]), from, until));
    }

    [Fact]
    public void A_cover_fills_a_gap()
    {
        var from = Local(2026, 11, 24, 0);
        var cover = new ShiftOverride(3, new LocalDate(2026, 11, 24), OverrideKind.Cover, new LocalTime(0, 0),
            new LocalTime(9, 0));
        var served = Coverage.Between(from, Local(2026, 11, 24, 17), LosAngeles,
            [Shift(1, IsoDayOfWeek.Tuesday, 9, 17)], [cover]);

        Assert.Empty(Coverage.Gaps(served, from, Local(2026, 11, 24, 17)));
    }

    [Fact]
    public void Back_to_back_shifts_leave_no_gap_across_either_DST_change()
    {
        foreach (var (date, day) in new[] { (new LocalDate(2026, 11, 1), IsoDayOfWeek.Sunday),
                     (new LocalDate(2027, 3, 14), IsoDayOfWeek.Sunday) })
        {
            RosterShift[] shifts = [Shift(1, day, 0, 2), Shift(2, day, 2, 12), Shift(3, day, 12, 0)];
            var from = LosAngeles.AtStartOfDay(date).ToInstant();
            var until = LosAngeles.AtStartOfDay(date.PlusDays(1)).ToInstant();

            var served = Coverage.Between(from, until, LosAngeles, shifts, []);

            Assert.Empty(Coverage.Gaps(served, from, until));
            Assert.Equal(3, served.Count);
        }
    }

    [Fact]
    public void Nothing_served_is_one_gap_and_an_overlap_is_counted_once()
    {
        var from = Local(2026, 11, 24, 0);
        var until = Local(2026, 11, 25, 0);
        Assert.Equal([new Interval(from, until)], Coverage.Gaps([], from, until));
        OnDuty[] overlapping = [new(1, from, Local(2026, 11, 24, 20)), new(2, Local(2026, 11, 24, 6), until)];
        Assert.Empty(Coverage.Gaps(overlapping, from, until));
    }
}
