using System.Globalization;
using NAPhoneline.Meetings;
using NAPhoneline.Meetings.Places;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Calls;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;
using NAPhoneline.Telephony.Twiml;
using NodaTime;

namespace NAPhoneline.Regions;

// A regional number (CONTRACT 14): asks where the caller is, finds the body that answers there (LocationRouting),
// and notes on the call where it went and why. Everything from memory: the directory, the place data, the meetings.
public sealed class RegionalRouter(HelplineDirectory directory, PlaceDirectory places, MeetingVoice meetings,
    MeetingCatalog catalog, CallLog log, PublicUrls urls)
{
    // Meetings further than this from the caller say nothing about which area they are in.
    public const double NearestMeetingsKm = 50;

    public bool RoutesByLocation(Helpline helpline) => directory.Current.RoutesByLocation(helpline.Id);

    // "Enter your ZIP code or say your city", then /voice/route/where carries on to `next` ("talk" or a request
    // type) with the same step.
    public VoiceResponse Ask(VoiceResponse response, Helpline region, Prompts prompts, string next, string step,
        int attempt)
    {
        var action = urls.For("/voice/route/where", ("lang", prompts.Code), ("next", next), ("step", step),
            ("attempt", attempt.ToString(CultureInfo.InvariantCulture)));
        return response
            .Gather(new GatherOptions
            {
                Input = "dtmf speech", NumDigits = region.PostalCodeDigits ?? 5, FinishOnKey = "#", Timeout = 8,
                SpeechTimeout = "auto", Language = prompts.SayLanguage, Hints = meetings.Hints(region),
                Action = action, ActionOnEmptyResult = true,
            }, g => g.Say(prompts.Text("AskPlaceForRouting"), prompts.SayLanguage, prompts.Voice))
            .Redirect(action);
    }

    // What the caller keyed or said, as a location: the postal code as given, and the place it names.
    public CallerLocation Locate(string? digits, string? speech, Helpline region)
    {
        var keyed = Code(digits);
        var spokenCode = keyed is null && !string.IsNullOrWhiteSpace(speech) && places.PostalCode(speech) is not null
            ? Code(speech) : null;
        var place = meetings.Find(digits, speech, region);
        var code = keyed ?? spokenCode;
        if (code is null && place is null) return CallerLocation.Unknown;
        return new CallerLocation(code, place is null ? null : PlaceDirectory.Normalize(place.Name), place?.Latitude,
            place?.Longitude);
    }

    // A place found elsewhere on the call (the meeting search) as a location.
    public static CallerLocation From(string? name, double latitude, double longitude) =>
        new(null, string.IsNullOrWhiteSpace(name) ? null : PlaceDirectory.Normalize(name), latitude, longitude);

    public LocationRoute Decide(Helpline region, CallerLocation where)
    {
        var state = directory.Current;
        var covered = state.CoveredBelow(region.Id);
        Helpline? nearest = null;
        // Only when no list holds the place: the meetings around it say which area it is in.
        if (where.Latitude is { } lat && where.Longitude is { } lon
            && LocationRouting.Decide(region, covered, where, null).Reason == RouteReason.NotCovered)
        {
            var closest = catalog.Index.Within(lat, lon, NearestMeetingsKm)
                .Where(m => m.Meeting.ServiceBodyId is { } b && b != region.Id
                    && state.Chain(b).Any(above => above.Id == region.Id))
                .OrderBy(m => m.DistanceKm).FirstOrDefault();
            if (closest.Meeting?.ServiceBodyId is { } id) nearest = state.Body(id);
        }
        return LocationRouting.Decide(region, covered, where, nearest);
    }

    // Decides and writes down where the call went: it is counted under that body from now on.
    public LocationRoute Route(CallerOnLine caller, Helpline region, CallerLocation where, Instant now)
    {
        var route = Decide(region, where);
        if (caller.CallSid.Length > 0)
        {
            log.Path(caller.CallSid, "route:" + route.Why, null, now);
            log.Routed(caller.CallSid, route.Body.Id, region.Id, route.Why, route.Match, now);
        }
        return route;
    }

    static string? Code(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var code = new string(text.Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();
        return code.Length is >= 3 and <= 10 && code.Any(char.IsAsciiDigit) ? code : null;
    }
}
