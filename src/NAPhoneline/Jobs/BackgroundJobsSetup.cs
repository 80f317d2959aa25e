using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using NAPhoneline.Admin;
using NAPhoneline.Data;

namespace NAPhoneline.Jobs;

public static class BackgroundJobsSetup
{
    public static IHostApplicationBuilder AddBackgroundJobs(this IHostApplicationBuilder builder)
    {
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (jobs.PollInterval <= TimeSpan.Zero || jobs.PollInterval > TimeSpan.FromMinutes(5))
            throw new InvalidOperationException(
                "Jobs:PollInterval must be a TimeSpan between 00:00:00.1 and 00:05:00.");
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section);

        var connectionString = DatabaseSetup.WithWebhookTimeouts(
            builder.Configuration.GetConnectionString(DatabaseSetup.ConnectionName)!);
        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
            {
                SchemaName = "hangfire",
                QueuePollInterval = jobs.PollInterval,
                // Defaults of 30 min and 10 min stall every delayed job after a crash (RELIABILITY.md).
                InvisibilityTimeout = TimeSpan.FromMinutes(1),
                DistributedLockTimeout = TimeSpan.FromMinutes(1),
                PrepareSchemaIfNecessary = true,
                // Workers hear of an enqueued job through LISTEN/NOTIFY instead of waiting for the next queue poll.
                EnableLongPolling = true,
            }));

        if (jobs.RunServer)
            builder.Services.AddHangfireServer(o =>
            {
                o.SchedulePollingInterval = jobs.PollInterval;
                // Escalation jobs start a poll early and wait for their deadline, holding a worker for about a
                // second: more workers than Hangfire's default (5 per core, 10 here) keep a burst of deadlines on time.
                o.WorkerCount = Math.Max(20, Environment.ProcessorCount * 5);
            });
        return builder;
    }

    public static IApplicationBuilder UseJobsDashboard(this IApplicationBuilder app)
    {
        // The dashboard shows job arguments; jobs take ids only, and only the admin key opens it.
        app.Map("/admin/jobs", dashboard => dashboard
            .Use(async (context, next) =>
            {
                var verdict = AdminAuth.Check(context);
                if (verdict == AdminKeyVerdict.Allowed) { await next(context); return; }
                if (verdict == AdminKeyVerdict.TooManyFailures)
                {
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    return;
                }
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"NAPhoneline jobs\", charset=\"UTF-8\"";
            })
            .UseHangfireDashboard("",
                new DashboardOptions { Authorization = [new AllowAfterAdminCheck()], AppPath = null }));
        return app;
    }

    // The key was already checked by the middleware in front of the dashboard.
    sealed class AllowAfterAdminCheck : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => true;
    }
}
