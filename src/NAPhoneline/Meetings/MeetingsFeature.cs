using Microsoft.AspNetCore.Mvc;
using NAPhoneline.Admin;
using NAPhoneline.Hosting;
using NAPhoneline.Telephony.Webhooks;

namespace NAPhoneline.Meetings;

public static class MeetingsFeature
{
    public static IHostApplicationBuilder AddMeetings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MeetingStore>();
        builder.Services.AddSingleton<MeetingImport>();
        builder.Services.AddSingleton<MeetingCatalog>();
        builder.Services.AddSingleton<MeetingVoice>();
        builder.Services.AddSingleton<Notifications.MessageOutbox>();
        // About 180,000 places: read once, when first needed.
        builder.Services.AddSingleton(_ => Places.PlaceDirectory.FromEmbeddedFile());
        OperatorCommands.Register("import-meetings", ImportMeetingsCommand.RunAsync);
        return builder;
    }

    public static IEndpointRouteBuilder MapMeetings(this IEndpointRouteBuilder app)
    {
        // A region's whole meeting list can run to tens of megabytes.
        app.MapAdminApi().MapPost("/meetings", MeetingEndpoints.Import).WithMetadata(new RequestSizeLimitAttribute(MeetingImport.MaxBytes));

        var voice = app.MapGroup("/voice/meetings").ValidateTwilioSignature();
        voice.MapPost("/place", MeetingVoiceEndpoints.Place);
        voice.MapPost("/next", MeetingVoiceEndpoints.Next);
        return app;
    }
}
