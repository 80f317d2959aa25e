using NAPhoneline.Admin;
using NAPhoneline.Shared.Voice;
using NAPhoneline.Telephony.Webhooks;

namespace NAPhoneline.Regions;

// Regional numbers (CONTRACT 14): a number over several areas asks where the caller is and hands the call on.
public static class RegionsFeature
{
    public static IHostApplicationBuilder AddRegions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RegionalRouter>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRegions(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/voice/route").ValidateTwilioSignature(VoiceAnswers.Unreadable)
            .MapPost("/where", RegionEndpoints.Where);
        app.MapAdminApi().MapGet("/route", RegionEndpoints.Preview);
        return app;
    }
}
