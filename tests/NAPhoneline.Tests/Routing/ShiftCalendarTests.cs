using NAPhoneline.State;
using NAPhoneline.Routing;
using NodaTime;

namespace NAPhoneline.Tests.Routing;

public sealed class ShiftCalendarTests
{
    static readonly DateTimeZone LosAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];

    static VolunteerShift Shift(IsoDayOfWeek day, int start, int end) =>
        new("asc-sd", "San Diego Area", LosAngeles,
            new RosterShift(1, day, new LocalTime(start, 0), new LocalTime(end, 0)));

    [Fact]
    public void Lists_the_coming_occurrences_in_order_including_the_one_under_way()
    {
        var now = Instant.FromUtc(2026, 11, 24, 20, 0); // Tuesday 12:00 in San Diego

        var upcoming = ShiftCalendar.Upcoming(now, 7,
            [Shift(IsoDayOfWeek.Tuesday, 10, 16), Shift(IsoDayOfWeek.Friday, 22, 2)], []);

        Assert.Equal(Instant.FromUtc(2026, 11, 24, 18, 0), upcoming[0].From);
        Assert.Equal(Instant.FromUtc(2026, 11, 28, 6, 0), upcoming[1].From);
        Assert.Equal(Duration.FromHours(4), upcoming[1].Until - upcoming[1].From);
        Assert.Equal(Instant.FromUtc(2026, 12, 1, 18, 0), upcoming[2].From);
    }

    [Fact]
    public void Keeps_wall_clock_times_across_the_autumn_change()
    {
        var now = Instant.FromUtc(2026, 10, 26, 0, 0);

        var upcoming = ShiftCalendar.Upcoming(now, 14, [Shift(IsoDayOfWeek.Monday, 18, 22)], []);

        Assert.Equal(new LocalTime(18, 0), upcoming[0].From.InZone(LosAngeles).TimeOfDay); // PDT
        Assert.Equal(new LocalTime(18, 0), upcoming[1].From.InZone(LosAngeles).TimeOfDay); // PST
        Assert.Equal(Duration.FromHours(169), upcoming[1].From - upcoming[0].From);
    }

    [Fact]
    public void Days_off_are_left_out_and_covers_are_added()
    {
        var now = Instant.FromUtc(2026, 11, 24, 20, 0);
        var overrides = new[]
        {
            ("asc-sd", new ShiftOverride(1, new LocalDate(2026, 12, 1), OverrideKind.Off)),
            ("asc-sd", new ShiftOverride(1, new LocalDate(2026, 11, 26), OverrideKind.Cover, new LocalTime(9, 0),
                new LocalTime(12, 0))),
        };

        var upcoming = ShiftCalendar.Upcoming(now, 8, [Shift(IsoDayOfWeek.Tuesday, 10, 16)], overrides);

        Assert.Equal([new LocalDate(2026, 11, 24), new LocalDate(2026, 11, 26)],
            upcoming.Select(o => o.From.InZone(LosAngeles).Date));
    }
}
