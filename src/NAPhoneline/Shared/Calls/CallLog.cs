using System.Threading.Channels;
using NAPhoneline.Data;
using NAPhoneline.Hosting;
using NAPhoneline.Shared.Journal;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Shared.Calls;

// Call records (path, legs, outcome) written behind the caller: webhooks add events and never wait; a background
// writer applies what has gathered in one transaction and one round trip. While PostgreSQL is unavailable the
// batches go to the local journal instead, and JournalReplayer moves them in when it returns.
public sealed class CallLog(NpgsqlDataSource db, DatabaseBreaker breaker, LocalJournal journal, TimeProvider time,
    PhonelineMetrics metrics, ILogger<CallLog> log) : BackgroundService
{
    const int MaxBatch = 500;
    readonly Channel<CallEvent> queue = Channel.CreateUnbounded<CallEvent>(new() { SingleReader = true });
    long added, done;
    TaskCompletionSource progress = NewSignal();

    public void Add(CallEvent e)
    {
        Interlocked.Increment(ref added);
        queue.Writer.TryWrite(e);
    }

    // callerHash: the keyed hash of the caller's number (NumberHashes), for BLOCK by text; never the number.
    public void Started(string callSid, long? serviceBodyId, string callerMasked, Instant at,
        string? callerHash = null) =>
        Add(new(CallEventKind.Started, CallIds.ForCall(callSid), at)
            { CallSid = callSid, ServiceBodyId = serviceBodyId, CallerMasked = callerMasked, CallerHash = callerHash });

    public void Path(string callSid, string step, string? language, Instant at) =>
        Add(new(CallEventKind.Path, CallIds.ForCall(callSid), at) { CallSid = callSid, Step = step,
            Language = language });

    public void SearchStarted(string callSid, long serviceBodyId, string callerMasked, string language, string step,
        Instant at) =>
        Add(new(CallEventKind.SearchStarted, CallIds.ForCall(callSid), at)
            { CallSid = callSid, ServiceBodyId = serviceBodyId, CallerMasked = callerMasked, Language = language,
                Step = step });

    public void Routed(string callSid, long serviceBodyId, long routedFrom, string reason, string? match,
        Instant at) =>
        Add(new(CallEventKind.Routed, CallIds.ForCall(callSid), at)
            { CallSid = callSid, ServiceBodyId = serviceBodyId, RoutedFrom = routedFrom, RouteReason = reason,
                RouteMatch = match });

    public void Finished(long callId, string outcome, long? answeredBy, int? talkSeconds, Instant at)
    {
        metrics.CallFinished(outcome);
        Add(new(CallEventKind.Finished, callId, at) { Outcome = outcome, AnsweredBy = answeredBy,
            TalkSeconds = talkSeconds });
    }

    // Everything added before this call has been written (or journaled). For shutdown and for tests.
    public async Task FlushAsync(CancellationToken ct = default)
    {
        var target = Interlocked.Read(ref added);
        while (Interlocked.Read(ref done) < target)
        {
            var signal = Volatile.Read(ref progress).Task;
            if (Interlocked.Read(ref done) >= target) return;
            await signal.WaitAsync(TimeSpan.FromMilliseconds(200), ct).ContinueWith(_ => { }, TaskScheduler.Default);
            ct.ThrowIfCancellationRequested();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<CallEvent>(MaxBatch);
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var e)) batch.Add(e);
                await WriteAsync(batch, stoppingToken);
                Interlocked.Add(ref done, batch.Count);
                batch.Clear();
                Interlocked.Exchange(ref progress, NewSignal()).TrySetResult();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued goes to the journal rather than nowhere.
            while (queue.Reader.TryRead(out var e)) batch.Add(e);
            if (batch.Count > 0) await JournalAsync(batch, CancellationToken.None);
        }
    }

    async Task WriteAsync(IReadOnlyList<CallEvent> batch, CancellationToken ct)
    {
        if (breaker.IsAvailable)
        {
            try
            {
                await breaker.RunAsync(c => InTransactionAsync(batch, c), TimeSpan.FromSeconds(5), ct);
                return;
            }
            catch (DatabaseUnavailableException) { }
            catch (PostgresException ex)
            {
                // Not an outage: one bad event (a bug, data removed meanwhile) must not cost the others their record.
                log.LogError(ex, "Call records batch of {Count} refused; writing them one by one", batch.Count);
                foreach (var e in batch)
                {
                    try { await breaker.RunAsync(c => InTransactionAsync([e], c), TimeSpan.FromSeconds(5), ct); }
                    catch (PostgresException one) { log.LogError("Call record {Kind} dropped: {Message}", e.Kind,
                        one.Message); }
                    catch (DatabaseUnavailableException) { await JournalAsync([e], ct); }
                }
                return;
            }
        }
        await JournalAsync(batch, ct);
    }

    async Task JournalAsync(IReadOnlyList<CallEvent> batch, CancellationToken ct)
    {
        try
        {
            await journal.AppendAsync(JournalKind.CallRecords, batch, Instant.FromDateTimeOffset(time.GetUtcNow()),
                ct: ct);
        }
        catch (IOException ex)
        {
            log.LogError(ex, "{Count} call records lost: neither the database nor the journal took them", batch.Count);
        }
    }

    async Task InTransactionAsync(IReadOnlyList<CallEvent> batch, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var hungUp = await ApplyAsync(conn, tx, batch, ct);
        await tx.CommitAsync(ct);
        for (var i = 0; i < hungUp; i++) metrics.CallFinished("caller-hung-up");
    }

    // One statement per event, all in one round trip, in the order they happened. Returns how many calls it ended
    // as hung up by the caller.
    public static async Task<int> ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        IReadOnlyList<CallEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return 0;
        await using var batch = new NpgsqlBatch(conn, tx);
        foreach (var command in events.SelectMany(CallRecordSql.For)) batch.BatchCommands.Add(command);
        await batch.ExecuteNonQueryAsync(ct);
        return batch.BatchCommands.Cast<NpgsqlBatchCommand>()
            .Count(c => c.CommandText == CallRecordSql.HungUp && c.RecordsAffected > 0);
    }

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
