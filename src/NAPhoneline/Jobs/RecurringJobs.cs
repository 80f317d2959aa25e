using System.Linq.Expressions;
using Hangfire;

namespace NAPhoneline.Jobs;

public static class RecurringJobs
{
    // A recurring Hangfire job, registered once Hangfire's storage answers (retried while PostgreSQL is away) and,
    // with runAtStart, run at once too: what came due while the service was down goes out now, not at the next
    // occurrence. Only where the job server runs.
    public static IHostApplicationBuilder AddRecurringJob<T>(this IHostApplicationBuilder builder, string id,
        Expression<Func<T, Task>> call, string cron, bool runAtStart)
    {
        var jobs = builder.Configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (!jobs.RunServer) return builder;
        builder.Services.AddSingleton<IHostedService>(sp => new Registration(
            sp.GetRequiredService<IRecurringJobManager>(), sp.GetRequiredService<ILogger<Registration>>(), id,
            manager => manager.AddOrUpdate(id, call, cron), runAtStart));
        return builder;
    }

    sealed class Registration(IRecurringJobManager recurring, ILogger<Registration> log, string id,
        Action<IRecurringJobManager> register, bool runAtStart) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    register(recurring);
                    if (runAtStart) recurring.Trigger(id);
                    return;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogWarning("Recurring job {Id} not registered yet: {Message}", id, ex.Message);
                }
                try { await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken); }
                catch (OperationCanceledException) { }
            }
        }
    }
}
