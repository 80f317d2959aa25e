using NAPhoneline.Shared.Voice;
using NAPhoneline.State;
using NAPhoneline.Telephony.Twiml;

namespace NAPhoneline.Regions;

public enum RouteReason { PostalCode, Place, NearestMeetings, NotCovered, NotUnderstood }

// Where a call to a regional number goes and why: the body, the rule and the coverage entry that matched.
public sealed record LocationRoute(Helpline Body, RouteReason Reason, string? Match)
{
    public string Why => LocationRouting.Word(Reason);

    // "Connecting you to the North County Area helpline": the caller hears where the call went.
    public VoiceResponse Said(VoiceResponse response, Prompts prompts) =>
        response.Say(prompts.Text("RoutedTo", Body.Name), prompts.SayLanguage, prompts.Voice);
}

// Which body answers a caller at a place (CONTRACT 14). Pure: the bodies with coverage and the body of the nearest
// meetings come in; the caller's place name arrives normalised (PlaceNames.Normalize).
// - the deepest body whose coverage holds the place wins: a postal-code prefix ("921" holds 92101; of two bodies
//   at one depth, the longer prefix) or a place name;
// - else the body in the region that holds the nearest meetings;
// - else, and when the caller could not be understood, the regional body itself: never a dead end.
public static class LocationRouting
{
    public static LocationRoute Decide(Helpline region, IReadOnlyList<CoveredBody> covered, CallerLocation where,
        Helpline? nearestMeetingsBody)
    {
        if (where.IsUnknown) return new(region, RouteReason.NotUnderstood, null);
        var code = where.PostalCode;
        var best = covered
            .Select(c => (c.Body, c.Depth,
                Prefix: code is null ? null : c.Body.CoveragePostalCodes
                    .Where(p => code.StartsWith(p, StringComparison.Ordinal)).MaxBy(p => p.Length),
                Place: where.PlaceName is { } name && Array.IndexOf(c.Body.CoveragePlaceKeys, name) is var i and >= 0
                    ? c.Body.CoveragePlaces[i] : null))
            .Where(x => x.Prefix is not null || x.Place is not null)
            .OrderByDescending(x => x.Depth).ThenByDescending(x => x.Prefix?.Length ?? 0)
            .ThenBy(x => x.Body.Key, StringComparer.Ordinal)
            .FirstOrDefault();
        if (best.Body is not null)
            return best.Prefix is not null ? new(best.Body, RouteReason.PostalCode, best.Prefix)
                : new(best.Body, RouteReason.Place, best.Place);
        return nearestMeetingsBody is not null
            ? new(nearestMeetingsBody, RouteReason.NearestMeetings, null)
            : new(region, RouteReason.NotCovered, null);
    }

    public static string Word(RouteReason reason) => reason switch
    {
        RouteReason.PostalCode => "postal-code",
        RouteReason.Place => "place",
        RouteReason.NearestMeetings => "nearest-meetings",
        RouteReason.NotCovered => "not-covered",
        _ => "not-understood",
    };
}
