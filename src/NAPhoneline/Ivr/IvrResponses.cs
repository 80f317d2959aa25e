using Microsoft.Extensions.Options;
using NAPhoneline.Helplines;
using NAPhoneline.Hosting;
using NAPhoneline.Shared;
using NAPhoneline.Telephony.Twiml;

namespace NAPhoneline.Ivr;

// The TwiML of the answer and the main menu. Every document ends in a verb that moves the call on
// (Redirect, Dial with an action, Hangup after a spoken message): a caller never sits in silence.
public sealed class IvrResponses(PublicUrls urls, IOptionsMonitor<PhonelineOptions> options)
{
    public const int MenuAttempts = 2;

    public VoiceResponse LanguageChoice(Helpline helpline, string? calledNumber)
    {
        var first = Prompts.For(helpline.Languages[0]);
        var action = urls.For("/voice/language");
        return Greeting(new VoiceResponse(), first, helpline.Name, calledNumber)
            .Gather(new GatherOptions { Input = "dtmf", NumDigits = 1, Timeout = 5, Action = action, ActionOnEmptyResult = true }, g =>
            {
                for (var i = 0; i < helpline.Languages.Length; i++)
                {
                    var p = Prompts.For(helpline.Languages[i]);
                    g.Say(p.Text("LanguageOption", i + 1), p.SayLanguage, p.Voice);
                }
            })
            .Redirect(action);
    }

    public VoiceResponse Welcome(Helpline helpline, Prompts prompts, string? calledNumber) =>
        Menu(Greeting(new VoiceResponse(), prompts, helpline.Name, calledNumber), prompts, attempt: 0);

    public VoiceResponse Menu(VoiceResponse response, Prompts prompts, int attempt)
    {
        var action = urls.For("/voice/menu", ("lang", prompts.Code), ("attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return response
            .Gather(new GatherOptions
            {
                Input = "dtmf speech",
                NumDigits = 1,
                Timeout = 6,
                SpeechTimeout = "auto",
                Language = prompts.SayLanguage,
                Hints = prompts.Text("MenuHints"),
                Action = action,
                ActionOnEmptyResult = true,
            }, g => g.Say(prompts.Text("Menu"), prompts.SayLanguage, prompts.Voice))
            .Redirect(action);
    }

    public VoiceResponse UnknownHelpline(string? calledNumber)
    {
        var prompts = Prompts.For("en");
        return ConnectToFallback(new VoiceResponse().Say(prompts.Text("GenericGreeting"), prompts.SayLanguage, prompts.Voice), prompts, calledNumber);
    }

    // The safe answer for anything not (yet) possible: a person at Phoneline:FallbackNumber, shown the helpline number.
    public VoiceResponse ConnectToFallback(VoiceResponse response, Prompts prompts, string? calledNumber) =>
        response
            .Say(prompts.Text("ConnectingToMember"), prompts.SayLanguage, prompts.Voice)
            .Dial(new DialOptions
            {
                CallerId = E164.IsValid(calledNumber) ? calledNumber : null,
                Timeout = 30,
                Action = urls.For("/voice/fallback-ended", ("lang", prompts.Code), ("emergency", EmergencyNumbers.For(calledNumber))),
            }, d => d.Number(options.CurrentValue.FallbackNumber));

    public static VoiceResponse FallbackEnded(Prompts prompts, string? dialStatus, string emergencyNumber) =>
        dialStatus is "completed" or "answered"
            ? new VoiceResponse().Hangup()
            : new VoiceResponse().Say(prompts.Text("CouldNotConnect", emergencyNumber), prompts.SayLanguage, prompts.Voice).Hangup();

    static VoiceResponse Greeting(VoiceResponse response, Prompts prompts, string name, string? calledNumber) =>
        response
            .Say(prompts.Text("Greeting", name), prompts.SayLanguage, prompts.Voice)
            .Say(prompts.Text("Emergency", EmergencyNumbers.For(calledNumber)), prompts.SayLanguage, prompts.Voice);
}
