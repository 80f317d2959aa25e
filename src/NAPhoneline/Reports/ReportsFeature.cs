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
        builder.Services.AddTransient<ReportRollup>();
        // Every minute (a changed day is read from its calls until it is redone), and at start to catch up.
        builder.AddRecurringJob<ReportRollup>(ReportRollup.JobId, r => r.RunAsync(CancellationToken.None),
            Cron.Minutely(), runAtStart: true);
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
}
