using NAPhoneline.Routing;
using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Tests.Routing;

public sealed class ScheduleWeekTests
{
    static readonly DateTimeZone LosAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];

    static ScheduleShift Shift(long id, long volunteer, IsoDayOfWeek day, int start, int end) =>
        new(id, new RosterShift(volunteer, day, new LocalTime(start, 0), new LocalTime(end, 0)));

    static ScheduleOverride Off(long id, long volunteer, LocalDate date) =>
        new(id, new ShiftOverride(volunteer, date, OverrideKind.Off));

    static ScheduleOverride Cover(long id, long volunteer, LocalDate date, int? start = null, int? end = null) =>
        new(id, new ShiftOverride(volunteer, date, OverrideKind.Cover,
            start is { } s ? new LocalTime(s, 0) : null, end is { } e ? new LocalTime(e, 0) : null));

    static string Local(Instant at) => at.InZone(LosAngeles).ToString("HH:mm x", null);

    static string[] Gaps(ScheduleDay day) => day.Gaps.Select(g => Local(g.From) + "-" + Local(g.Until)).ToArray();

    [Theory]
    [InlineData("2026-11-23", "2026-11-23")]
    [InlineData("2026-11-24", "2026-11-23")]
    [InlineData("2026-11-29", "2026-11-23")] // Sunday ends the week
    [InlineData("2026-11-30", "2026-11-30")]
    public void A_week_runs_monday_to_sunday(string any, string monday) =>
        Assert.Equal(ScheduleRules.ParseDate(monday), ScheduleWeek.MondayOf(ScheduleRules.ParseDate(any)!.Value));

    [Fact]
    public void A_biweekly_backup_shift_shows_in_its_weeks_only_and_its_blocks_say_what_it_is()
    {
        var shift = new ScheduleShift(3, new RosterShift(1, IsoDayOfWeek.Thursday, new LocalTime(8, 0),
            new LocalTime(9, 0))
        {
            Repeat = ShiftRepeat.Biweekly, StartsOn = new LocalDate(2026, 12, 3), Backup = true,
        });

        int Blocks(LocalDate monday) => ScheduleWeek.For(monday, LosAngeles, [shift], []).Days
            .Sum(d => d.Blocks.Count);
        var block = ScheduleWeek.For(new LocalDate(2026, 11, 30), LosAngeles, [shift], []).Days[3].Blocks.Single();
        var mine = ScheduleWeek.Upcoming(1, Instant.FromUtc(2026, 11, 24, 20, 0), 14, LosAngeles, [shift], []);

        Assert.Equal([0, 1, 0, 1], new[] { 23, 30 }.Select(d => new LocalDate(2026, 11, d))
            .Concat(new[] { 7, 14 }.Select(d => new LocalDate(2026, 12, d))).Select(Blocks));
        Assert.True(block.Backup);
        Assert.Same(shift.Shift, block.Shift);
        Assert.Equal([new LocalDate(2026, 12, 3)], mine.Select(b => b.Date));
    }

    [Fact]
    public void A_single_shift_leaves_the_rest_of_the_week_uncovered()
    {
        var week = ScheduleWeek.For(new LocalDate(2026, 11, 25), LosAngeles,
            [Shift(7, 1, IsoDayOfWeek.Tuesday, 9, 17)], []);

        Assert.Equal(new LocalDate(2026, 11, 23), week.Monday);
        Assert.Equal(7, week.Days.Count);
        var tuesday = week.Days[1];
        Assert.Equal(new LocalDate(2026, 11, 24), tuesday.Date);
        var block = Assert.Single(tuesday.Blocks);
        Assert.Equal((7L, 1L, BlockKind.Shift, false), (block.Id!.Value, block.VolunteerId, block.Kind, block.Off));
        Assert.Equal(["00:00 PST-09:00 PST", "17:00 PST-00:00 PST"], Gaps(tuesday));
        Assert.Equal(24, tuesday.Hours.Count);
        Assert.Equal(Enumerable.Range(0, 24).Select(h => h is < 9 or >= 17).ToArray(),
            tuesday.Hours.Select(h => h.Gap).ToArray());
        Assert.All(week.Days.Where(d => d != tuesday), d => Assert.Equal(Duration.FromHours(24), d.Uncovered));
        Assert.Equal(Duration.FromHours(160), week.Uncovered);
    }

    [Fact]
    public void A_shift_over_midnight_shows_on_both_days_and_covers_the_early_hours()
    {
        // Sunday night to Monday: the Sunday before the week still runs into its Monday.
        var week = ScheduleWeek.For(new LocalDate(2026, 11, 23), LosAngeles,
            [Shift(1, 1, IsoDayOfWeek.Sunday, 22, 4)], []);

        var monday = week.Days[0];
        var carried = Assert.Single(monday.Blocks);
        Assert.Equal(new LocalDate(2026, 11, 22), carried.Date);
        Assert.True(monday.Continued(carried));
        Assert.Equal(["04:00 PST-00:00 PST"], Gaps(monday));

        var sunday = week.Days[6];
        var starting = Assert.Single(sunday.Blocks);
        Assert.False(sunday.Continued(starting));
        Assert.True(sunday.RunsOn(starting));
        Assert.Equal(Duration.FromHours(6), starting.Until - starting.From);
        Assert.Equal(["00:00 PST-22:00 PST"], Gaps(sunday));
    }

    // 2026-11-01: 02:00 PDT becomes 01:00 PST, so the Sunday lasts 25 hours and 01:00 happens twice.
    [Fact]
    public void The_autumn_sunday_has_25_hours_and_its_shifts_keep_their_wall_clock_times()
    {
        var week = ScheduleWeek.For(new LocalDate(2026, 11, 1), LosAngeles,
            [Shift(1, 1, IsoDayOfWeek.Sunday, 0, 12), Shift(2, 2, IsoDayOfWeek.Sunday, 12, 0)], []);

        Assert.Equal(new LocalDate(2026, 10, 26), week.Monday);
        var sunday = week.Days[6];
        Assert.Equal(new LocalDate(2026, 11, 1), sunday.Date);
        Assert.True(sunday.ClockChange);
        Assert.Equal(Duration.FromHours(25), sunday.Length);
        Assert.Equal(25, sunday.Hours.Count);
        Assert.Equal([0, 1, 1, 2, 3], sunday.Hours.Take(5).Select(h => h.Label.Hour).ToArray());
        Assert.Empty(sunday.Gaps);
        Assert.DoesNotContain(sunday.Hours, h => h.Gap);
        // The morning shift takes the extra hour: 00:00 PDT to 12:00 PST is 13 hours.
        Assert.Equal(Duration.FromHours(13), sunday.Blocks[0].Until - sunday.Blocks[0].From);
        Assert.Equal(new LocalTime(0, 0), sunday.Blocks[1].End);
        Assert.False(week.Days[5].ClockChange);
    }

    [Fact]
    public void On_the_autumn_sunday_an_hour_at_one_covers_both_one_oclocks()
    {
        var week = ScheduleWeek.For(new LocalDate(2026, 11, 1), LosAngeles,
            [Shift(1, 1, IsoDayOfWeek.Sunday, 1, 2)], []);

        var sunday = week.Days[6];
        Assert.Equal(["00:00 PDT-01:00 PDT", "02:00 PST-00:00 PST"], Gaps(sunday));
        Assert.Equal(Duration.FromHours(23), sunday.Uncovered);
        Assert.Equal([true, false, false, true], sunday.Hours.Take(4).Select(h => h.Gap).ToArray());
    }

    // 2027-03-14: 02:00 PST becomes 03:00 PDT, so the Sunday lasts 23 hours.
    [Fact]
    public void The_spring_sunday_has_23_hours_and_a_shift_inside_the_skipped_hour_lasts_no_time()
    {
        var week = ScheduleWeek.For(new LocalDate(2027, 3, 14), LosAngeles,
        [
            Shift(1, 1, IsoDayOfWeek.Saturday, 22, 6), Shift(2, 2, IsoDayOfWeek.Sunday, 2, 3),
            Shift(3, 3, IsoDayOfWeek.Sunday, 6, 22), Shift(4, 4, IsoDayOfWeek.Sunday, 22, 6),
        ], []);

        Assert.Equal(new LocalDate(2027, 3, 8), week.Monday);
        var sunday = week.Days[6];
        Assert.Equal(Duration.FromHours(23), sunday.Length);
        Assert.Equal(23, sunday.Hours.Count);
        Assert.Equal([0, 1, 3, 4], sunday.Hours.Take(4).Select(h => h.Label.Hour).ToArray());
        // Saturday 22:00 PST to Sunday 06:00 PDT is 7 hours; 02:00-03:00 does not exist.
        var overnight = sunday.Blocks.Single(b => b.VolunteerId == 1);
        Assert.Equal(Duration.FromHours(7), overnight.Until - overnight.From);
        Assert.True(sunday.Blocks.Single(b => b.VolunteerId == 2).Vanishes);
        Assert.Empty(sunday.Gaps);
        Assert.True(sunday.RunsOn(sunday.Blocks.Single(b => b.VolunteerId == 4)));
    }

    [Fact]
    public void Off_strikes_that_dates_shift_and_opens_a_gap_a_cover_fills_one()
    {
        var tuesday = new LocalDate(2026, 11, 24);
        var week = ScheduleWeek.For(tuesday, LosAngeles,
            [Shift(1, 1, IsoDayOfWeek.Tuesday, 9, 17), Shift(2, 1, IsoDayOfWeek.Wednesday, 9, 17)],
            [Off(10, 1, tuesday), Cover(11, 2, tuesday, 12, 14), Off(12, 3, tuesday)]);

        var day = week.Days[1];
        var struck = day.Blocks.Single(b => b.Kind == BlockKind.Shift);
        Assert.True(struck.Off);
        Assert.Equal(10L, struck.OffId);
        var cover = day.Blocks.Single(b => b.Kind == BlockKind.Cover);
        Assert.Equal((2L, 11L), (cover.VolunteerId, cover.Id!.Value));
        Assert.Equal(["00:00 PST-12:00 PST", "14:00 PST-00:00 PST"], Gaps(day));
        // Volunteer 3 has no shift that Tuesday: the day off is listed on its own.
        Assert.Equal(12L, Assert.Single(day.DaysOff).Id);
        // Only that date: Wednesday's shift stands.
        Assert.False(Assert.Single(week.Days[2].Blocks).Off);
        Assert.Equal(Duration.FromHours(16), week.Days[2].Uncovered);
    }

    [Fact]
    public void A_whole_day_cover_on_the_autumn_sunday_covers_all_25_hours()
    {
        var week = ScheduleWeek.For(new LocalDate(2026, 11, 1), LosAngeles, [],
            [Cover(1, 5, new LocalDate(2026, 11, 1))]);

        var sunday = week.Days[6];
        var block = Assert.Single(sunday.Blocks);
        Assert.True(block.WholeDay);
        Assert.Equal(Duration.FromHours(25), block.Until - block.From);
        Assert.Empty(sunday.Gaps);
        Assert.False(sunday.RunsOn(block));
    }

    [Fact]
    public void A_shift_ending_at_midnight_does_not_run_into_the_next_day()
    {
        var week = ScheduleWeek.For(new LocalDate(2026, 11, 24), LosAngeles,
            [Shift(1, 1, IsoDayOfWeek.Tuesday, 16, 0)], []);

        Assert.False(week.Days[1].RunsOn(week.Days[1].Blocks[0]));
        Assert.Empty(week.Days[2].Blocks);
    }

    [Fact]
    public void My_coming_shifts_leave_out_days_off_and_include_the_one_under_way()
    {
        var now = Instant.FromUtc(2026, 11, 24, 20, 0); // Tuesday 12:00 in San Diego
        var shifts = new[]
        {
            Shift(1, 1, IsoDayOfWeek.Tuesday, 10, 16), Shift(2, 1, IsoDayOfWeek.Wednesday, 4, 10),
            Shift(3, 2, IsoDayOfWeek.Thursday, 4, 10), Shift(4, 1, IsoDayOfWeek.Monday, 4, 10),
        };
        var overrides = new[]
        {
            Off(5, 1, new LocalDate(2026, 11, 25)), Cover(6, 1, new LocalDate(2026, 11, 27), 12, 14),
        };

        var mine = ScheduleWeek.Upcoming(1, now, 14, LosAngeles, shifts, overrides);

        Assert.Equal(new[]
        {
            new LocalDate(2026, 11, 24), new LocalDate(2026, 11, 27), new LocalDate(2026, 11, 30),
            new LocalDate(2026, 12, 1), new LocalDate(2026, 12, 2), new LocalDate(2026, 12, 7),
            new LocalDate(2026, 12, 8),
        }, mine.Select(b => b.Date).ToArray());
        Assert.Equal(BlockKind.Cover, mine[1].Kind);
        Assert.All(mine, b => Assert.Equal(1L, b.VolunteerId));
    }

    [Fact]
    public void Remembered_items_take_the_ids_of_equal_rows_once_each()
    {
        var a = new RosterShift(1, IsoDayOfWeek.Monday, new LocalTime(9, 0), new LocalTime(17, 0));
        var b = a with { VolunteerId = 2 };
        var gone = a with { VolunteerId = 3 };
        (long, RosterShift)[] rows = [(10, a), (11, b), (12, a), (13, a with { VolunteerId = 4 })];

        var matched = ScheduleIds.Match([a, b, a, gone], rows);

        Assert.Equal(new long?[] { 10, 11, 12, null }, matched.Select(m => m.Id).ToArray());
        Assert.Equal([13L], ScheduleIds.Unmatched([a, b, a, gone], rows).Select(r => r.Id).ToArray());
    }
}
