using NAPhoneline.Meetings;
using NodaTime;

namespace NAPhoneline.Tests.Meetings;

public sealed class MeetingSearchTests
{
    // Downtown San Diego; the clock stands at Tuesday 2026-11-24 18:00 PST.
    const double Lat = 32.7157, Lon = -117.1611;
    static readonly Instant Now = Instant.FromUtc(2026, 11, 25, 2, 0);

    static Meeting At(string id, int weekday, int hour, int minute = 0, double km = 1,
        string zone = "America/Los_Angeles") => new()
    {
        ExternalId = id, Name = id, Weekday = weekday, Start = new TimeOnly(hour, minute), TimeZone = zone,
        Latitude = Lat + km / 111.0, Longitude = Lon,
    };

    static string[] Search(IEnumerable<Meeting> meetings, SearchOptions? options = null) =>
        MeetingSearch.Next(new MeetingIndex(meetings), Lat, Lon, Now, options ?? new SearchOptions())
            .Select(h => h.Meeting.ExternalId).ToArray();

    [Fact]
    public void Tonights_later_meetings_come_before_tomorrows_and_started_ones_drop_out_after_the_grace_period() =>
        Assert.Equal(["tonight-1855", "tonight-2000", "tomorrow-0700"], Search([
            At("tomorrow-0700", 3, 7), At("tonight-2000", 2, 20), At("tonight-1855", 2, 18, 55),
            At("started-1740", 2, 17, 40, km: 0.1),
        ]));

    [Fact]
    public void A_meeting_that_started_a_few_minutes_ago_is_still_offered()
    {
        var ids = Search([At("started-1755", 2, 17, 55), At("started-1740", 2, 17, 40)]);

        Assert.Equal(["started-1755"], ids);
    }

    [Fact]
    public void Temporarily_closed_meetings_are_left_out_and_open_only_keeps_open_ones()
    {
        var meetings = new[]
        {
            At("closed-for-now", 2, 19) with { TemporarilyClosed = true },
            At("open", 2, 20) with { Open = true },
            At("closed-meeting", 2, 19, 30) with { Open = false },
        };

        Assert.Equal(["closed-meeting", "open"], Search(meetings));
        Assert.Equal(["open"], Search(meetings, new SearchOptions { OpenOnly = true }));
    }

    [Fact]
    public void Nearby_meetings_win_when_there_are_enough_of_them()
    {
        var ids = Search([At("far-early", 2, 18, 30, km: 80), At("near-1", 2, 19, km: 2), At("near-2", 2, 20, km: 3),
            At("near-3", 2, 21, km: 4)]);

        Assert.Equal(["near-1", "near-2", "near-3"], ids);
    }

    [Fact]
    public void A_rural_caller_still_hears_the_nearest_towns_meetings() =>
        Assert.Equal(["town-a", "town-b"],
            Search([At("town-a", 2, 19, km: 60), At("town-b", 2, 20, km: 70), At("too-far", 2, 19, km: 400)]));

    [Fact]
    public void Each_meeting_starts_in_its_own_time_zone()
    {
        // Phoenix keeps MST all year: its 19:00 is 02:00 UTC, which is now; Los Angeles' 19:00 is an hour later.
        var phoenix = At("phoenix-1900", 2, 19, zone: "America/Phoenix");
        var la = At("la-1900", 2, 19);

        var hits = MeetingSearch.Next(new MeetingIndex([phoenix, la]), Lat, Lon, Now, new SearchOptions());

        Assert.Equal(["phoenix-1900", "la-1900"], hits.Select(h => h.Meeting.ExternalId));
        Assert.Equal(Instant.FromUtc(2026, 11, 25, 2, 0), hits[0].Starts);
        Assert.Equal(Instant.FromUtc(2026, 11, 25, 3, 0), hits[1].Starts);
    }

    [Fact]
    public void Distances_are_great_circle_kilometres() =>
        // San Diego to Los Angeles
        Assert.InRange(MeetingSearch.DistanceKm(32.7157, -117.1611, 34.0522, -118.2437), 178, 181);

    [Fact]
    public void The_index_finds_meetings_across_cell_edges_and_the_antimeridian()
    {
        var index = new MeetingIndex([
            new Meeting { ExternalId = "fiji-east", Name = "a", Weekday = 0, Start = new TimeOnly(9, 0),
                TimeZone = "Pacific/Fiji", Latitude = -17.0, Longitude = 179.95 },
            new Meeting { ExternalId = "fiji-west", Name = "b", Weekday = 0, Start = new TimeOnly(9, 0),
                TimeZone = "Pacific/Fiji", Latitude = -17.0, Longitude = -179.95 },
        ]);

        Assert.Equal(2, index.Within(-17.0, 179.99, 20).Count());
    }
}
