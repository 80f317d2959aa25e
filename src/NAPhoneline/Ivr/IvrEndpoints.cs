using System.Globalization;
using NAPhoneline.Helplines;
using NAPhoneline.Meetings;
using NAPhoneline.Requests;
using NAPhoneline.Routing;
using NAPhoneline.Shared;
using NAPhoneline.Telephony.Twiml;
using NAPhoneline.Telephony.Webhooks;
using NodaTime;

namespace NAPhoneline.Ivr;

public static class IvrEndpoints
{
    public static async Task<IResult> Incoming(VoiceRequest call, HelplineStore helplines, CallStore calls, IvrResponses twiml, TimeProvider time,
        ILogger<IvrResponses> log, CancellationToken ct)
    {
        var helpline = string.IsNullOrEmpty(call.To) ? null : await helplines.FindByNumberAsync(call.To, ct);
        log.LogInformation("Call {CallSid} from {From} to {To}: helpline {Helpline}", call.CallSid, E164.Mask(call.From), call.To, helpline?.Key ?? "(unknown)");
        if (!string.IsNullOrEmpty(call.CallSid))
            await calls.RecordIncomingAsync(call.CallSid, helpline?.Id, E164.Mask(call.From), Instant.FromDateTimeOffset(time.GetUtcNow()), ct);
        if (helpline is null) return twiml.UnknownHelpline(call.To).ToResult();
        return helpline.Languages.Length > 1
            ? twiml.LanguageChoice(helpline, call.To).ToResult()
            : twiml.Welcome(helpline, Prompts.For(helpline.Languages[0]), call.To).ToResult();
    }

    public static async Task<IResult> LanguageChosen(VoiceRequest call, HelplineStore helplines, IvrResponses twiml, CancellationToken ct)
    {
        var helpline = string.IsNullOrEmpty(call.To) ? null : await helplines.FindByNumberAsync(call.To, ct);
        if (helpline is null) return twiml.UnknownHelpline(call.To).ToResult();
        // No key or a wrong key: the first language rather than another question.
        var index = int.TryParse(call.Digits?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var digit) ? digit - 1 : 0;
        var language = index >= 0 && index < helpline.Languages.Length ? helpline.Languages[index] : helpline.Languages[0];
        return twiml.Menu(new VoiceResponse(), Prompts.For(language), attempt: 0).ToResult();
    }

    public static async Task<IResult> Menu(VoiceRequest call, string? lang, string? attempt, HelplineStore helplines, CallStore calls, CallRouter router,
        MeetingVoice meetings, RequestVoice requests, IvrResponses twiml, ILogger<IvrResponses> log, CancellationToken ct)
    {
        var prompts = Prompts.For(lang);
        var choice = MenuChoice.Parse(call.Digits, call.SpeechResult, prompts.Code);
        var tries = Math.Clamp(QueryIds.Int(attempt) ?? 0, 0, IvrResponses.MenuAttempts) + 1;
        var step = choice.Option?.ToString() ?? (choice.NoInput ? "no-input" : "invalid");
        log.LogInformation("Call {CallSid} menu: {Choice}", call.CallSid, step);
        if (choice.Option is null && tries < IvrResponses.MenuAttempts)
        {
            var notice = new VoiceResponse().Say(prompts.Text(choice.NoInput ? "NoInput" : "NotAnOption"), prompts.SayLanguage, prompts.Voice);
            return twiml.Menu(notice, prompts, tries).ToResult();
        }
        if (choice.Option == MenuOption.Repeat)
            return twiml.Menu(new VoiceResponse(), prompts, attempt: 0).ToResult();

        // Option 1: meetings. Option 2, or twice nothing understood: a person. Options 3-5: a request (a chair may
        // take the call live).
        var helpline = string.IsNullOrEmpty(call.To) ? null : await helplines.FindByNumberAsync(call.To, ct);
        if (helpline is not null && choice.Option == MenuOption.FindMeeting)
        {
            if (!string.IsNullOrEmpty(call.CallSid)) await calls.AppendPathAsync(call.CallSid, "menu:" + step, prompts.Code, ct);
            return (await meetings.AskForPlaceAsync(new VoiceResponse(), helpline, prompts, 0, ct)).ToResult();
        }
        if (helpline is not null && !string.IsNullOrEmpty(call.CallSid) && choice.Option is { } option && RequestVoice.TypeFor(option) is { } type)
            return (await requests.StartAsync(call, helpline, type, prompts, ct)).ToResult();
        if (helpline is not null && !string.IsNullOrEmpty(call.CallSid) && (choice.Option is null or MenuOption.TalkToMember))
            return (await router.StartAsync(call.CallSid, call.From, helpline, call.To, prompts, "menu:" + step, ct)).ToResult();
        if (!string.IsNullOrEmpty(call.CallSid)) await calls.AppendPathAsync(call.CallSid, "menu:" + step, prompts.Code, ct);
        return twiml.ConnectToFallback(new VoiceResponse(), prompts, call.To).ToResult();
    }

    public static IResult FallbackEnded(VoiceRequest call, string? lang, string? emergency) =>
        IvrResponses.FallbackEnded(Prompts.For(lang), call.DialCallStatus, emergency is { Length: > 0 and <= 4 } && emergency.All(char.IsAsciiDigit) ? emergency : EmergencyNumbers.For(call.To)).ToResult();

    public static async Task<IResult> Status(CallStatusCallback status, CallStore calls, RequestVoice requests, TimeProvider time, ILogger<IvrResponses> log, CancellationToken ct)
    {
        log.LogInformation("Call {CallSid} status {Status} after {Seconds} s", status.CallSid, status.CallStatus, status.CallDuration);
        if (!string.IsNullOrEmpty(status.CallSid) && status.CallStatus is "completed" or "busy" or "failed" or "no-answer" or "canceled")
        {
            await requests.CallEndedAsync(status.CallSid, ct);
            await calls.CallEndedAsync(status.CallSid, status.CallDuration, Instant.FromDateTimeOffset(time.GetUtcNow()), ct);
        }
        return TypedResults.NoContent();
    }
}
