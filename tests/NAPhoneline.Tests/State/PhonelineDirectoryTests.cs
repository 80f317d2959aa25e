using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Tests.State;

public sealed class PhonelineDirectoryTests
{
    static readonly Helpline Wso = new() { Id = 1, Key = "wso", Name = "NA World Services", Kind = "WSO",
        TimeZone = "America/Los_Angeles" };
    static readonly Helpline Region = new() { Id = 2, Key = "rsc", Name = "Region", Kind = "RSC", ParentId = 1,
        TimeZone = "America/Los_Angeles" };
    static readonly Helpline Area = new() { Id = 3, Key = "asc", Name = "Area", Kind = "ASC", ParentId = 2,
        TimeZone = "America/Los_Angeles" };

    static PhonelineDirectory Build(params (string Phone, long Body)[] numbers) => new(
        [Wso, Region, Area], numbers,
        [new Contact(3, "hi", "H&I Chair", "+16195550112", true), new Contact(2, "escalation", "RSC Chair",
            "+13105550101", true)],
        [
            new DirectoryVolunteer(7, "v-pat", "Pat R.", "+16195550121", ["en", "es"], "female", true, true,
                "token-pat"),
            new DirectoryVolunteer(8, "v-old", "Old", "+16195550121", ["en"], null, false, false, "token-old"),
            new DirectoryVolunteer(9, "v-sam", "Sam", "+16195550122", ["en"], null, false, true, "token-sam"),
        ],
        [new BodyShift(3, new RosterShift(7, IsoDayOfWeek.Tuesday, new LocalTime(10, 0), new LocalTime(16, 0))),
         new BodyShift(3, new RosterShift(8, IsoDayOfWeek.Tuesday, new LocalTime(10, 0), new LocalTime(16, 0)))],
        [new BodyOverride(3, new ShiftOverride(9, new LocalDate(2026, 11, 24), OverrideKind.Cover))],
        Instant.FromUtc(2026, 11, 24, 20, 0));

    [Fact]
    public void A_helpline_is_found_by_its_number_and_an_unknown_number_finds_none()
    {
        var directory = Build(("+16195550100", 3));
        Assert.Equal("asc", directory.HelplineFor("+16195550100")!.Key);
        Assert.Null(directory.HelplineFor("+16195550000"));
        Assert.Null(directory.HelplineFor(null));
    }

    [Fact]
    public void The_chain_runs_from_the_body_up_to_the_top() =>
        Assert.Equal(["asc", "rsc", "wso"], Build().Chain(3).Select(b => b.Key));

    [Fact]
    public void Texts_go_out_from_the_nearest_helpline_number_up_the_ladder()
    {
        Assert.Equal("+13105550100", Build(("+13105550100", 2), ("+18187730000", 1)).HelplineNumberFor(3));
        Assert.Null(Build().HelplineNumberFor(3));
    }

    [Fact]
    public void The_roster_holds_active_volunteers_with_shifts_or_covers_there()
    {
        var roster = Build().Roster(3)!;
        Assert.Equal([7L, 9L], roster.Volunteers.Keys.Order());
        // Tuesday 12:00 in San Diego: Pat by the weekly shift, Sam by the cover; the retired volunteer never.
        Assert.Equal([7L, 9L], roster.OnDutyAt(Instant.FromUtc(2026, 11, 24, 20,
            0)).Select(d => d.VolunteerId).Order());
        Assert.Equal([7L], roster.TwelfthStepOnDutyAt(Instant.FromUtc(2026, 11, 24, 20, 0)).Select(v => v.Id));
    }

    [Fact]
    public void A_shared_phone_belongs_to_the_active_volunteer() =>
        Assert.Equal("v-pat", Build().VolunteerByPhone("+16195550121")!.Key);

    [Fact]
    public void A_parent_loop_in_bad_data_cannot_hang_a_call()
    {
        var looped = new PhonelineDirectory([Wso with { ParentId = 3 }, Region, Area], [], [], [], [], [],
            Instant.MinValue);
        Assert.Equal(10, looped.Chain(3).Count);
    }
}
