using NAPhoneline.Admin;
using NAPhoneline.Shared.Voice;
using NAPhoneline.Telephony.Webhooks;

namespace NAPhoneline.Routing;

public static class RoutingFeature
{
    // Not AddRouting(): that name belongs to ASP.NET Core.
    public static IHostApplicationBuilder AddCallRouting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CallRouter>();
        builder.Services.AddSingleton<IPersonConnector>(sp => sp.GetRequiredService<CallRouter>());
        builder.Services.AddSingleton<OverrideStore>();
        builder.Services.AddSingleton<CallHistoryStore>();
        builder.Services.AddSingleton<ScheduleStore>();
        return builder;
    }

    public static IEndpointRouteBuilder MapCallRouting(this IEndpointRouteBuilder app)
    {
        var route = app.MapGroup("/voice/route").ValidateTwilioSignature(VoiceAnswers.Unreadable);
        route.MapPost("/screen", RoutingEndpoints.Screen);
        route.MapPost("/accept", RoutingEndpoints.Accept);
        route.MapPost("/next", RoutingEndpoints.Next);
        route.MapPost("/leg-status", RoutingEndpoints.LegStatus);
        route.MapPost("/voicemail", RoutingEndpoints.Voicemail);
        route.MapPost("/gender", RoutingEndpoints.Gender);
        route.MapPost("/screen-caller", RoutingEndpoints.ScreenCaller);

        app.MapGet("/calendar/{file}", VolunteerEndpoints.Feed);

        var admin = app.MapAdminApi();
        admin.MapGet("/on-duty/{serviceBodyKey}", RosterAdminEndpoints.OnDuty);
        admin.MapPost("/overrides", RosterAdminEndpoints.AddOverride);
        admin.MapGet("/overrides", RosterAdminEndpoints.ListOverrides);
        admin.MapDelete("/overrides/{id:long}", RosterAdminEndpoints.DeleteOverride);
        return app;
    }
}
