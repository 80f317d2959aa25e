using Dapper;
using NAPhoneline.Data;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Shared.Journal;

// A feature that knows how to move one kind of journal entry into PostgreSQL, inside the replay's transaction.
public interface IJournalHandler
{
    JournalKind Kind { get; }
    Task ApplyAsync(JournalEntry entry, IReadOnlyList<JournalEntry> related, NpgsqlConnection conn,
        NpgsqlTransaction tx,
        CancellationToken ct);

    // After the transaction committed: tell this instance's memory (e.g. the request is no longer only local).
    void Applied(JournalEntry entry) { }
}

// Moves the journal into PostgreSQL when the service starts and whenever the database comes back. Each entry is
// applied in one transaction together with its row in journal_applied: a crash before the commit replays it, a
// crash after it finds the row and skips it, so every entry lands exactly once.
public sealed class JournalReplayer(LocalJournal journal, IEnumerable<IJournalHandler> handlers, NpgsqlDataSource db,
    DatabaseBreaker breaker, TimeProvider time, ILogger<JournalReplayer> log) : BackgroundService
{
    readonly SemaphoreSlim running = new(1, 1);
    readonly SemaphoreSlim wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        breaker.Recovered += () => wake.Release();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReplayAsync(stoppingToken);
                // Woken by a recovery; a timer as well, for entries a failed replay left behind.
                await wake.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    // Returns how many entries were moved in now.
    public async Task<int> ReplayAsync(CancellationToken ct)
    {
        await running.WaitAsync(ct);
        try
        {
            if (!breaker.IsAvailable) return 0;
            var moved = 0;
            foreach (var (entry, related) in await journal.PendingAsync(ct))
            {
                var handler = handlers.FirstOrDefault(h => h.Kind == entry.Kind);
                if (handler is null)
                {
                    log.LogError("Journal entry {Id} of kind {Kind} has no handler; left in the journal", entry.Id,
                        entry.Kind);
                    continue;
                }
                try
                {
                    var fresh = await breaker.RunAsync(c => ApplyOneAsync(handler, entry, related, c),
                        TimeSpan.FromSeconds(30), ct);
                    await journal.MarkAppliedAsync(entry.Id, Instant.FromDateTimeOffset(time.GetUtcNow()), ct);
                    handler.Applied(entry);
                    if (fresh) moved++;
                }
                catch (DatabaseUnavailableException)
                {
                    return moved; // the next recovery carries on from here
                }
                catch (PostgresException ex)
                {
                    log.LogError(ex, "Journal entry {Id} ({Kind}) was refused by the database; left in the journal",
                        entry.Id, entry.Kind);
                }
            }
            if (moved > 0) log.LogWarning("Journal: {Count} entries moved into the database", moved);
            await journal.CompactAsync(ct);
            return moved;
        }
        finally
        {
            running.Release();
        }
    }

    async Task<bool> ApplyOneAsync(IJournalHandler handler, JournalEntry entry, IReadOnlyList<JournalEntry> related,
        CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var first = await conn.ExecuteAsync(new CommandDefinition("""
            insert into journal_applied (entry_id, kind) values (@Id, @kind) on conflict do nothing
            """, new { entry.Id, kind = entry.Kind.ToString() }, tx, cancellationToken: ct)) == 1;
        if (first) await handler.ApplyAsync(entry, related, conn, tx, ct);
        await tx.CommitAsync(ct);
        return first;
    }
}
