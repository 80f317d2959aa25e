using NAPhoneline.Regions;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;

namespace NAPhoneline.Tests.Regions;

// CONTRACT 14: which body answers a caller at a place.
public sealed class LocationRoutingTests
{
    static readonly Helpline Region = new() { Id = 1, Key = "rsc", Name = "Region" };
    static readonly Helpline City = new()
    {
        Id = 2, Key = "asc-city", Name = "City Area", ParentId = 1, CoveragePostalCodes = ["920", "921"],
        CoveragePlaces = ["San Diego", "Chula Vista"],
    };
    static readonly Helpline East = new()
    {
        Id = 3, Key = "asc-east", Name = "East Area", ParentId = 1, CoveragePostalCodes = ["92020"],
        CoveragePlaces = ["El Cajon"],
    };
    // A district inside the city area, one level deeper.
    static readonly Helpline Downtown = new()
    {
        Id = 4, Key = "d-downtown", Name = "Downtown District", ParentId = 2, CoveragePlaces = ["San Diego"],
    };

    static readonly IReadOnlyList<CoveredBody> Covered = [new(City, 1), new(East, 1), new(Downtown, 2)];

    static LocationRoute Route(string? code, string? place, Helpline? nearest = null) =>
        LocationRouting.Decide(Region, Covered, new CallerLocation(code, place, 32.7, -117.1), nearest);

    [Fact]
    public void A_postal_prefix_routes_to_its_area_and_says_which_prefix_matched()
    {
        var route = Route("92101", null);
        Assert.Equal(("asc-city", RouteReason.PostalCode, "921"), (route.Body.Key, route.Reason, route.Match));
        Assert.Equal("postal-code", route.Why);
    }

    [Fact]
    public void Of_two_areas_at_one_depth_the_longer_prefix_wins()
    {
        Assert.Equal("asc-east", Route("92020", null).Body.Key);
        Assert.Equal("asc-city", Route("92021", null).Body.Key);
    }

    [Fact]
    public void The_deepest_covering_body_wins_over_a_longer_prefix_above_it()
    {
        // 92101 is the city area's by prefix; "san diego" is also the district's, one level deeper.
        var route = Route("92101", "san diego");
        Assert.Equal(("d-downtown", RouteReason.Place, "San Diego"), (route.Body.Key, route.Reason, route.Match));
    }

    [Fact]
    public void A_place_name_matches_as_written_in_the_coverage()
    {
        var route = Route(null, "chula vista");
        Assert.Equal(("asc-city", RouteReason.Place, "Chula Vista"), (route.Body.Key, route.Reason, route.Match));
        Assert.Equal("asc-east", Route(null, "el cajon").Body.Key);
    }

    [Fact]
    public void A_place_nobody_lists_goes_to_the_body_of_the_nearest_meetings_else_to_the_region()
    {
        var nearest = Route(null, "lemon grove", nearest: East);
        Assert.Equal(("asc-east", RouteReason.NearestMeetings), (nearest.Body.Key, nearest.Reason));
        var nobody = Route("10001", "new york");
        Assert.Equal(("rsc", RouteReason.NotCovered, (string?)null), (nobody.Body.Key, nobody.Reason, nobody.Match));
    }

    [Fact]
    public void A_caller_who_could_not_be_understood_gets_the_region_never_a_dead_end()
    {
        var route = LocationRouting.Decide(Region, Covered, CallerLocation.Unknown, East);
        Assert.Equal(("rsc", RouteReason.NotUnderstood), (route.Body.Key, route.Reason));
    }

    [Fact]
    public void A_region_with_no_covered_areas_keeps_every_call()
    {
        var route = LocationRouting.Decide(Region, [], new CallerLocation("92101", "san diego", 1, 1), null);
        Assert.Equal(("rsc", RouteReason.NotCovered), (route.Body.Key, route.Reason));
    }
}
