using Microsoft.AspNetCore.Mvc;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Calls;
using NAPhoneline.Shared.Requests;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;
using NAPhoneline.Telephony.Twiml;
using NAPhoneline.Telephony.Webhooks;
using NodaTime;

namespace NAPhoneline.Routing;

public static class RoutingEndpoints
{
    // The answering phone hears this before it is connected; without a 1 the leg hangs up, so a personal
    // voicemail can never take the call. Everything it needs is in the signed URL and in memory.
    public static IResult Screen(VoiceRequest twilio, [FromQuery(Name = "leg")] string? legId, string? call,
        string? body,
        string? lang, LegStore legs, HelplineDirectory directory, PublicUrls urls, TimeProvider time)
    {
        var leg = QueryIds.Long(legId);
        if (leg is null) return new VoiceResponse().Hangup().ToResult();
        var callId = QueryIds.Long(call) ?? 0;
        if (!legs.Answered(leg.Value, callId,
            Instant.FromDateTimeOffset(time.GetUtcNow()))) return new VoiceResponse().Hangup().ToResult();
        // The helpline named in the URL, else the one whose number the volunteer sees as caller ID.
        var helpline = (QueryIds.Long(body) is { } id ? directory.Current.Body(id) : null)
            ?? directory.Current.HelplineFor(twilio.From);
        var prompts = Prompts.For(helpline?.Languages[0] ?? "en");
        var area = helpline?.Name ?? "Narcotics Anonymous";
        var action = urls.For("/voice/route/accept", ("leg", legId), ("call", call), ("body", body));
        // In the helpline's own language, which every volunteer speaks; the caller's, when it is another one.
        var callerLanguage = lang is not null && Prompts.Supported.Contains(lang) && lang != prompts.Code
            ? prompts.Text("WhisperCallerLanguage", prompts.Text("LanguageName-" + lang)) : null;
        return new VoiceResponse()
            .Gather(new GatherOptions { Input = "dtmf", NumDigits = 1, Timeout = 8, Action = action }, g =>
            {
                g.Say(prompts.Text("Whisper", area), prompts.SayLanguage, prompts.Voice);
                if (callerLanguage is not null) g.Say(callerLanguage, prompts.SayLanguage, prompts.Voice);
                g.Pause(1).Say(prompts.Text("Whisper", area), prompts.SayLanguage, prompts.Voice);
            })
            .Hangup()
            .ToResult();
    }

    public static async Task<IResult> Accept(VoiceRequest twilio, [FromQuery(Name = "leg")] string? legId, string? call,
        string? body, LegStore legs, HelplineDirectory directory, TimeProvider time, CancellationToken ct)
    {
        var leg = QueryIds.Long(legId);
        var callId = QueryIds.Long(call);
        if (leg is null || callId is null || twilio.Digits?.Trim() != "1"
            || !await legs.AcceptAsync(leg.Value, callId.Value, Instant.FromDateTimeOffset(time.GetUtcNow()), ct))
            return new VoiceResponse().Hangup().ToResult();
        // An empty continuation ends the screening document and Twilio bridges the two calls.
        // The volunteer heard the whisper in the helpline's language, so this too.
        var helpline = (QueryIds.Long(body) is { } id ? directory.Current.Body(id) : null)
            ?? directory.Current.HelplineFor(twilio.From);
        var prompts = Prompts.For(helpline?.Languages[0] ?? "en");
        return new VoiceResponse().Say(prompts.Text("Accepted"), prompts.SayLanguage, prompts.Voice).ToResult();
    }

    public static async Task<IResult> Next(VoiceRequest twilio, [FromQuery(Name = "call")] string? call, string? stage,
        string? lang,
        string? since, string? body, string? prefer, HelplineDirectory directory, CallRouter router,
        VoiceAnswers answers, TimeProvider time, CancellationToken ct)
    {
        var prompts = Prompts.For(lang);
        var helpline = directory.Current.Routed(directory.Current.HelplineFor(twilio.To), QueryIds.Long(body));
        prompts = prompts.For(helpline);
        if (helpline is null || string.IsNullOrEmpty(twilio.CallSid))
            return answers.ConnectToFallback(new VoiceResponse(), prompts, twilio.To).ToResult();
        var callId = QueryIds.Long(call) ?? CallIds.ForCall(twilio.CallSid);
        var started = QueryIds.Long(since) is { } s ? Instant.FromUnixTimeSeconds(s)
            : Instant.FromDateTimeOffset(time.GetUtcNow());
        var response = await router.DialEndedAsync(new CallerOnLine(twilio.CallSid, twilio.From, twilio.To), callId,
            FallbackChain.Parse(stage), started, twilio.DialCallStatus, twilio.DialCallDuration, helpline, prompts,
            CallContext.ParseGender(prefer) ?? GenderPreference.None, ct);
        return response.ToResult();
    }

