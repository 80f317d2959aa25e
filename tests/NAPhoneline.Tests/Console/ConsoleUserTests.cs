using NAPhoneline.Console;
using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Tests.Console;

// Who may do what in the console, from the structure alone (CONTRACT 11).
public sealed class ConsoleUserTests
{
    static readonly Helpline Region = new() { Id = 2, Key = "rsc", Name = "Region", Kind = "RSC",
        TimeZone = "America/Los_Angeles", Languages = ["es", "en"] };
    static readonly Helpline Area = new() { Id = 3, Key = "asc", Name = "Area", Kind = "ASC", ParentId = 2,
        TimeZone = "America/Los_Angeles" };
    static readonly Helpline Sibling = new() { Id = 4, Key = "north", Name = "North", Kind = "ASC", ParentId = 2,
        TimeZone = "America/Los_Angeles" };

    static PhonelineDirectory Build(bool patActive = true) => new(
        [Region, Area, Sibling], [("+16195550100", 3)],
        [
            new Contact(2, "coordinator", "Region Coordinator", "+13105550115", false),
            new Contact(3, "coordinator", "Robin C.", "+16195550115", false),
            new Contact(3, "hi", "H&I Chair", "+16195550112", true),
            // Pat is a volunteer and the PI chair.
            new Contact(3, "pi", "PI Chair", "+16195550121", false),
        ],
        [
            new DirectoryVolunteer(7, "v-pat", "Pat R.", "+16195550121", ["en", "es"], "female", true, patActive,
                "t1"),
            new DirectoryVolunteer(9, "v-new", "Nico", "+16195550130", ["es"], null, false, true, "t2", HomeBodyId: 4),
        ],
        [new BodyShift(3, new RosterShift(7, IsoDayOfWeek.Tuesday, new LocalTime(10, 0), new LocalTime(16, 0)))],
        [], Instant.FromUtc(2026, 11, 24, 20, 0));

    [Fact]
    public void A_coordinator_manages_their_body_and_everything_below_it()
    {
        var region = ConsoleUser.For(Build(), "+13105550115")!;
        var area = ConsoleUser.For(Build(), "+16195550115")!;

        Assert.True(region.Manages(2) && region.Manages(3) && region.Manages(4));
        Assert.True(area.Manages(3));
        Assert.False(area.Manages(2));
        Assert.False(area.Manages(4));
        Assert.True(area.IsCoordinator);
        Assert.Equal("es", region.Language);
    }

    [Fact]
    public void A_volunteer_sees_the_schedules_they_serve_on_and_manages_nothing()
    {
        var nico = ConsoleUser.For(Build(), "+16195550130")!;

        Assert.False(nico.IsCoordinator);
        Assert.True(nico.SeesSchedule(4));
        Assert.False(nico.SeesSchedule(3));
        Assert.Equal(4, nico.HomeBody);
        Assert.Equal("es", nico.Language);
    }

    [Fact]
    public void A_person_who_is_volunteer_and_chair_has_both_roles_and_a_retired_one_keeps_only_the_chair()
    {
        var pat = ConsoleUser.For(Build(), "+16195550121")!;
        Assert.NotNull(pat.Volunteer);
        Assert.True(pat.SeesSchedule(3));
        Assert.True(pat.SeesRequest(3, null, "pi", wasNotified: false));

        var retired = ConsoleUser.For(Build(patActive: false), "+16195550121")!;
        Assert.Null(retired.Volunteer);
        Assert.False(retired.SeesSchedule(3));
        Assert.True(retired.SeesRequest(3, null, "pi", wasNotified: false));
    }

    [Fact]
    public void Nobody_else_has_a_role()
    {
        Assert.Null(ConsoleUser.For(Build(), "+16195559999"));
        Assert.Null(ConsoleUser.For(Build(patActive: false), "+16195550122"));
    }

    [Fact]
    public void Chairs_see_the_requests_of_their_role_and_body_and_those_they_were_told_about()
    {
        var hi = ConsoleUser.For(Build(), "+16195550112")!;

        Assert.True(hi.SeesRequest(3, null, "hi", wasNotified: false));
        Assert.False(hi.SeesRequest(3, null, "pi", wasNotified: false));
        Assert.False(hi.SeesRequest(4, null, "hi", wasNotified: false));
        Assert.True(hi.SeesRequest(4, null, "pi", wasNotified: true));
        // A request escalated to the region is the region coordinator's, not the area's H&I chair's.
        Assert.True(ConsoleUser.For(Build(), "+13105550115")!.SeesRequest(3, 2, "hi", false));
        Assert.False(ConsoleUser.For(Build(), "+16195550115")!.SeesRequest(4, 2, "hi", false));
    }
}
