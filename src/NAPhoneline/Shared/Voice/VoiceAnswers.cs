using System.Globalization;
using Microsoft.Extensions.Options;
using NAPhoneline.Hosting;
using NAPhoneline.Telephony.Twiml;

namespace NAPhoneline.Shared.Voice;

// The voice vocabulary every feature shares: the safe answer (a person at Phoneline:FallbackNumber, shown the
// helpline number), what follows it, and the screened leg ("press 1 to accept") that every live ring uses.
public sealed class VoiceAnswers(PublicUrls urls, IOptionsMonitor<PhonelineOptions> options)
{
    public string GlobalFallbackNumber => options.CurrentValue.FallbackNumber;

    public VoiceResponse ConnectToFallback(VoiceResponse response, Prompts prompts, string? calledNumber) =>
        response
            .Say(prompts.Text("ConnectingToMember"), prompts.SayLanguage, prompts.Voice)
            .Dial(new DialOptions
            {
                CallerId = E164.IsValid(calledNumber) ? calledNumber : null,
                Timeout = 30,
                Action = urls.For("/voice/fallback-ended", ("lang", prompts.Code),
                    ("emergency", EmergencyNumbers.For(calledNumber))),
            }, d => d.Number(options.CurrentValue.FallbackNumber));

    // Something failed inside a voice webhook: say sorry, then the safe answer.
    public VoiceResponse Apology(Prompts prompts, string? calledNumber) =>
        ConnectToFallback(new VoiceResponse().Say(prompts.Text("Apology"), prompts.SayLanguage, prompts.Voice), prompts,
            calledNumber);

    // A voice webhook whose body could not be read (a broken encoding): the apology and a person, in the language of
    // the
    // URL we sent, with nothing from the body.
    public static IResult Unreadable(HttpContext context) =>
        context.RequestServices.GetRequiredService<VoiceAnswers>()
            .Apology(Prompts.For(context.Request.Query["lang"].FirstOrDefault()), null).ToResult();

    public static VoiceResponse FallbackEnded(Prompts prompts, string? dialStatus, string emergencyNumber) =>
        dialStatus is "completed" or "answered"
            ? new VoiceResponse().Hangup()
            : new VoiceResponse().Say(prompts.Text("CouldNotConnect", emergencyNumber), prompts.SayLanguage,
                prompts.Voice)
                .Hangup();

    // A screened leg: the answering phone hears the whisper (leg, call, helpline and caller language ride in the
    // signed URL, so any instance can play it without a query) and only a 1 connects.
    public void Screened(DialBuilder dial, string phone, long legId, long callId, long serviceBodyId,
        string callerLanguage)
    {
        var leg = legId.ToString(CultureInfo.InvariantCulture);
        var call = callId.ToString(CultureInfo.InvariantCulture);
        dial.Number(phone, new NumberOptions
        {
            Url = urls.For("/voice/route/screen", ("leg", leg), ("call", call),
                ("body", serviceBodyId.ToString(CultureInfo.InvariantCulture)), ("lang", callerLanguage)),
            StatusCallback = urls.For("/voice/route/leg-status", ("leg", leg), ("call", call)),
            StatusCallbackEvent = "completed",
        });
    }
}
