using NAPhoneline.Notifications;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Calls;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;
using NAPhoneline.Telephony.Twiml;
using NAPhoneline.Telephony.Webhooks;
using NodaTime;

namespace NAPhoneline.Meetings;

// Meetings by voice, answered from memory (the meeting index, the place files and the local place names).
public static class MeetingVoiceEndpoints
{
    // The answer to "enter your ZIP code or say your city".
    public static async Task<IResult> Place(VoiceRequest call, string? lang, string? attempt,
        HelplineDirectory directory,
        MeetingVoice voice, IPersonConnector people, VoiceAnswers answers, TimeProvider time, CancellationToken ct)
    {
        var prompts = Prompts.For(lang);
        var helpline = directory.Current.HelplineFor(call.To);
        prompts = prompts.For(helpline);
        if (helpline is null || string.IsNullOrEmpty(call.CallSid))
            return answers.ConnectToFallback(new VoiceResponse(), prompts, call.To).ToResult();
        var caller = new CallerOnLine(call.CallSid, call.From, call.To);

        var place = voice.Find(call.Digits, call.SpeechResult, helpline);
        if (place is null)
        {
            var sorry = new VoiceResponse().Say(prompts.Text("PlaceNotUnderstood"), prompts.SayLanguage, prompts.Voice);
            return (QueryIds.Int(attempt) ?? 0) < 1
                ? voice.AskForPlace(sorry, helpline, prompts, 1).ToResult()
                : (await people.ConnectAsync(caller, helpline, prompts, "meetings:place-not-found", ct,
                    preface: sorry, new CallContext { Location = CallerLocation.Unknown })).ToResult();
        }
        // Distances in the unit of the helpline's country.
        place = place with { Country = E164.Region(call.To) ?? place.Country };
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var hits = voice.Page(place, now, 0);
        if (hits.Count == 0)
        {
            var none = new VoiceResponse().Say(prompts.Text("NoMeetingsSpoken", place.Name), prompts.SayLanguage,
                prompts.Voice);
            return (await people.ConnectAsync(caller, helpline, prompts, "meetings:none", ct,
                preface: none, Located(place))).ToResult();
        }
        return voice.Read(new VoiceResponse(), hits, place, PlaceRef.From(place), 0, now, prompts).ToResult();
    }

    // The place the caller gave for meetings: a regional number routes by it rather than ask again.
    static CallContext Located(Places.Place place) => new()
    {
        Location = new CallerLocation(null, Places.PlaceDirectory.Normalize(place.Name), place.Latitude,
            place.Longitude),
    };

    // 1 text them, 2 more, 3 a person; silence hears the choices once more, then a goodbye.
    public static async Task<IResult> Next(VoiceRequest call, string? lang, string? page, string? repeat,
        string? place, string? lat,
        string? lon, string? country, HelplineDirectory directory, MeetingVoice voice, IPersonConnector people,
            MessageOutbox outbox,
        VoiceAnswers answers, CallLog log, TimeProvider time, CancellationToken ct)
    {
        var prompts = Prompts.For(lang);
        var helpline = directory.Current.HelplineFor(call.To);
        prompts = prompts.For(helpline);
        var where = PlaceRef.ToPlace(place, lat, lon, country);
        if (helpline is null || where is null || string.IsNullOrEmpty(call.CallSid))
            return answers.ConnectToFallback(new VoiceResponse(), prompts, call.To).ToResult();
        var reference = PlaceRef.From(where);
        var current = Math.Clamp(QueryIds.Int(page) ?? 0, 0, 20);
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());

        switch (call.Digits?.Trim())
        {
            case "1":
                var hits = voice.Page(where, now, current);
                if (hits.Count > 0 && E164.IsValid(call.From))
                {
                    outbox.Queue(call.From!, call.To!, MeetingWords.Sms(hits, where, where.Name, now,
                        prompts), now);
                    // Reports count the meeting lists texted from the call's path.
                    log.Path(call.CallSid, "meetings:texted", prompts.Code, now);
                }
                var sent = new VoiceResponse().Say(prompts.Text("MeetingsTexted"), prompts.SayLanguage, prompts.Voice);
                return voice.Options(sent, reference, current, prompts, 0).ToResult();
            case "2":
                var more = voice.Page(where, now, current + 1);
                if (more.Count == 0)
                    return voice.Options(new VoiceResponse().Say(prompts.Text("NoMoreMeetings", where.Name),
                        prompts.SayLanguage, prompts.Voice),
                        reference, current, prompts, 0).ToResult();
                return voice.Read(new VoiceResponse(), more, where, reference, current + 1, now, prompts).ToResult();
            case "3":
                return (await people.ConnectAsync(new CallerOnLine(call.CallSid, call.From, call.To), helpline,
                    prompts, "meetings:talk",
                    ct, context: Located(where))).ToResult();
            default:
                var tries = (QueryIds.Int(repeat) ?? 0) + 1;
                return tries < 2
                    ? voice.Options(new VoiceResponse(), reference, current, prompts, tries).ToResult()
                    : new VoiceResponse().Say(prompts.Text("Goodbye"), prompts.SayLanguage,
                        prompts.Voice).Hangup().ToResult();
        }
    }
}
