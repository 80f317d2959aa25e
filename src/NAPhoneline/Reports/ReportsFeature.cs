using Hangfire;
using NAPhoneline.Admin;
using NAPhoneline.Hosting;
using NAPhoneline.Jobs;

namespace NAPhoneline.Reports;

public static class ReportsFeature
{
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReportStore>();
        builder.Services.AddSingleton<VolunteerLegStore>();
        builder.Services.AddTransient<ReportRollup>();
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (jobs.RunServer) builder.Services.AddHostedService<RollupSchedule>();
        OperatorCommands.Register("rollup-reports", RollupCommandAsync);
        return builder;
    }

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminApi().MapGroup("/reports");
        admin.MapGet("/summary", ReportEndpoints.Summary);
        admin.MapGet("/calls", ReportEndpoints.Calls);
        return app;
    }

    // `rollup-reports`: bring call_days up to date now (after an import of old calls, or before a benchmark).
    static async Task<int> RollupCommandAsync(WebApplication app, string[] args)
    {
        await app.Services.GetRequiredService<Data.DatabaseMigrator>().MigrateAsync();
        var result = await app.Services.GetRequiredService<ReportRollup>().RunAsync(CancellationToken.None);
        System.Console.WriteLine($"Report rollup: {result.DaysRolled} day(s) rolled, {result.DaysRedone} "
            + "body-day(s) redone.");
        return 0;
    }

    // Registers the rollup's recurring job, and runs it once at start so a new deployment catches up; retried while
    // PostgreSQL is away.
    sealed class RollupSchedule(IRecurringJobManager recurring, ILogger<RollupSchedule> log) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    // Every minute: a changed day is read from its calls (slower) until it is redone.
                    recurring.AddOrUpdate<ReportRollup>(ReportRollup.JobId, r => r.RunAsync(CancellationToken.None),
                        Cron.Minutely());
                    recurring.Trigger(ReportRollup.JobId);
                    return;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogWarning("Report rollup not scheduled yet: {Message}", ex.Message);
                }
                try { await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken); } catch (OperationCanceledException) { }
            }
        }
    }
}
