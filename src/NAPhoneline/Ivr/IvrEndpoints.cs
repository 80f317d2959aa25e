using System.Globalization;
using NAPhoneline.Blocking;
using NAPhoneline.Meetings;
using NAPhoneline.Regions;
using NAPhoneline.Requests;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Calls;
using NAPhoneline.Shared.Privacy;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;
using NAPhoneline.Telephony.Twiml;
using NAPhoneline.Telephony.Webhooks;
using NodaTime;

namespace NAPhoneline.Ivr;

// The answer and the main menu. Nothing here queries PostgreSQL: the helpline comes from memory and the call's
// record is written behind the caller.
public static class IvrEndpoints
{
    public static IResult Incoming(VoiceRequest call, HelplineDirectory directory, CallLog calls, IvrResponses twiml,
        Blocklist blocklist, BlockedTally blocked, NumberHashes hashes, TimeProvider time, ILogger<IvrResponses> log)
    {
        var helpline = directory.Current.HelplineFor(call.To);
        // A blocked caller (CONTRACT 15) is rejected before anything rings; counted, never with the number.
        if (blocklist.Blocked(call.From, helpline) is not null)
        {
            log.LogInformation("Call {CallSid} rejected: blocked", call.CallSid);
            if (helpline is not null) blocked.Call(helpline.Id);
            return new VoiceResponse().Reject().ToResult();
        }
        // Masking costs a regex: only when the line is written.
        if (log.IsEnabled(LogLevel.Information))
            log.LogInformation("Call {CallSid} from {From} to {To}: helpline {Helpline}", call.CallSid,
                E164.Mask(call.From), call.To, helpline?.Key ?? "(unknown)");
        if (!string.IsNullOrEmpty(call.CallSid))
            calls.Started(call.CallSid, helpline?.Id, E164.Mask(call.From),
                Instant.FromDateTimeOffset(time.GetUtcNow()),
                E164.IsWithheld(call.From) ? null : hashes.Hash(call.From!));
        if (helpline is null) return twiml.UnknownHelpline(call.To).ToResult();
        return helpline.Languages.Length > 1
            ? twiml.LanguageChoice(helpline, call.To).ToResult()
            : twiml.Welcome(helpline, Prompts.For(helpline.Languages[0], helpline), call.To).ToResult();
    }

    public static IResult LanguageChosen(VoiceRequest call, HelplineDirectory directory, IvrResponses twiml)
    {
        var helpline = directory.Current.HelplineFor(call.To);
        if (helpline is null) return twiml.UnknownHelpline(call.To).ToResult();
        // No key or a wrong key: the first language rather than another question.
        var index = int.TryParse(call.Digits?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture,
            out var digit) ? digit - 1 : 0;
        var language = index >= 0 && index < helpline.Languages.Length ? helpline.Languages[index]
            : helpline.Languages[0];
        return twiml.Menu(new VoiceResponse(), Prompts.For(language, helpline), attempt: 0).ToResult();
    }

    public static async Task<IResult> Menu(VoiceRequest call, string? lang, string? attempt,
        HelplineDirectory directory,
        CallLog calls, IPersonConnector people, MeetingVoice meetings, RequestVoice requests, IvrResponses twiml,
        VoiceAnswers answers, RegionalRouter regions, TimeProvider time, ILogger<IvrResponses> log,
        CancellationToken ct)
    {
        var prompts = Prompts.For(lang);
        var choice = MenuChoice.Parse(call.Digits, call.SpeechResult, prompts.Code);
        var tries = Math.Clamp(QueryIds.Int(attempt) ?? 0, 0, MenuDispatch.Attempts) + 1;
        var step = MenuDispatch.Step(choice);
        var helpline = directory.Current.HelplineFor(call.To);
        prompts = prompts.For(helpline);
        var decision = MenuDispatch.Decide(choice, tries, helpline is not null, !string.IsNullOrEmpty(call.CallSid));
        log.LogInformation("Call {CallSid} menu: {Choice} -> {Action}", call.CallSid, step, decision.Action);
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var caller = new CallerOnLine(call.CallSid ?? "", call.From, call.To);

        switch (decision.Action)
        {
            case MenuAction.AskAgain:
                var notice = new VoiceResponse().Say(prompts.Text(choice.NoInput ? "NoInput" : "NotAnOption"),
                    prompts.SayLanguage,
                    prompts.Voice);
                return twiml.Menu(notice, prompts, tries).ToResult();
            case MenuAction.Repeat:
                return twiml.Menu(new VoiceResponse(), prompts, attempt: 0).ToResult();
            case MenuAction.FindMeeting:
                calls.Path(caller.CallSid, step, prompts.Code, now);
                return meetings.AskForPlace(new VoiceResponse(), helpline!, prompts, 0).ToResult();
            case MenuAction.Request:
                // A regional number first asks where the caller is: the area that answers there takes the request.
                if (regions.RoutesByLocation(helpline!))
                    return regions.Ask(new VoiceResponse(), helpline!, prompts, decision.RequestType!,
                        "request:" + decision.RequestType, 0).ToResult();
                return (await requests.StartAsync(caller, helpline!, decision.RequestType!, prompts, ct)).ToResult();
            case MenuAction.TalkToMember:
                return (await people.ConnectAsync(caller, helpline!, prompts, step, ct)).ToResult();
            default:
                if (caller.CallSid.Length > 0) calls.Path(caller.CallSid, step, prompts.Code, now);
                return answers.ConnectToFallback(new VoiceResponse(), prompts, call.To).ToResult();
        }
    }

    public static IResult FallbackEnded(VoiceRequest call, string? lang, string? emergency) =>
        VoiceAnswers.FallbackEnded(Prompts.For(lang), call.DialCallStatus,
            emergency is { Length: > 0 and <= 4 } && emergency.All(char.IsAsciiDigit) ? emergency
                : EmergencyNumbers.For(call.To)).ToResult();

    public static async Task<IResult> Status(CallStatusCallback status, LegStore legs, RequestVoice requests,
        TimeProvider time,
        ILogger<IvrResponses> log, CancellationToken ct)
    {
        log.LogInformation("Call {CallSid} status {Status} after {Seconds} s", status.CallSid, status.CallStatus,
            status.CallDuration);
        if (!string.IsNullOrEmpty(status.CallSid)
            && status.CallStatus is "completed" or "busy" or "failed" or "no-answer" or "canceled")
        {
            await requests.CallEndedAsync(status.CallSid, ct);
            legs.CallEnded(CallIds.ForCall(status.CallSid), Instant.FromDateTimeOffset(time.GetUtcNow()));
        }
        return TypedResults.NoContent();
    }
}
