using Microsoft.AspNetCore.Mvc;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Requests;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;
using NAPhoneline.Telephony.Twiml;
using NAPhoneline.Telephony.Webhooks;

namespace NAPhoneline.Requests;

// The webhooks of menu options 3-5 after the menu itself (RequestVoice has the flow). Anything that does not add up
// (unknown helpline, missing call, a type we never sent) goes to a person at the fallback number.
public static class RequestVoiceEndpoints
{
    public static async Task<IResult> ChairEnded(VoiceRequest call, [FromQuery(Name = "call")] string? callId,
        string? type, string? lang, string? body,
        HelplineDirectory directory, RequestVoice voice, VoiceAnswers answers, CancellationToken ct)
    {
        var prompts = Prompts.For(lang);
        var id = QueryIds.Long(callId);
        var helpline = directory.Current.Routed(directory.Current.HelplineFor(call.To), QueryIds.Long(body));
        prompts = prompts.For(helpline);
        if (helpline is null || id is null || type is not (RequestTypes.HandI or RequestTypes.PublicInformation)
            || string.IsNullOrEmpty(call.CallSid))
            return answers.ConnectToFallback(new VoiceResponse(), prompts, call.To).ToResult();
        return (await voice.ChairEndedAsync(call, id.Value, helpline, type, prompts, ct)).ToResult();
    }

    public static async Task<IResult> Number(VoiceRequest call, string? type, string? lang, string? step,
        string? attempt, string? body,
        HelplineDirectory directory, RequestVoice voice, VoiceAnswers answers, CancellationToken ct)
    {
        var prompts = Prompts.For(lang);
        var helpline = directory.Current.Routed(directory.Current.HelplineFor(call.To), QueryIds.Long(body));
        prompts = prompts.For(helpline);
        if (helpline is null || !IsVoiceType(type) || string.IsNullOrEmpty(call.CallSid))
            return answers.ConnectToFallback(new VoiceResponse(), prompts, call.To).ToResult();
        var tries = Math.Clamp(QueryIds.Int(attempt) ?? 0, 0, RequestVoice.Attempts);
        return (await voice.NumberAnswerAsync(call, helpline, type!, step ?? "enter", tries, prompts, ct)).ToResult();
    }

    public static async Task<IResult> Recorded(VoiceRequest call, string? type, string? lang, string? body,
        HelplineDirectory directory, RequestVoice voice,
        VoiceAnswers answers, CancellationToken ct)
    {
        var prompts = Prompts.For(lang);
        var helpline = directory.Current.Routed(directory.Current.HelplineFor(call.To), QueryIds.Long(body));
        prompts = prompts.For(helpline);
        if (helpline is null || string.IsNullOrEmpty(call.CallSid))
            return answers.ConnectToFallback(new VoiceResponse(), prompts, call.To).ToResult();
        return (await voice.RecordedAsync(call, helpline, IsVoiceType(type) ? type : null, prompts, ct)).ToResult();
    }

    public static IResult Gender(VoiceRequest call, string? lang, string? body, HelplineDirectory directory,
        RequestVoice voice, VoiceAnswers answers)
    {
        var prompts = Prompts.For(lang);
        var helpline = directory.Current.Routed(directory.Current.HelplineFor(call.To), QueryIds.Long(body));
        prompts = prompts.For(helpline);
        if (helpline is null || string.IsNullOrEmpty(call.CallSid))
            return answers.ConnectToFallback(new VoiceResponse(), prompts, call.To).ToResult();
        var gender = CallContext.GenderFromKey(call.Digits);
        return voice.TwelfthStepGender(new CallerOnLine(call.CallSid, call.From, call.To), helpline, gender, prompts)
            .ToResult();
    }

    static bool IsVoiceType(string? type) =>
        type is RequestTypes.TwelfthStep or RequestTypes.HandI or RequestTypes.PublicInformation;
}
