using Dapper;
using Hangfire;
using Microsoft.Extensions.Options;
using NAPhoneline.Jobs;
using Npgsql;

namespace NAPhoneline.Requests;

// Hands each ladder deadline to Hangfire. Webhooks and the admin API only write the request row: Hangfire's client
// is synchronous and starves the thread pool on the webhook path (RELIABILITY.md). Rows are claimed with
// SKIP LOCKED, so any number of instances can run this; a crash between Schedule and the update schedules the same
// step twice, which the job's level check makes harmless.
public sealed class LadderScheduler(NpgsqlDataSource db, IBackgroundJobClient jobs, IRecurringJobManager recurring,
    TimeProvider time, IOptions<JobsOptions> options, ILogger<LadderScheduler> log)
    : BackgroundService
{
    // A deadline this far past with the request still at its level means its job was lost (deleted from the
    // dashboard, or failed for good): schedule it again.
    public static readonly TimeSpan LostAfter = TimeSpan.FromMinutes(5);
    const int Batch = 500;
    DateTimeOffset lastSweep;
    bool retentionScheduled;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!retentionScheduled)
                {
                    // Numbers of closed requests are removed hourly, by one instance at a time, whatever restarts.
                    recurring.AddOrUpdate<RequestRetention>(
                        "request-retention", r => r.PurgeAsync(CancellationToken.None), Cron.Hourly());
                    retentionScheduled = true;
                }
                while (await ScheduleDueAsync(stoppingToken) == Batch) { }
                if (time.GetUtcNow() - lastSweep > TimeSpan.FromMinutes(1)) await RescheduleLostAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException
                                           or Hangfire.Storage.DistributedLockTimeoutException
                                       && !stoppingToken.IsCancellationRequested)
            {
                log.LogWarning("Escalation scheduling unavailable: {Message}", ex.Message);
            }
            try { await Task.Delay(options.Value.PollInterval, stoppingToken); } catch (OperationCanceledException) { }
        }
    }

    public async Task<int> ScheduleDueAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var due = (await conn.QueryAsync<(long Id, int Level, DateTime DueAt)>(new CommandDefinition("""
            select id, level, due_at from requests
            where status = 'open' and unanswered_at is null and scheduled_level < level and due_at is not null
            order by id limit @Batch for update skip locked
            """, new { Batch }, tx, cancellationToken: ct))).ToList();
        // Hangfire finds a due job only at its next poll: the job is scheduled one poll interval early and waits out
        // the rest itself, so the step is taken at its deadline rather than up to a poll (and a second) after it.
        foreach (var (id, level, dueAt) in due)
            jobs.Schedule<EscalationJob>(j => j.RunAsync(id, level, CancellationToken.None),
                new DateTimeOffset(DateTime.SpecifyKind(dueAt, DateTimeKind.Utc)) - options.Value.PollInterval);
        if (due.Count > 0)
            await conn.ExecuteAsync(new CommandDefinition(
                "update requests set scheduled_level = level where id = any(@ids)",
                new { ids = due.Select(d => d.Id).ToArray() }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return due.Count;
    }

    public async Task<int> RescheduleLostAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var lost = await conn.ExecuteAsync(new CommandDefinition("""
            update requests set scheduled_level = -1
            where status = 'open' and unanswered_at is null and scheduled_level >= level and due_at < @before
            """, new { before = (time.GetUtcNow() - LostAfter).UtcDateTime }, cancellationToken: ct));
        if (lost > 0) log.LogWarning("{Count} escalation deadline(s) had no job: scheduled again", lost);
        lastSweep = time.GetUtcNow();
        return lost;
    }
}
