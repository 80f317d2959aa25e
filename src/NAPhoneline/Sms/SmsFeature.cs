using NAPhoneline.Hosting;
using NAPhoneline.Telephony.Webhooks;

namespace NAPhoneline.Sms;

public static class SmsFeature
{
    public static IEndpointRouteBuilder MapSms(this IEndpointRouteBuilder app)
    {
        // A signed text whose body cannot be read still gets the generic help, not a 400 that loses it.
        var sms = app.MapGroup("/sms").ValidateTwilioSignature(SmsEndpoints.SafeAnswer);
        sms.MapPost("/incoming", SmsEndpoints.Incoming).AddEndpointFilter<SmsRateLimit>();
        sms.MapPost("/status", SmsEndpoints.Status);
        return app;
    }

    public static IApplicationBuilder UseSmsSafetyNet(this IApplicationBuilder app) =>
        app.UseWebhookSafetyNet("/sms", SmsEndpoints.SafeAnswer);
}
