using NAPhoneline.Helplines;
using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Tests.Helplines;

public sealed class VolunteerListTests
{
    const string Zone = "America/Los_Angeles";
    static readonly Helpline SanDiego = new() { Id = 1, Key = "asc-sd", Name = "San Diego", TimeZone = Zone };
    static readonly Helpline North = new() { Id = 2, Key = "asc-north", Name = "North", TimeZone = Zone };

    static DirectoryVolunteer V(long id, string key, string name, string phone, bool active = true,
        long? home = null) =>
        new(id, key, name, phone, ["en"], null, false, active, "token-" + key, home);

    static readonly PhonelineDirectory Directory = new([SanDiego, North], [],
        [],
        [
            V(1, "v-pat", "Pat R.", "+16195550121"),
            V(2, "v-jose", "José Núñez", "+16195550177", home: 1),
            V(3, "v-old", "Old Timer", "+16195550130", active: false),
            V(4, "v-morgan", "Morgan L.", "+17605550121"),
            V(5, "v-both", "Both Ways", "+17605550140"),
            V(6, "v-nowhere", "Nobody's", "+16195550150"),
        ],
        [
            new BodyShift(1, new RosterShift(1, IsoDayOfWeek.Monday, new LocalTime(9, 0), new LocalTime(12, 0))),
            new BodyShift(1, new RosterShift(3, IsoDayOfWeek.Monday, new LocalTime(9, 0), new LocalTime(12, 0))),
            new BodyShift(2, new RosterShift(4, IsoDayOfWeek.Monday, new LocalTime(9, 0), new LocalTime(12, 0))),
            new BodyShift(2, new RosterShift(5, IsoDayOfWeek.Monday, new LocalTime(9, 0), new LocalTime(12, 0))),
        ],
        [new BodyOverride(1, new ShiftOverride(5, new LocalDate(2026, 11, 24), OverrideKind.Cover))],
        Instant.FromUtc(2026, 11, 24, 20, 0));

    static string[] Keys(string? query = null, long? body = null, VolunteerStatus status = VolunteerStatus.Active,
        params long[] managed) =>
        VolunteerList.Filter(Directory, managed.Length == 0 ? new HashSet<long> { 1 } : managed.ToHashSet(), query,
            body, status).Select(r => r.Volunteer.Key).ToArray();

    [Fact]
    public void A_coordinator_sees_volunteers_by_home_body_shift_or_cover_and_nobody_else() =>
        Assert.Equal(["v-both", "v-jose", "v-pat"], Keys());

    [Fact]
    public void Retired_volunteers_are_listed_apart() =>
        Assert.Equal(["v-old"], Keys(status: VolunteerStatus.Retired));

    [Theory]
    [InlineData("0177", "v-jose")]
    [InlineData("555-0177", "v-jose")]
    [InlineData("jose", "v-jose")]
    [InlineData("NÚÑ", "v-jose")]
    [InlineData("v-pa", "v-pat")]
    [InlineData("pat", "v-pat")]
    public void Search_is_by_name_key_or_the_last_digits(string query, string key) =>
        Assert.Equal([key], Keys(query));

    [Fact]
    public void Digits_match_the_end_of_the_number_only() => Assert.Empty(Keys("1619"));

    [Fact]
    public void A_body_filter_keeps_that_body_and_refuses_one_not_managed()
    {
        Assert.Equal(["v-both", "v-morgan"], Keys(body: 2, managed: [1, 2]));
        Assert.Empty(Keys(body: 2));
    }

    [Fact]
    public void The_home_body_is_the_one_set_else_the_first_served()
    {
        Assert.Equal(1, VolunteerList.HomeBodyOf(Directory, Directory.Volunteer(2)!));
        Assert.Equal(2, VolunteerList.HomeBodyOf(Directory, Directory.Volunteer(5)!));
        Assert.Null(VolunteerList.HomeBodyOf(Directory, Directory.Volunteer(6)!));
    }
}
