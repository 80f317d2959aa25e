using Dapper;
using Hangfire;
using Npgsql;

namespace NAPhoneline.Requests;

// Caller numbers and recordings are personal data about people in recovery: kept while a request is being handled,
// then removed a retention period after it closes (RELIABILITY.md, Privacy). The audit trail stays, without them.
public sealed class RequestRetention(NpgsqlDataSource db, TimeProvider time, ILogger<RequestRetention> log)
{
    public static readonly TimeSpan KeepClosedFor = TimeSpan.FromDays(30);
    // A request nobody closed is not kept for ever either.
    public static readonly TimeSpan KeepOpenFor = TimeSpan.FromDays(90);
    static readonly TimeSpan KeepDraftsFor = TimeSpan.FromHours(2);

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(60)]
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var conn = await db.OpenConnectionAsync(ct);
        var count = await conn.ExecuteScalarAsync<int>(new CommandDefinition("""
            with purged as (
                update requests set callback_number = null, callback_hash = null, recording_url = null, purged_at = @now
                where purged_at is null
                  and ((status = 'resolved' and closed_at < @closedBefore) or created_at < @createdBefore)
                returning id),
            recipients as (
                update request_recipients set phone = 'purged-' || id
                where request_id in (select id from purged) returning 1)
            select count(*)::int from purged
            """, new { now, closedBefore = now - KeepClosedFor, createdBefore = now - KeepOpenFor },
            cancellationToken: ct));
        var drafts = await conn.ExecuteAsync(new CommandDefinition(
            "delete from request_drafts where created_at < @before",
            new { before = now - KeepDraftsFor }, cancellationToken: ct));
        if (count + drafts > 0)
            log.LogInformation(
                "Retention: numbers removed from {Requests} request(s), {Drafts} draft(s) deleted", count, drafts);
        return count;
    }
}
