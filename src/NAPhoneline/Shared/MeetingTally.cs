using System.Collections.Concurrent;
using Dapper;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Shared;

// Meeting searches made by text leave no call record: they are counted in memory per body and hour and added to
// meeting_counts every few seconds (Reports reads them), so a texter never waits on the database. A count that
// cannot be written stays for the next round; what an instance holds when it crashes is lost (statistics only).
public sealed class MeetingTally(NpgsqlDataSource db, TimeProvider time, ILogger<MeetingTally> log) : BackgroundService
{
    static readonly TimeSpan Every = TimeSpan.FromSeconds(10);
    readonly ConcurrentDictionary<(long Body, DateTime Hour), Counts> pending = new();

    sealed class Counts { public int Searches; public int Texted; }

    public void Searched(long serviceBodyId, bool texted)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var hour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        var counts = pending.GetOrAdd((serviceBodyId, hour), _ => new Counts());
        Interlocked.Increment(ref counts.Searches);
        if (texted) Interlocked.Increment(ref counts.Texted);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await FlushAsync(CancellationToken.None);
        }
    }

    public async Task FlushAsync(CancellationToken ct = default)
    {
        const string sql = """
            insert into meeting_counts (service_body_id, hour, searches, texted)
            select * from unnest(@bodies, @hours, @searches, @texted)
            on conflict (service_body_id, hour) do update set searches = meeting_counts.searches + excluded.searches,
                texted = meeting_counts.texted + excluded.texted
            """;
        var taken = new List<((long Body, DateTime Hour) Key, int Searches, int Texted)>();
        foreach (var key in pending.Keys)
            if (pending.TryRemove(key, out var c))
                taken.Add((key, Volatile.Read(ref c.Searches), Volatile.Read(ref c.Texted)));
        if (taken.Count == 0) return;
        try
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition(sql, new
            {
                bodies = taken.Select(t => t.Key.Body).ToArray(), hours = taken.Select(t => t.Key.Hour).ToArray(),
                searches = taken.Select(t => t.Searches).ToArray(), texted = taken.Select(t => t.Texted).ToArray(),
            }, cancellationToken: ct));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            log.LogWarning("Meeting counts of {Count} hours kept for the next round: {Message}", taken.Count,
                ex.Message);
            foreach (var (key, searches, texted) in taken)
            {
                var counts = pending.GetOrAdd(key, _ => new Counts());
                Interlocked.Add(ref counts.Searches, searches);
                Interlocked.Add(ref counts.Texted, texted);
            }
        }
    }
}
