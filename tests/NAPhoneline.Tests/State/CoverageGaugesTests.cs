using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Tests.State;

public sealed class CoverageGaugesTests
{
    static readonly DateTimeZone LosAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];

    static Instant Local(int d, int h) => LosAngeles.AtLeniently(new LocalDateTime(2026, 11, d, h, 0)).ToInstant();

    static RosterShift Shift(long volunteer, IsoDayOfWeek day, int start, int end) =>
        new(volunteer, day, new LocalTime(start, 0), new LocalTime(end, 0));

    static RosterSnapshot Roster(params RosterShift[] shifts) => new(LosAngeles, shifts, [],
        new Dictionary<long, RosterVolunteer>
        {
            [1] = new(1, "v-1", "One", "+16195550001", ["en"], true),
            [2] = new(2, "v-2", "Two", "+16195550002", ["en"], false),
        });

    [Fact]
    public void Covered_for_is_the_time_until_the_first_hour_nobody_serves()
    {
        // Tuesday 12:00: one until 17, the other 15 to 20; nobody after 20.
        var roster = Roster(Shift(1, IsoDayOfWeek.Tuesday, 9, 17), Shift(2, IsoDayOfWeek.Tuesday, 15, 20));

        var at = CoverageGauges.For("asc-sd", roster, Local(24, 12));

        Assert.Equal(new CoverageGauges.BodyCoverage("asc-sd", 1, Duration.FromHours(8)), at);
        Assert.Equal(2, CoverageGauges.For("asc-sd", roster, Local(24, 16)).OnDuty);
    }

    [Fact]
    public void Nobody_now_is_zero_and_a_full_day_is_the_horizon()
    {
        Assert.Equal(new CoverageGauges.BodyCoverage("b", 0, Duration.Zero),
            CoverageGauges.For("b", Roster(Shift(1, IsoDayOfWeek.Tuesday, 9, 17)), Local(24, 20)));

        RosterShift[] allWeek = [.. Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None)
            .Select(d => Shift(1, d, 0, 0))];
        Assert.Equal(CoverageGauges.Horizon, CoverageGauges.For("b", Roster(allWeek), Local(24, 20)).CoveredFor);
    }

    [Fact]
    public void A_volunteer_no_longer_active_does_not_count_as_on_duty()
    {
        var roster = Roster(Shift(9, IsoDayOfWeek.Tuesday, 0, 0));
        Assert.Equal(new CoverageGauges.BodyCoverage("b", 0, Duration.Zero),
            CoverageGauges.For("b", roster, Local(24, 12)));
    }
}
