using Microsoft.AspNetCore.Http.Features;
using NAPhoneline.Hosting;
using NAPhoneline.Shared.Voice;
using NAPhoneline.Telephony.Twiml;

namespace NAPhoneline.Ivr;

// Never dead air: whatever fails inside a voice webhook (an exception, the database down or slow), Twilio gets
// 200 and TwiML that apologises and dials Phoneline:FallbackNumber.
public static class VoiceSafetyNet
{
    public static IApplicationBuilder UseVoiceSafetyNet(this IApplicationBuilder app) =>
        app.UseWebhookSafetyNet("/voice", Answer);

    public static IResult Answer(HttpContext context)
    {
        var prompts = Prompts.For(context.Request.Query["lang"].FirstOrDefault());
        // Only a form that was already read: the body itself may be what failed.
        var called = context.Features.Get<IFormFeature>()?.Form?["To"].FirstOrDefault();
        return context.RequestServices.GetRequiredService<VoiceAnswers>().Apology(prompts, called).ToResult();
    }
}
