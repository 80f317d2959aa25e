using System.Globalization;
using NAPhoneline.Helplines;
using NAPhoneline.Shared;
using NAPhoneline.Telephony.Twiml;
using NAPhoneline.Telephony.Webhooks;

namespace NAPhoneline.Ivr;

public static class IvrEndpoints
{
    public static async Task<IResult> Incoming(VoiceRequest call, HelplineStore helplines, IvrResponses twiml, ILogger<IvrResponses> log, CancellationToken ct)
    {
        var helpline = string.IsNullOrEmpty(call.To) ? null : await helplines.FindByNumberAsync(call.To, ct);
        log.LogInformation("Call {CallSid} from {From} to {To}: helpline {Helpline}", call.CallSid, E164.Mask(call.From), call.To, helpline?.Key ?? "(unknown)");
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

    public static IResult Menu(VoiceRequest call, string? lang, int? attempt, IvrResponses twiml, ILogger<IvrResponses> log)
    {
        var prompts = Prompts.For(lang);
        var choice = MenuChoice.Parse(call.Digits, call.SpeechResult, prompts.Code);
        var tries = Math.Max(attempt ?? 0, 0) + 1;
        log.LogInformation("Call {CallSid} menu: {Choice}", call.CallSid, choice.Option?.ToString() ?? (choice.NoInput ? "no input" : "invalid"));

        if (choice.Option is null && tries >= IvrResponses.MenuAttempts)
            return twiml.ConnectToFallback(new VoiceResponse(), prompts, call.To).ToResult(); // twice nothing: a human
        if (choice.Option is null)
        {
            var notice = new VoiceResponse().Say(prompts.Text(choice.NoInput ? "NoInput" : "NotAnOption"), prompts.SayLanguage, prompts.Voice);
            return twiml.Menu(notice, prompts, tries).ToResult();
        }
        if (choice.Option == MenuOption.Repeat)
            return twiml.Menu(new VoiceResponse(), prompts, attempt: 0).ToResult();

        // Options 1-5 are built out in their own features; until then each reaches a person at the fallback number.
        return twiml.ConnectToFallback(new VoiceResponse(), prompts, call.To).ToResult();
    }

    public static IResult FallbackEnded(VoiceRequest call, string? lang, string? emergency) =>
        IvrResponses.FallbackEnded(Prompts.For(lang), call.DialCallStatus, emergency is { Length: > 0 and <= 4 } && emergency.All(char.IsAsciiDigit) ? emergency : EmergencyNumbers.For(call.To)).ToResult();

    public static IResult Status(CallStatusCallback status, ILogger<IvrResponses> log)
    {
        log.LogInformation("Call {CallSid} status {Status} after {Seconds} s", status.CallSid, status.CallStatus, status.CallDuration);
        return TypedResults.NoContent();
    }
}
