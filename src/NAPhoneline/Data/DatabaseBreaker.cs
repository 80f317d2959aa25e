using Npgsql;

namespace NAPhoneline.Data;

public sealed class DatabaseUnavailableException(string reason, Exception? inner = null)
    : Exception("The database is unavailable: " + reason, inner);

// One switch per instance: after the first failure or slow answer the whole instance knows PostgreSQL is
// unavailable and stops waiting on it (a frozen server accepts connections and never answers, so a timeout per
// request would cost every caller that timeout). DatabaseProbe closes it again; nothing else does.
public sealed class DatabaseBreaker(ILogger<DatabaseBreaker> log, TimeProvider time)
{
    // What a webhook may spend on PostgreSQL for a cross-instance guarantee before it answers from memory. At the
    // onset of an outage every call that reaches the database within this window waits up to it (docs/PERFORMANCE.md).
    public static readonly TimeSpan WebhookBudget = TimeSpan.FromMilliseconds(200);

    readonly Lock gate = new();
    volatile bool available = true;
    // Cancelled when the breaker opens: everyone still waiting on the database stops waiting at that moment.
    CancellationTokenSource outage = new();
    string reason = "";
    DateTimeOffset since;

    public bool IsAvailable => available;

    // "degraded: database unavailable since 03:12:09Z (timeout)" for /healthz; null while available.
    public string? Degraded => available ? null : $"degraded: database unavailable since {since:HH:mm:ss}Z ({reason})";

    // Raised once per outage when the probe finds PostgreSQL answering again: reload state, replay the journal.
    public event Action? Recovered;

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, TimeSpan budget, CancellationToken ct)
    {
        if (!available) throw new DatabaseUnavailableException(reason);
        var opened = outage.Token;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct, opened);
        cts.CancelAfter(budget);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(ct, opened);
        Task<T>? task = null;
        try
        {
            task = work(cts.Token);
            // WaitAsync returns at the budget even when Npgsql's own cancellation is stuck on a frozen socket.
            return await task.WaitAsync(budget, waiting.Token);
        }
        catch (OperationCanceledException) when (opened.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            if (task is not null) Abandon(task);
            throw new DatabaseUnavailableException(reason);
        }
        catch (TimeoutException) when (task is not null && !task.IsCompleted)
        {
            Abandon(task);
            Trip($"no answer within {budget.TotalMilliseconds:0} ms");
            throw new DatabaseUnavailableException(reason);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Trip($"no answer within {budget.TotalMilliseconds:0} ms");
            throw new DatabaseUnavailableException(reason);
        }
        catch (Exception ex) when (IsOutage(ex))
        {
            Trip(ex.GetType().Name + ": " + ex.Message);
            throw new DatabaseUnavailableException(reason, ex);
        }
    }

    public Task RunAsync(Func<CancellationToken, Task> work, TimeSpan budget, CancellationToken ct) =>
        RunAsync(async c => { await work(c); return true; }, budget, ct);

    public void Trip(string why)
    {
        CancellationTokenSource opened;
        lock (gate)
        {
            if (!available) return;
            available = false;
            reason = why;
            since = time.GetUtcNow();
            opened = outage;
            outage = new CancellationTokenSource();
        }
        opened.Cancel();
        log.LogWarning("Database unavailable ({Reason}): answering from memory, journaling what callers leave", why);
    }

    public void Restore()
    {
        lock (gate)
        {
            if (available) return;
            available = true;
        }
        log.LogWarning("Database available again after {Seconds:0.0} s", (time.GetUtcNow() - since).TotalSeconds);
        Recovered?.Invoke();
    }

    // A refused connection, a broken socket, a timeout or a server shutting down; not a constraint or a bug.
    public static bool IsOutage(Exception ex) => ex switch
    {
        DatabaseUnavailableException => true,
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
            || pg.SqlState.StartsWith("57", StringComparison.Ordinal),
        NpgsqlException => true,
        TimeoutException => true,
        System.Net.Sockets.SocketException => true,
        IOException => true,
        _ => false,
    };

    // The abandoned task may still fail later (or succeed, when a frozen server thaws); never unobserved.
    static void Abandon(Task task) =>
        task.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted,
            TaskScheduler.Default);
}