    // The caller's answer to "a woman, a man or anyone" (CONTRACT 14); then the volunteers ring.
    public static async Task<IResult> Gender(VoiceRequest twilio, string? lang, string? step, string? body,
        HelplineDirectory directory, CallRouter router, CallLog log, VoiceAnswers answers, TimeProvider time,
        CancellationToken ct)
    {
        var prompts = Prompts.For(lang);
        var helpline = directory.Current.Routed(directory.Current.HelplineFor(twilio.To), QueryIds.Long(body));
        prompts = prompts.For(helpline);
        if (helpline is null || string.IsNullOrEmpty(twilio.CallSid))
            return answers.ConnectToFallback(new VoiceResponse(), prompts, twilio.To).ToResult();
        var gender = CallContext.GenderFromKey(twilio.Digits);
        log.Path(twilio.CallSid, "gender:" + CallContext.Word(gender), prompts.Code,
            Instant.FromDateTimeOffset(time.GetUtcNow()));
        var caller = new CallerOnLine(twilio.CallSid, twilio.From, twilio.To);
        return (await router.ConnectAsync(caller, helpline, prompts, step is { Length: > 0 and <= 40 } ? step
            : "menu:TalkToMember", ct, context: new CallContext { Routed = true, Gender = gender })).ToResult();
    }

    // The answer to "press 7" (CONTRACT 15 routing.screenCallers): the digit told, then the volunteers; one retry
    // with another digit; failed twice, the voicemail.
    public static async Task<IResult> ScreenCaller(VoiceRequest twilio, string? lang, string? step, string? body,
        string? digit, string? attempt, string? prefer, HelplineDirectory directory, CallRouter router,
        VoiceAnswers answers, CancellationToken ct)
    {
        var prompts = Prompts.For(lang);
        var helpline = directory.Current.Routed(directory.Current.HelplineFor(twilio.To), QueryIds.Long(body));
        prompts = prompts.For(helpline);
        if (helpline is null || string.IsNullOrEmpty(twilio.CallSid))
            return answers.ConnectToFallback(new VoiceResponse(), prompts, twilio.To).ToResult();
        var caller = new CallerOnLine(twilio.CallSid, twilio.From, twilio.To);
        var stepName = step is { Length: > 0 and <= 40 } ? step : "menu:TalkToMember";
        var context = new CallContext { Routed = true, Gender = CallContext.ParseGender(prefer) };
        if (digit is { Length: 1 } && twilio.Digits?.Trim() == digit)
            return (await router.ConnectAsync(caller, helpline, prompts, stepName, ct,
                context: context with { Screened = true })).ToResult();
        return (QueryIds.Int(attempt) ?? 0) < 1
            ? router.ScreenCaller(new VoiceResponse(), caller, helpline, prompts, stepName, context, 1).ToResult()
            : router.ScreenFailed(caller, helpline, prompts).ToResult();
    }

    public static IResult LegStatus(CallStatusCallback status, [FromQuery(Name = "leg")] string? legId, string? call,
        LegStore legs, TimeProvider time)
    {
        if (QueryIds.Long(legId) is { } leg)
            legs.LegEnded(leg, QueryIds.Long(call) ?? 0, status.CallStatus,
                Instant.FromDateTimeOffset(time.GetUtcNow()));
        return TypedResults.NoContent();
    }

    // The voicemail at the end of the chain becomes a request someone is told about; the caller hears that only once
    // it is safe (in PostgreSQL or the local journal).
    public static async Task<IResult> Voicemail(VoiceRequest twilio, [FromQuery(Name = "call")] string? call,
        string? lang, string? body,
        HelplineDirectory directory, CallLog log, IRequestIntake intake, TimeProvider time, CancellationToken ct)
    {
        var prompts = Prompts.For(lang);
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var emergency = EmergencyNumbers.For(twilio.To);
        var helpline = directory.Current.Routed(directory.Current.HelplineFor(twilio.To), QueryIds.Long(body));
        prompts = prompts.For(helpline);
        var callId = QueryIds.Long(call) ?? (string.IsNullOrEmpty(twilio.CallSid) ? null
            : CallIds.ForCall(twilio.CallSid));
        if (helpline is null || callId is null || string.IsNullOrEmpty(twilio.RecordingUrl)
            || twilio.RecordingDuration is null or <= 0)
        {
            if (callId is not null) log.Finished(callId.Value, "no-message", null, null, now);
            return new VoiceResponse().Say(prompts.Text("VoicemailNone", emergency), prompts.SayLanguage,
                prompts.Voice).Hangup().ToResult();
        }

        await intake.LeaveAsync(new NewRequest(RequestTypes.Voicemail, helpline.Id, "helpline", prompts.Code,
            E164.IsCallable(twilio.From) ? twilio.From : null, twilio.RecordingUrl, callId, twilio.To,
            Origin: $"{twilio.CallSid}:{RequestTypes.Voicemail}"), now, ct);
        log.Finished(callId.Value, "voicemail", null, null, now);
        return new VoiceResponse().Say(prompts.Text("VoicemailThanks", emergency), prompts.SayLanguage,
            prompts.Voice).Hangup().ToResult();
    }
}
