using Npgsql;

namespace NAPhoneline.Data;

// Asks PostgreSQL "select 1" in the background: every 2 s while it answers (so an outage is found before a caller
// finds it), every 0.5 s while it does not (so recovery needs no restart and takes well under 5 s).
public sealed class DatabaseProbe(NpgsqlDataSource db, DatabaseBreaker breaker, ILogger<DatabaseProbe> log)
    : BackgroundService
{
    static readonly TimeSpan Healthy = TimeSpan.FromSeconds(2), Down = TimeSpan.FromMilliseconds(500);
    static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(breaker.IsAvailable ? Healthy : Down, stoppingToken);
                await ProbeOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public async Task<bool> ProbeOnceAsync(CancellationToken ct)
    {
        var wasAvailable = breaker.IsAvailable;
        if (!wasAvailable) db.Clear(); // sockets of a stopped or restarted server are dead: never reuse them
        var ok = await AnswersAsync(ct);
        if (ok && !wasAvailable) breaker.Restore();
        if (!ok && wasAvailable)
        {
            breaker.Trip("probe: no answer within 1 s");
            db.Clear();
        }
        return ok;
    }

    async Task<bool> AnswersAsync(CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(Budget);
        var probe = SelectOneAsync(cts.Token);
        try
        {
            await probe.WaitAsync(Budget, ct);
            return true;
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException || DatabaseBreaker.IsOutage(ex))
        {
            if (ct.IsCancellationRequested) throw;
            _ = probe.ContinueWith(t => _ = t.Exception, CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            log.LogDebug("Database probe failed: {Message}", ex.Message);
            return false;
        }
    }

    async Task SelectOneAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("select 1", conn) { CommandTimeout = 1 };
        await command.ExecuteScalarAsync(ct);
    }
}
