using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NAPhoneline.Data;
using NAPhoneline.Hosting;
using Npgsql;

namespace NAPhoneline.State;

// Keeps every in-memory part (the directory, the meeting index, local places) current on every instance:
// loaded before the service listens, reloaded on a NOTIFY from any instance's import or admin change, on a timer
// as a safety net, and whenever the database comes back (notices sent while this instance could not listen are
// lost). A reload that fails leaves the last good state in place.
public sealed class StateRefresher(IEnumerable<IReloadable> parts, NpgsqlDataSource db, DatabaseBreaker breaker,
    IOptionsMonitor<PhonelineOptions> options, ILogger<StateRefresher> log) : BackgroundService
{
    readonly Channel<StateTopic?> pending = Channel.CreateUnbounded<StateTopic?>();
    readonly Dictionary<StateTopic, SemaphoreSlim> gates =
        Enum.GetValues<StateTopic>().ToDictionary(t => t, _ => new SemaphoreSlim(1, 1));

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        breaker.Recovered += () => pending.Writer.TryWrite(null);
        await ReloadAllAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    // After this instance's own change, before its admin call answers: the next webhook here sees it.
    public async Task ReloadAsync(StateTopic topic, CancellationToken ct)
    {
        await gates[topic].WaitAsync(ct);
        try
        {
            foreach (var part in parts.Where(p => p.Topic == topic)) await part.ReloadAsync(ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            log.LogWarning("Reloading {Topic} failed, keeping the state loaded before: {Message}", topic, ex.Message);
        }
        finally
        {
            gates[topic].Release();
        }
    }

    public async Task ReloadAllAsync(CancellationToken ct)
    {
        foreach (var topic in Enum.GetValues<StateTopic>()) await ReloadAsync(topic, ct);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), ApplyAsync(stoppingToken));

    async Task ApplyAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var topic in pending.Reader.ReadAllAsync(ct))
            {
                if (topic is { } one) await ReloadAsync(one, ct);
                else await ReloadAllAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    async Task ListenAsync(CancellationToken ct)
    {
        var reconnect = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(ct);
                conn.Notification += (_, e) =>
                {
                    if (ChangeNotice.Parse(e.Payload) is { } topic) pending.Writer.TryWrite(topic);
                };
                await using (var listen = new NpgsqlCommand($"listen {ChangeNotice.Channel}", conn))
                    await listen.ExecuteNonQueryAsync(ct);
                // Whatever changed while nobody listened here.
                if (reconnect) pending.Writer.TryWrite(null);
                reconnect = true;
                var nextFull = DateTimeOffset.UtcNow + options.CurrentValue.StateReloadInterval;
                while (!ct.IsCancellationRequested)
                {
                    var wait = nextFull - DateTimeOffset.UtcNow;
                    if (wait <= TimeSpan.Zero || !await conn.WaitAsync(wait, ct))
                    {
                        if (DateTimeOffset.UtcNow < nextFull) continue;
                        pending.Writer.TryWrite(null);
                        nextFull = DateTimeOffset.UtcNow + options.CurrentValue.StateReloadInterval;
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogInformation("Change notices unavailable ({Message}); listening again shortly", ex.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(1), ct); } catch (OperationCanceledException) { return; }
            }
        }
    }
}
