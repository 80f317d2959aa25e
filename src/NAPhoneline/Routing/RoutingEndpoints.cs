using Microsoft.AspNetCore.Mvc;
using NAPhoneline.Helplines;
using NAPhoneline.Ivr;
using NAPhoneline.Requests;
using NAPhoneline.Shared;
using NAPhoneline.Telephony.Twiml;
using NAPhoneline.Telephony.Webhooks;
using NodaTime;

namespace NAPhoneline.Routing;

public static class RoutingEndpoints
{
    // The answering phone hears this before it is connected; without a 1 the leg hangs up, so a personal
    // voicemail can never take the call.
    public static async Task<IResult> Screen([FromQuery(Name = "leg")] string? legId, CallStore calls, PublicUrls urls, TimeProvider time, CancellationToken ct)
    {
        var leg = QueryIds.Long(legId);
        if (leg is null) return new VoiceResponse().Hangup().ToResult();
        var answered = await calls.LegAnsweredAsync(leg.Value, Instant.FromDateTimeOffset(time.GetUtcNow()), ct);
        if (answered is not { } a) return new VoiceResponse().Hangup().ToResult();
        var prompts = Prompts.For(a.HelplineLanguage);
        var action = urls.For("/voice/route/accept", ("leg", leg.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new VoiceResponse()
            .Gather(new GatherOptions { Input = "dtmf", NumDigits = 1, Timeout = 8, Action = action }, g =>
            {
                g.Say(prompts.Text("Whisper", a.AreaName), prompts.SayLanguage, prompts.Voice);
                if (a.CallerLanguage == "es") g.Say(prompts.Text("WhisperSpanish"), prompts.SayLanguage, prompts.Voice);
                g.Pause(1).Say(prompts.Text("Whisper", a.AreaName), prompts.SayLanguage, prompts.Voice);
            })
            .Hangup()
            .ToResult();
    }

    public static async Task<IResult> Accept(VoiceRequest twilio, [FromQuery(Name = "leg")] string? legId, CallStore calls, TimeProvider time, CancellationToken ct)
    {
        var leg = QueryIds.Long(legId);
        if (leg is null || twilio.Digits?.Trim() != "1" || !await calls.AcceptAsync(leg.Value, Instant.FromDateTimeOffset(time.GetUtcNow()), ct))
            return new VoiceResponse().Hangup().ToResult();
        // An empty continuation ends the screening document and Twilio bridges the two calls.
        return new VoiceResponse().Say(Prompts.For("en").Text("Accepted")).ToResult();
    }

    public static async Task<IResult> Next(VoiceRequest twilio, [FromQuery(Name = "call")] string? call, string? stage, string? lang,
        HelplineStore helplines, CallRouter router, IvrResponses ivr, CancellationToken ct)
    {
        var callId = QueryIds.Long(call);
        var prompts = Prompts.For(lang);
        var helpline = string.IsNullOrEmpty(twilio.To) ? null : await helplines.FindByNumberAsync(twilio.To, ct);
        if (helpline is null || callId is null) return ivr.ConnectToFallback(new VoiceResponse(), prompts, twilio.To).ToResult();
        var response = await router.DialEndedAsync(callId.Value, stage is CallRouter.Fallback or CallRouter.Global ? stage : CallRouter.Volunteers, twilio.DialCallStatus, twilio.DialCallDuration, helpline, twilio.To, prompts, ct);
        return response.ToResult();
    }

    public static async Task<IResult> LegStatus(CallStatusCallback status, [FromQuery(Name = "leg")] string? legId, CallStore calls, TimeProvider time, CancellationToken ct)
    {
        var leg = QueryIds.Long(legId);
        if (leg is null) return TypedResults.NoContent();
        await calls.LegEndedAsync(leg.Value, status.CallStatus, Instant.FromDateTimeOffset(time.GetUtcNow()), ct);
        return TypedResults.NoContent();
    }

    public static async Task<IResult> Voicemail(VoiceRequest twilio, [FromQuery(Name = "call")] string? call, string? lang,
        HelplineStore helplines, CallStore calls, RequestStore requests, TimeProvider time, CancellationToken ct)
    {
        var callId = QueryIds.Long(call);
        var prompts = Prompts.For(lang);
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var emergency = EmergencyNumbers.For(twilio.To);
        var helpline = string.IsNullOrEmpty(twilio.To) ? null : await helplines.FindByNumberAsync(twilio.To, ct);
        if (helpline is null || callId is null || string.IsNullOrEmpty(twilio.RecordingUrl) || twilio.RecordingDuration is null or <= 0)
        {
            if (callId is not null) await calls.FinishAsync(callId.Value, "no-message", null, null, now, ct);
            return new VoiceResponse().Say(prompts.Text("VoicemailNone", emergency), prompts.SayLanguage, prompts.Voice).Hangup().ToResult();
        }

        await requests.CreateAsync(new NewRequest(RequestTypes.Voicemail, helpline.Id, "helpline", prompts.Code, E164.IsCallable(twilio.From) ? twilio.From : null,
            twilio.RecordingUrl, callId, twilio.To), now, ct);
        await calls.FinishAsync(callId.Value, "voicemail", null, null, now, ct);
        return new VoiceResponse().Say(prompts.Text("VoicemailThanks", emergency), prompts.SayLanguage, prompts.Voice).Hangup().ToResult();
    }
}
