using Hangfire;
using NAPhoneline.Admin;
using NAPhoneline.Jobs;
using NAPhoneline.Shared.Journal;

namespace NAPhoneline.Scheduling;

// Coverage that holds itself together (CONTRACT 13): shift reminders and the answers to them, cover requests, the
// daily gap digest and the coverage API.
public static class SchedulingFeature
{
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTransient<ShiftReminders>();
        builder.Services.AddSingleton<ShiftReplies>();
        builder.Services.AddSingleton<CoverRequests>();
        builder.Services.AddSingleton<GapDigest>();
        builder.Services.AddSingleton<IJournalHandler, JournaledShiftAnswers>();
        // Every minute, and at start: reminders, cover deadlines and digests that came due while down go out now.
        builder.AddRecurringJob<ShiftReminders>(ShiftReminders.JobId, r => r.RunAsync(CancellationToken.None),
            Cron.Minutely(), runAtStart: true);
        return builder;
    }

    public static IEndpointRouteBuilder MapScheduling(this IEndpointRouteBuilder app)
    {
        app.MapAdminApi().MapGet("/coverage/{serviceBodyKey}", CoverageEndpoints.Get);
        return app;
    }
}
