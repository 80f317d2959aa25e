using Hangfire;
using NAPhoneline.Admin;
using NAPhoneline.Jobs;

namespace NAPhoneline.Scheduling;

// Coverage that holds itself together (CONTRACT 13): shift reminders and the volunteers' answers to them.
public static class SchedulingFeature
{
    public static IHostApplicationBuilder AddScheduling(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTransient<ShiftReminders>();
        builder.Services.AddSingleton<ShiftReplies>();
        builder.Services.AddSingleton<CoverRequests>();
        builder.Services.AddSingleton<GapDigest>();
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (jobs.RunServer) builder.Services.AddHostedService<ReminderSchedule>();
        return builder;
    }

    public static IEndpointRouteBuilder MapScheduling(this IEndpointRouteBuilder app)
    {
        app.MapAdminApi().MapGet("/coverage/{serviceBodyKey}", CoverageEndpoints.Get);
        return app;
    }

    // Registers the minutely sweep once Hangfire's storage answers (retried while PostgreSQL is away), and runs it.
    sealed class ReminderSchedule(IRecurringJobManager recurring, ILogger<ReminderSchedule> log) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    recurring.AddOrUpdate<ShiftReminders>(ShiftReminders.JobId,
                        r => r.RunAsync(CancellationToken.None), Cron.Minutely());
                    // At once too: what came due while the service was down goes out now, not at the next minute.
                    recurring.Trigger(ShiftReminders.JobId);
                    return;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogWarning("Shift reminders not scheduled yet: {Message}", ex.Message);
                }
                try { await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken); }
                catch (OperationCanceledException) { }
            }
        }
    }
}
