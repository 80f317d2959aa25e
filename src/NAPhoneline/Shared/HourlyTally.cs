using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace NAPhoneline.Shared;

// Counts that leave no other record (meeting searches by text, blocked calls and texts), kept in memory per body
// and hour and added to their table every few seconds, so nobody waits on the database for them. A count that
// cannot be written stays for the next round; what an instance holds when it crashes is lost (statistics only).
// The table has (service_body_id, hour) as its key and two integer columns.
public abstract class HourlyTally(NpgsqlDataSource db, TimeProvider time, ILogger log, string table, string first,
    string second) : BackgroundService
{
    static readonly TimeSpan Every = TimeSpan.FromSeconds(10);
    readonly ConcurrentDictionary<(long Body, DateTime Hour), Counts> pending = new();

    sealed class Counts { public int First; public int Second; }

    protected void Count(long serviceBodyId, int first, int second)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var hour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
        var counts = pending.GetOrAdd((serviceBodyId, hour), _ => new Counts());
        Interlocked.Add(ref counts.First, first);
        Interlocked.Add(ref counts.Second, second);
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
        var sql = $"""
            insert into {table} (service_body_id, hour, {first}, {second})
            select * from unnest(@bodies, @hours, @first, @second)
            on conflict (service_body_id, hour) do update set {first} = {table}.{first} + excluded.{first},
                {second} = {table}.{second} + excluded.{second}
            """;
        var taken = new List<((long Body, DateTime Hour) Key, int First, int Second)>();
        foreach (var key in pending.Keys)
            if (pending.TryRemove(key, out var c))
                taken.Add((key, Volatile.Read(ref c.First), Volatile.Read(ref c.Second)));
        if (taken.Count == 0) return;
        try
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            await conn.ExecuteAsync(new CommandDefinition(sql, new
            {
                bodies = taken.Select(t => t.Key.Body).ToArray(), hours = taken.Select(t => t.Key.Hour).ToArray(),
                first = taken.Select(t => t.First).ToArray(), second = taken.Select(t => t.Second).ToArray(),
            }, cancellationToken: ct));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            log.LogWarning("Counts of {Count} hours for {Table} kept for the next round: {Message}", taken.Count,
                table, ex.Message);
            foreach (var (key, a, b) in taken)
            {
                var counts = pending.GetOrAdd(key, _ => new Counts());
                Interlocked.Add(ref counts.First, a);
                Interlocked.Add(ref counts.Second, b);
            }
        }
    }
}
