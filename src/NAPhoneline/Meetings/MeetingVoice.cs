using System.Globalization;
using NAPhoneline.Shared.Voice;
using NAPhoneline.Meetings.Places;
using NAPhoneline.Shared;
using NAPhoneline.State;
using NAPhoneline.Telephony.Twiml;
using NodaTime;

namespace NAPhoneline.Meetings;

// Menu option 1 by voice: a postal code on the keypad or a city by speech, three meetings read out, then 1 to get
// them by text, 2 for more, 3 to talk to someone. An unknown place gets one retry, then a person.
public sealed class MeetingVoice(
    PublicUrls urls, MeetingCatalog meetings, PlaceDirectory places, LocalPlaces localPlaces)
{
    public const int PerPage = 3;

    public VoiceResponse AskForPlace(VoiceResponse response, Helpline helpline, Prompts prompts, int attempt)
    {
        var action = urls.For("/voice/meetings/place",
            ("lang", prompts.Code), ("attempt", attempt.ToString(CultureInfo.InvariantCulture)));
        return response
            .Gather(new GatherOptions
            {
                Input = "dtmf speech", NumDigits = helpline.PostalCodeDigits ?? 5, FinishOnKey = "#", Timeout = 8,
                SpeechTimeout = "auto",
                Language = prompts.SayLanguage, Hints = Hints(helpline), Action = action, ActionOnEmptyResult = true,
            }, g => g.Say(prompts.Text("AskPlace"), prompts.SayLanguage, prompts.Voice))
            .Redirect(action);
    }

    public Place? Find(string? digits, string? speech, Helpline helpline)
    {
        if (!string.IsNullOrWhiteSpace(digits)) return places.PostalCode(digits);
        if (string.IsNullOrWhiteSpace(speech)) return null;
        // "nine two one oh one" arrives as digits with spaces: try it as a postal code first, then the area's own
        // names.
        var near = meetings.Centre(helpline.Id);
        return places.PostalCode(speech)
            ?? localPlaces.Find(speech, helpline.Id)
            ?? places.City(speech, near?.Lat, near?.Lon);
    }

    public IReadOnlyList<MeetingHit> Page(Place place, Instant now, int page)
    {
        var hits = MeetingSearch.Next(meetings.Index, place.Latitude, place.Longitude, now,
            new SearchOptions { Count = PerPage * (page + 1) });
        return hits.Skip(PerPage * page).ToList();
    }

    public VoiceResponse Read(
        VoiceResponse response, IReadOnlyList<MeetingHit> hits, Place place, PlaceRef where, int page, Instant now,
        Prompts prompts)
    {
        response.Say(prompts.Text("MeetingsIntro", place.Name), prompts.SayLanguage, prompts.Voice);
        foreach (var hit in hits)
            response.Say(MeetingWords.Spoken(hit, place, now, prompts), prompts.SayLanguage, prompts.Voice).Pause(1);
        return Options(response, where, page, prompts, repeat: 0);
    }

    public VoiceResponse Options(VoiceResponse response, PlaceRef where, int page, Prompts prompts, int repeat)
    {
        var action = urls.For("/voice/meetings/next",
            ("lang", prompts.Code), ("page", page.ToString(CultureInfo.InvariantCulture)),
            ("repeat", repeat.ToString(CultureInfo.InvariantCulture)), ("place", where.Name), ("lat", where.Lat),
            ("lon", where.Lon), ("country", where.Country));
        return response
            .Gather(new GatherOptions
                {
                    Input = "dtmf", NumDigits = 1, Timeout = 6, Action = action, ActionOnEmptyResult = true
                },
                g => g.Say(prompts.Text("MeetingOptions"), prompts.SayLanguage, prompts.Voice))
            .Redirect(action);
    }

    // Speech recognition does better when it knows the local place names: the largest towns near the helpline,
    // worked out once per helpline and kept (they change only when its meetings move far).
    readonly System.Collections.Concurrent.ConcurrentDictionary<long, string?> hints = new();

    public string? Hints(Helpline helpline)
    {
        if (hints.TryGetValue(helpline.Id, out var known)) return known;
        var local = localPlaces.Names(helpline.Id);
        var nearby = meetings.Centre(helpline.Id) is { } centre ? places.Near(centre.Lat, centre.Lon, 150, 50) : [];
        var found = local.Count + nearby.Count == 0 ? null : string.Join(",", local.Concat(nearby).Distinct().Take(60));
        if (found is not null) hints[helpline.Id] = found;
        return found;
    }
}

// A found place as it travels in our own signed callback URLs.
public sealed record PlaceRef(string Name, string Lat, string Lon, string Country)
{
    public static PlaceRef From(Place place) => new(
        place.Name, place.Latitude.ToString("0.####", CultureInfo.InvariantCulture),
        place.Longitude.ToString("0.####", CultureInfo.InvariantCulture), place.Country);

    public static Place? ToPlace(string? name, string? lat, string? lon, string? country) =>
        double.TryParse(lat, NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude)
        && latitude is >= -90 and <= 90
        && double.TryParse(lon, NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude)
        && longitude is >= -180 and <= 180
            ? new Place(name ?? "", "", country ?? "", latitude, longitude, 0)
            : null;
}
