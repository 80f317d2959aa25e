using NAPhoneline.State;
using NodaTime;
using NodaTime.Text;

namespace NAPhoneline.Tests.Routing;

// CONTRACT 13's richer shifts in the pure roster engine: every other week, the nth or last weekday of a month, date
// bounds and backups, across DST changes and month ends.
public sealed class ShiftRepeatTests
{
    static readonly DateTimeZone LosAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];

    static LocalDate D(string iso) => LocalDatePattern.Iso.Parse(iso).Value;

    static Instant At(string local) =>
        LocalDateTimePattern.GeneralIso.Parse(local).Value.InZoneLeniently(LosAngeles).ToInstant();

    static RosterShift Shift(IsoDayOfWeek day, string start, string end, long volunteer = 1) =>
        new(volunteer, day, Time(start), Time(end));

    static LocalTime Time(string hhmm) =>
        LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(hhmm).Value;

    static string[] Dates(RosterShift shift, string from, int days) =>
        Enumerable.Range(0, days).Select(i => D(from).PlusDays(i)).Where(shift.OccursOn)
            .Select(d => LocalDatePattern.Iso.Format(d)).ToArray();

    [Fact]
    public void Biweekly_runs_in_the_week_of_its_date_and_every_second_week_both_ways()
    {
        // Anchored by a Thursday (2026-11-26): the Tuesday of that week is Nov 24.
        var shift = Shift(IsoDayOfWeek.Tuesday, "18:00", "22:00") with
        {
            Repeat = ShiftRepeat.Biweekly, StartsOn = D("2026-11-26"),
        };
        Assert.Equal(["2026-11-10", "2026-11-24", "2026-12-08", "2026-12-22"], Dates(shift, "2026-11-01", 60));
    }

    [Theory]
    [InlineData(1, new[] { "2026-10-05", "2026-11-02", "2026-12-07" })]
    [InlineData(3, new[] { "2026-10-19", "2026-11-16", "2026-12-21" })]
    [InlineData(4, new[] { "2026-10-26", "2026-11-23", "2026-12-28" })]
    // The last Monday: Nov 30 is both the fifth and the last; in October the last is the fourth (26th).
    [InlineData(-1, new[] { "2026-10-26", "2026-11-30", "2026-12-28" })]
    public void Monthly_runs_on_the_nth_or_the_last_such_weekday(int week, string[] expected)
    {
        var shift = Shift(IsoDayOfWeek.Monday, "18:00", "22:00") with { Repeat = ShiftRepeat.Monthly, Week = week };
        Assert.Equal(expected, Dates(shift, "2026-10-01", 92));
    }

    [Fact]
    public void From_and_until_bound_the_dates_a_shift_starts_on_both_included()
    {
        var shift = Shift(IsoDayOfWeek.Friday, "22:00", "02:00") with { From = D("2026-11-13"),
            Until = D("2026-11-27") };
        Assert.Equal(["2026-11-13", "2026-11-20", "2026-11-27"], Dates(shift, "2026-11-01", 45));
        // The last one started on its last date and runs past midnight into Saturday, Nov 28.
        Assert.Single(Roster.At(At("2026-11-28T01:00:00"), LosAngeles, [shift], []));
        Assert.Empty(Roster.At(At("2026-12-05T01:00:00"), LosAngeles, [shift], []));
    }

    // The first Sunday of November 2026 is the autumn change (02:00 PDT -> 01:00 PST): a 00:00-06:00 shift that
    // day lasts 7 hours; the second Sunday of March 2027 (03-14) is the spring one: 6 hours less one.
    [Fact]
    public void A_monthly_shift_on_the_day_of_a_DST_change_keeps_its_wall_clock_hours()
    {
        var shift = Shift(IsoDayOfWeek.Sunday, "00:00", "06:00") with { Repeat = ShiftRepeat.Monthly, Week = 1 };
        var (from, until) = Roster.Occurrence(D("2026-11-01"), shift.Start, shift.End, LosAngeles);
        Assert.Equal(Duration.FromHours(7), until - from);
        Assert.True(shift.OccursOn(D("2026-11-01")));
        var spring = shift with { Week = 2 };
        Assert.True(spring.OccursOn(D("2027-03-14")));
        var (f2, u2) = Roster.Occurrence(D("2027-03-14"), spring.Start, spring.End, LosAngeles);
        Assert.Equal(Duration.FromHours(5), u2 - f2);
        Assert.Single(Roster.At(At("2027-03-14T04:30:00"), LosAngeles, [spring], []));
    }

    [Fact]
    public void A_backup_is_on_duty_after_the_others_and_a_regular_shift_wins_over_a_backup_one()
    {
        var regular = Shift(IsoDayOfWeek.Tuesday, "12:00", "18:00", volunteer: 2);
        var backup = Shift(IsoDayOfWeek.Tuesday, "09:00", "21:00", volunteer: 1) with { Backup = true };
        var both = Shift(IsoDayOfWeek.Tuesday, "10:00", "20:00", volunteer: 3) with { Backup = true };
        var alsoRegular = Shift(IsoDayOfWeek.Tuesday, "11:00", "13:00", volunteer: 3);
        var onDuty = Roster.At(At("2026-11-24T12:30:00"), LosAngeles, [backup, regular, both, alsoRegular], []);
        Assert.Equal([(3L, false), (2L, false), (1L, true)], onDuty.Select(d => (d.VolunteerId, d.Backup)));
    }

    [Fact]
    public void A_day_off_drops_a_monthly_shift_like_a_weekly_one()
    {
        var shift = Shift(IsoDayOfWeek.Monday, "18:00", "22:00") with { Repeat = ShiftRepeat.Monthly, Week = -1 };
        var off = new ShiftOverride(1, D("2026-11-30"), OverrideKind.Off);
        Assert.Empty(Roster.At(At("2026-11-30T19:00:00"), LosAngeles, [shift], [off]));
        Assert.Single(Roster.At(At("2026-11-30T19:00:00"), LosAngeles, [shift], []));
    }

    [Theory]
    [InlineData("fortnightly", null, null, null, null, "repeat", PatternProblem.UnknownRepeat)]
    [InlineData("biweekly", null, null, null, null, "startsOn", PatternProblem.StartsOnMissing)]
    [InlineData("weekly", "2026-11-24", null, null, null, "startsOn", PatternProblem.StartsOnOnlyBiweekly)]
    [InlineData("monthly", null, null, null, null, "week", PatternProblem.WeekMissing)]
    [InlineData("monthly", null, 5, null, null, "week", PatternProblem.WeekOutOfRange)]
    [InlineData(null, null, 2, null, null, "week", PatternProblem.WeekOnlyMonthly)]
    [InlineData(null, null, null, "2026-13-01", null, "from", PatternProblem.NotADate)]
    [InlineData(null, null, null, "2026-12-01", "2026-11-30", "until", PatternProblem.UntilBeforeFrom)]
    public void A_bad_pattern_names_its_field(string? repeat, string? startsOn, int? week, string? from,
        string? until, string field, PatternProblem problem)
    {
        var (pattern, problems) = ShiftPattern.Parse(repeat, startsOn, week, from, until);
        Assert.Null(pattern);
        Assert.Contains((field, problem), problems);
    }

    [Fact]
    public void A_good_pattern_parses_and_weekly_is_the_default()
    {
        Assert.Equal(ShiftPattern.Weekly, ShiftPattern.Parse(null, null, null, null, null).Pattern);
        Assert.Equal(new ShiftPattern(ShiftRepeat.Monthly, null, -1, D("2027-01-01"), null),
            ShiftPattern.Parse(" Monthly ", "", -1, "2027-01-01", null).Pattern);
    }
}
