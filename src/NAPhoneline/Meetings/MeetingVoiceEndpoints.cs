using NAPhoneline.Helplines;
using NAPhoneline.Ivr;
using NAPhoneline.Notifications;
using NAPhoneline.Routing;
using NAPhoneline.Shared;
using NAPhoneline.Telephony.Twiml;
using NAPhoneline.Telephony.Webhooks;
using NodaTime;

namespace NAPhoneline.Meetings;

public static class MeetingVoiceEndpoints
{
    // The answer to "enter your ZIP code or say your city".
    public static async Task<IResult> Place(VoiceRequest call, string? lang, string? attempt, HelplineStore helplines, MeetingVoice voice,
        CallRouter router, IvrResponses ivr, TimeProvider time, CancellationToken ct)
    {
        var prompts = Prompts.For(lang);
        var helpline = string.IsNullOrEmpty(call.To) ? null : await helplines.FindByNumberAsync(call.To, ct);
        if (helpline is null || string.IsNullOrEmpty(call.CallSid)) return ivr.ConnectToFallback(new VoiceResponse(), prompts, call.To).ToResult();

        var place = await voice.FindAsync(call.Digits, call.SpeechResult, helpline, ct);
        if (place is null)
        {
            var sorry = new VoiceResponse().Say(prompts.Text("PlaceNotUnderstood"), prompts.SayLanguage, prompts.Voice);
            return (QueryIds.Int(attempt) ?? 0) < 1
                ? (await voice.AskForPlaceAsync(sorry, helpline, prompts, 1, ct)).ToResult()
                : (await router.StartAsync(call.CallSid, call.From, helpline, call.To, prompts, "meetings:place-not-found", ct, preface: sorry)).ToResult();
        }
        // Distances in the unit of the helpline's country.
        place = place with { Country = E164.Region(call.To) ?? place.Country };
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var hits = await voice.PageAsync(place, now, 0, ct);
        if (hits.Count == 0)
        {
            var none = new VoiceResponse().Say(prompts.Text("NoMeetingsSpoken", place.Name), prompts.SayLanguage, prompts.Voice);
            return (await router.StartAsync(call.CallSid, call.From, helpline, call.To, prompts, "meetings:none", ct, preface: none)).ToResult();
        }
        return voice.Read(new VoiceResponse(), hits, place, PlaceRef.From(place), 0, now, prompts).ToResult();
    }

    // 1 text them, 2 more, 3 a person; silence hears the choices once more, then a goodbye.
    public static async Task<IResult> Next(VoiceRequest call, string? lang, string? page, string? repeat, string? place, string? lat, string? lon, string? country,
        HelplineStore helplines, MeetingVoice voice, CallRouter router, MessageOutbox outbox, IvrResponses ivr, TimeProvider time, CancellationToken ct)
    {
        var prompts = Prompts.For(lang);
        var helpline = string.IsNullOrEmpty(call.To) ? null : await helplines.FindByNumberAsync(call.To, ct);
        var where = PlaceRef.ToPlace(place, lat, lon, country);
        if (helpline is null || where is null || string.IsNullOrEmpty(call.CallSid)) return ivr.ConnectToFallback(new VoiceResponse(), prompts, call.To).ToResult();
        var reference = PlaceRef.From(where);
        var current = Math.Clamp(QueryIds.Int(page) ?? 0, 0, 20);
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());

        switch (call.Digits?.Trim())
        {
            case "1":
                var hits = await voice.PageAsync(where, now, current, ct);
                if (hits.Count > 0 && E164.IsValid(call.From))
                    await outbox.QueueAsync(call.From!, call.To!, MeetingWords.Sms(hits, where, where.Name, now, Prompts.For(lang)), now, ct);
                var sent = new VoiceResponse().Say(prompts.Text("MeetingsTexted"), prompts.SayLanguage, prompts.Voice);
                return voice.Options(sent, reference, current, prompts, 0).ToResult();
            case "2":
                var more = await voice.PageAsync(where, now, current + 1, ct);
                if (more.Count == 0)
                    return voice.Options(new VoiceResponse().Say(prompts.Text("NoMoreMeetings", where.Name), prompts.SayLanguage, prompts.Voice), reference, current, prompts, 0).ToResult();
                return voice.Read(new VoiceResponse(), more, where, reference, current + 1, now, prompts).ToResult();
            case "3":
                return (await router.StartAsync(call.CallSid, call.From, helpline, call.To, prompts, "meetings:talk", ct)).ToResult();
            default:
                var tries = (QueryIds.Int(repeat) ?? 0) + 1;
                return tries < 2
                    ? voice.Options(new VoiceResponse(), reference, current, prompts, tries).ToResult()
                    : new VoiceResponse().Say(prompts.Text("Goodbye"), prompts.SayLanguage, prompts.Voice).Hangup().ToResult();
        }
    }
}
