using NAPhoneline.State;
using NAPhoneline.Routing;
using NodaTime;
using NodaTime.Text;

namespace NAPhoneline.Tests.Routing;

public sealed class RosterTests
{
    static readonly DateTimeZone LosAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];
    static readonly DateTimeZone London = DateTimeZoneProviders.Tzdb["Europe/London"];

    static Instant At(string local, DateTimeZone zone) =>
        LocalDateTimePattern.GeneralIso.Parse(local).Value.InZoneLeniently(zone).ToInstant();

    static RosterShift Shift(long volunteer, IsoDayOfWeek day, string start, string end) =>
        new(volunteer, day,
            LocalTimePattern.Create("HH:mm", System.Globalization.CultureInfo.InvariantCulture).Parse(start).Value,
            LocalTimePattern.Create("HH:mm", System.Globalization.CultureInfo.InvariantCulture).Parse(end).Value);

    static long[] OnDuty(string local, DateTimeZone zone, params RosterShift[] shifts) =>
        Roster.At(At(local, zone), zone, shifts, []).Select(d => d.VolunteerId).ToArray();

    [Theory]
    [InlineData("2026-11-23T17:59:59", new long[0])]
    [InlineData("2026-11-23T18:00:00", new long[] { 1 })]
    [InlineData("2026-11-23T21:59:59", new long[] { 1 })]
    [InlineData("2026-11-23T22:00:00", new long[0])]
    [InlineData("2026-11-30T19:00:00", new long[] { 1 })]
    public void A_monday_evening_shift_covers_exactly_its_hours_every_week(string now, long[] expected) =>
        Assert.Equal(expected, OnDuty(now, LosAngeles, Shift(1, IsoDayOfWeek.Monday, "18:00", "22:00")));

    [Theory]
    [InlineData("2026-11-27T23:30:00", true)]  // Friday before midnight
    [InlineData("2026-11-28T00:00:00", true)]  // midnight
    [InlineData("2026-11-28T01:59:00", true)]  // Saturday early hours belong to Friday's shift
    [InlineData("2026-11-28T02:00:00", false)]
    [InlineData("2026-11-27T21:59:00", false)]
    public void A_shift_past_midnight_runs_into_the_next_day(string now, bool onDuty) =>
        Assert.Equal(onDuty, OnDuty(now, LosAngeles, Shift(1, IsoDayOfWeek.Friday, "22:00", "02:00")).Length == 1);

    [Theory]
    [InlineData("2026-11-29T23:00:00", true)]  // Sunday night
    [InlineData("2026-11-30T03:00:00", true)]  // Monday early, across the week's end
    [InlineData("2026-11-30T06:00:00", false)]
    public void A_sunday_night_shift_crosses_the_end_of_the_week(string now, bool onDuty) =>
        Assert.Equal(onDuty, OnDuty(now, LosAngeles, Shift(1, IsoDayOfWeek.Sunday, "20:00", "06:00")).Length == 1);

    [Fact]
    public void A_shift_ending_at_its_start_lasts_24_hours()
    {
        var shift = Shift(1, IsoDayOfWeek.Tuesday, "08:00", "08:00");

        Assert.Single(OnDuty("2026-11-24T08:00:00", LosAngeles, shift));
        Assert.Single(OnDuty("2026-11-25T07:59:00", LosAngeles, shift));
        Assert.Empty(OnDuty("2026-11-25T08:00:00", LosAngeles, shift));
    }

    // Spring forward in Los Angeles: 2026-03-08 02:00 PST becomes 03:00 PDT.
    [Fact]
    public void A_shift_starting_in_the_spring_gap_does_not_vanish()
    {
        var shift = Shift(1, IsoDayOfWeek.Sunday, "02:00", "04:00");

        Assert.Empty(Roster.At(Instant.FromUtc(2026, 3, 8, 9, 59), LosAngeles, [shift], [])); // 01:59 PST
        Assert.Single(Roster.At(Instant.FromUtc(2026, 3, 8, 10, 0), LosAngeles, [shift], []));  // 03:00 PDT
        Assert.Single(Roster.At(Instant.FromUtc(2026, 3, 8, 10, 59), LosAngeles, [shift], [])); // 03:59 PDT
        Assert.Empty(Roster.At(Instant.FromUtc(2026, 3, 8, 11, 0), LosAngeles, [shift], []));   // 04:00 PDT
    }

    [Fact]
    public void A_shift_entirely_inside_the_spring_gap_still_happens()
    {
        var (from, until) = Roster.Occurrence(new LocalDate(2026, 3, 8), new LocalTime(2, 15), new LocalTime(2, 45),
            LosAngeles);

        Assert.True(until > from);
    }

    [Fact]
    public void Back_to_back_shifts_leave_no_gap_and_no_overlap_across_both_DST_changes()
    {
        var day = Shift(1, IsoDayOfWeek.Sunday, "00:00", "01:30");
        var night = Shift(2, IsoDayOfWeek.Sunday, "01:30", "06:00");
        foreach (var date in new[] { new LocalDate(2026, 3, 8), new LocalDate(2026, 11, 1) })
        {
            var start = date.AtMidnight().InZoneLeniently(LosAngeles).ToInstant();
            var end = date.At(new LocalTime(6, 0)).InZoneLeniently(LosAngeles).ToInstant();
            for (var t = start; t < end; t += Duration.FromMinutes(1))
                Assert.Single(Roster.At(t, LosAngeles, [day, night], []));
        }
    }

    // Fall back in Los Angeles: 2026-11-01 02:00 PDT becomes 01:00 PST, so 01:00-02:00 happens twice.
    [Fact]
    public void A_shift_in_the_autumn_overlap_is_not_doubled_and_the_next_one_takes_over()
    {
        var early = Shift(1, IsoDayOfWeek.Sunday, "00:00", "01:30");
        var later = Shift(2, IsoDayOfWeek.Sunday, "01:30", "04:00");

        // 01:15 PDT
        Assert.Equal([1L],
            Roster.At(Instant.FromUtc(2026, 11, 1, 8, 15), LosAngeles, [early, later], []).Select(d => d.VolunteerId));
        // 01:15 PST
        Assert.Equal([2L],
            Roster.At(Instant.FromUtc(2026, 11, 1, 9, 15), LosAngeles, [early, later], []).Select(d => d.VolunteerId));
        var occurrence = Roster.Occurrence(new LocalDate(2026, 11, 1), new LocalTime(0, 0), new LocalTime(1, 30),
            LosAngeles);
        Assert.Equal(Duration.FromMinutes(90), occurrence.Until - occurrence.From);
    }

    // Europe/London: 2026-03-29 01:00 GMT becomes 02:00 BST; 2026-10-25 02:00 BST becomes 01:00 GMT.
    [Theory]
    [InlineData(2026, 3, 29, 0, 30, true)]   // 00:30 GMT
    [InlineData(2026, 3, 29, 1, 30, true)]   // 02:30 BST
    [InlineData(2026, 3, 29, 2, 0, false)]   // 03:00 BST
    [InlineData(2026, 10, 25, 0, 30, true)]  // 01:30 BST
    [InlineData(2026, 10, 25, 1, 30, true)]  // 01:30 GMT, the second time round
    [InlineData(2026, 10, 25, 2, 0, true)]   // 02:00 GMT
    [InlineData(2026, 10, 25, 3, 0, false)]  // 03:00 GMT
    public void London_night_shifts_hold_across_both_changes(int y, int m, int d, int hour, int minute, bool onDuty) =>
        Assert.Equal(onDuty, Roster.At(Instant.FromUtc(y, m, d, hour, minute), London,
            [Shift(1, IsoDayOfWeek.Saturday, "22:00", "03:00")], []).Count == 1);

    [Fact]
    public void A_volunteer_off_on_a_date_loses_only_that_dates_shift()
    {
        var shift = Shift(1, IsoDayOfWeek.Monday, "18:00", "22:00");
        var off = new ShiftOverride(1, new LocalDate(2026, 11, 23), OverrideKind.Off);

        Assert.Empty(Roster.At(At("2026-11-23T19:00:00", LosAngeles), LosAngeles, [shift], [off]));
        Assert.Single(Roster.At(At("2026-11-30T19:00:00", LosAngeles), LosAngeles, [shift], [off]));
    }

    [Fact]
    public void Being_off_on_a_date_also_drops_that_nights_shift_into_the_next_morning()
    {
        var shift = Shift(1, IsoDayOfWeek.Friday, "22:00", "02:00");

        Assert.Empty(Roster.At(At("2026-11-28T01:00:00", LosAngeles), LosAngeles, [shift],
            [new ShiftOverride(1, new LocalDate(2026, 11, 27), OverrideKind.Off)]));
    }

    [Fact]
    public void A_volunteer_can_cover_a_date_for_given_hours_or_the_whole_day()
    {
        var hours = new ShiftOverride(7, new LocalDate(2026, 11, 26), OverrideKind.Cover, new LocalTime(9, 0),
            new LocalTime(13, 0));
        var wholeDay = new ShiftOverride(8, new LocalDate(2026, 11, 26), OverrideKind.Cover);

        Assert.Equal([8L, 7L], Roster.At(At("2026-11-26T10:00:00", LosAngeles), LosAngeles, [], [hours, wholeDay])
            .Select(d => d.VolunteerId));
        Assert.Equal([8L], Roster.At(At("2026-11-26T14:00:00", LosAngeles), LosAngeles, [], [hours, wholeDay])
            .Select(d => d.VolunteerId));
        Assert.Empty(Roster.At(At("2026-11-27T00:00:00", LosAngeles), LosAngeles, [], [hours, wholeDay]));
    }

    [Fact]
    public void A_volunteer_with_two_overlapping_shifts_appears_once()
    {
        var shifts = new[] { Shift(1, IsoDayOfWeek.Monday, "18:00", "22:00"),
            Shift(1, IsoDayOfWeek.Monday, "20:00", "23:00") };

        Assert.Single(Roster.At(At("2026-11-23T21:00:00", LosAngeles), LosAngeles, shifts, []));
    }
}
