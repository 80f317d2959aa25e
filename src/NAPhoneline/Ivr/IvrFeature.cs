using NAPhoneline.Telephony.Webhooks;
using NAPhoneline.Shared.Voice;

namespace NAPhoneline.Ivr;

public static class IvrFeature
{
    public static IHostApplicationBuilder AddIvr(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IvrResponses>();
        return builder;
    }

    public static IEndpointRouteBuilder MapIvr(this IEndpointRouteBuilder app)
    {
        var voice = app.MapGroup("/voice").ValidateTwilioSignature(VoiceAnswers.Unreadable);
        voice.MapPost("/incoming", IvrEndpoints.Incoming);
        voice.MapPost("/language", IvrEndpoints.LanguageChosen);
        voice.MapPost("/menu", IvrEndpoints.Menu);
        voice.MapPost("/fallback-ended", IvrEndpoints.FallbackEnded);
        voice.MapPost("/status", IvrEndpoints.Status);
        return app;
    }
}
