using NAPhoneline.Shared;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;
using NAPhoneline.Telephony.Twiml;

namespace NAPhoneline.Ivr;

// The TwiML of the answer and the main menu. Every document ends in a verb that moves the call on
// (Redirect, Dial with an action, Hangup after a spoken message): a caller never sits in silence.
public sealed class IvrResponses(PublicUrls urls, VoiceAnswers answers)
{
    public VoiceResponse LanguageChoice(Helpline helpline, string? calledNumber)
    {
        var first = Prompts.For(helpline.Languages[0], helpline);
        var action = urls.For("/voice/language");
        return Greeting(new VoiceResponse(), first, helpline, calledNumber)
            .Gather(new GatherOptions
            {
                Input = "dtmf", NumDigits = 1, Timeout = 5, Action = action, ActionOnEmptyResult = true
            }, g =>
            {
                for (var i = 0; i < helpline.Languages.Length; i++)
                {
                    var p = Prompts.For(helpline.Languages[i], helpline);
                    g.Say(p.Text("LanguageOption", i + 1), p.SayLanguage, p.Voice);
                }
            })
            .Redirect(action);
    }

    public VoiceResponse Welcome(Helpline helpline, Prompts prompts, string? calledNumber) =>
        Menu(Greeting(new VoiceResponse(), prompts, helpline, calledNumber), prompts, attempt: 0);

    public VoiceResponse Menu(VoiceResponse response, Prompts prompts, int attempt)
    {
        var action = urls.For("/voice/menu",
            ("lang", prompts.Code), ("attempt", attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)));
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
        return answers.ConnectToFallback(
            new VoiceResponse().Say(prompts.Text("GenericGreeting"), prompts.SayLanguage, prompts.Voice),
            prompts, calledNumber);
    }

    // A body's recorded greeting in this language (CONTRACT 14 greetingAudio) plays instead of the spoken one; the
    // emergency number is still said, whatever the recording holds.
    static VoiceResponse Greeting(VoiceResponse response, Prompts prompts, Helpline helpline, string? calledNumber)
    {
        if (helpline.GreetingAudio?.GetValueOrDefault(prompts.Code) is { } audio) response.Play(audio);
        else response.Say(prompts.Text("Greeting", helpline.Name), prompts.SayLanguage, prompts.Voice);
        return response.Say(prompts.Text("Emergency", EmergencyNumbers.For(calledNumber)), prompts.SayLanguage,
            prompts.Voice);
    }
}
