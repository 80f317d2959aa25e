using NAPhoneline.Admin;
using NAPhoneline.Jobs;
using NAPhoneline.Shared.Journal;
using NAPhoneline.Shared.Requests;
using NAPhoneline.Telephony.Webhooks;
using NAPhoneline.Shared.Voice;

namespace NAPhoneline.Requests;

public static class RequestsFeature
{
    public static IHostApplicationBuilder AddRequests(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RequestStore>();
        builder.Services.AddSingleton<RequestEmails>();
        builder.Services.AddSingleton<RequestDeskStore>();
        builder.Services.AddSingleton<RequestActions>();
        builder.Services.AddSingleton<RequestDrafts>();
        builder.Services.AddSingleton<RequestVoice>();
        builder.Services.AddSingleton<RequestIntake>();
        builder.Services.AddSingleton<IRequestIntake>(sp => sp.GetRequiredService<RequestIntake>());
        builder.Services.AddSingleton<RequestSms>();
        builder.Services.AddSingleton<IJournalHandler, JournaledRequests>();
        builder.Services.AddSingleton<IJournalHandler, JournaledActions>();
        builder.Services.AddTransient<EscalationJob>();
        builder.Services.AddTransient<RequestRetention>();
        // The ladder's deadlines are handed to Hangfire wherever the job server runs.
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (jobs.RunServer) builder.Services.AddHostedService<LadderScheduler>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRequests(this IEndpointRouteBuilder app)
    {
        var voice = app.MapGroup("/voice/requests").ValidateTwilioSignature(VoiceAnswers.Unreadable);
        voice.MapPost("/bridge", BridgeEndpoints.Bridge);
        voice.MapPost("/bridge-accept", BridgeEndpoints.Accept);
        voice.MapPost("/bridge-hello", BridgeEndpoints.Hello);
        voice.MapPost("/bridge-ended", BridgeEndpoints.Ended);
        voice.MapPost("/chair-ended", RequestVoiceEndpoints.ChairEnded);
        voice.MapPost("/number", RequestVoiceEndpoints.Number).AddEndpointFilter<TwelfthStepLimit>();
        voice.MapPost("/recorded", RequestVoiceEndpoints.Recorded);
        voice.MapPost("/gender", RequestVoiceEndpoints.Gender);

        var admin = app.MapAdminApi();
        admin.MapPost("/callbacks", RequestAdminEndpoints.Callback);
        admin.MapGet("/requests", RequestAdminEndpoints.List);
        admin.MapGet("/requests/{code}", RequestAdminEndpoints.Get);
        admin.MapPost("/requests/{code}/ack", RequestAdminEndpoints.Acknowledge);
        admin.MapPost("/requests/{code}/done", RequestAdminEndpoints.Resolve);
        return app;
    }
}
