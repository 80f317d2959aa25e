using Microsoft.AspNetCore.Mvc;
using NAPhoneline.Admin;
using NAPhoneline.Hosting;
using NAPhoneline.Meetings.Places;
using NAPhoneline.State;
using NAPhoneline.Telephony.Webhooks;
using NAPhoneline.Shared.Voice;

namespace NAPhoneline.Meetings;

public static class MeetingsFeature
{
    public static IHostApplicationBuilder AddMeetings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MeetingStore>();
        builder.Services.AddSingleton<MeetingImport>();
        builder.Services.AddSingleton<MeetingCatalog>();
        builder.Services.AddSingleton<IReloadable>(sp => sp.GetRequiredService<MeetingCatalog>());
        builder.Services.AddSingleton<MeetingVoice>();
        builder.Services.AddSingleton<LocalPlaces>();
        builder.Services.AddSingleton<IReloadable>(sp => sp.GetRequiredService<LocalPlaces>());
        // About 180,000 places: read once, at start-up.
        builder.Services.AddSingleton(_ => PlaceDirectory.Shared);
        builder.Services.AddHostedService<PlaceFileWarmUp>();
        OperatorCommands.Register("import-meetings", ImportMeetingsCommand.RunAsync);
        return builder;
    }

    public static IEndpointRouteBuilder MapMeetings(this IEndpointRouteBuilder app)
    {
        // A region's whole meeting list can run to tens of megabytes.
        var admin = app.MapAdminApi();
        admin.MapPost("/meetings", MeetingEndpoints.Import)
            .WithMetadata(new RequestSizeLimitAttribute(MeetingImport.MaxBytes));
        admin.MapPost("/places", PlaceEndpoints.Add);
        admin.MapGet("/places", PlaceEndpoints.List);
        admin.MapDelete("/places/{id:long}", PlaceEndpoints.Delete);

        var voice = app.MapGroup("/voice/meetings").ValidateTwilioSignature(VoiceAnswers.Unreadable);
        voice.MapPost("/place", MeetingVoiceEndpoints.Place);
        voice.MapPost("/next", MeetingVoiceEndpoints.Next);
        return app;
    }
}
