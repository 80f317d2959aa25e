using System.Diagnostics;
using Dapper;
using NAPhoneline.Hosting;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Privacy;
using NAPhoneline.Telephony.Rest;
using Npgsql;

namespace NAPhoneline.Notifications;

// Sends the SMS written to outbox_sms, so no webhook ever waits on Twilio's REST API. Several instances can run it:
// each row is claimed with FOR UPDATE SKIP LOCKED. A failed send is retried with back-off; Twilio's 4xx (other
// than 429) is final. Delivery is at least once: a crash between Twilio's answer and the update resends.
public sealed class OutboxSender(NpgsqlDataSource db, ITelephonyClient telephony, TimeProvider time,
    PhonelineMetrics metrics, IHostEnvironment environment, NumberVault vault, ILogger<OutboxSender> log)
    : BackgroundService
{
    const int MaxAttempts = 8;
    public static TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    // Phone numbers are personal data: a message is kept a week after it was sent (or given up on), for support.
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(7);
    DateTimeOffset lastPurge;
    // The backlog is counted on real time, at most this often, for /metrics (not per poll: one query a second is
    // not worth a gauge read every 15 s).
    internal static readonly TimeSpan CountEvery = TimeSpan.FromSeconds(10);
    long lastCount;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendOneAsync(stoppingToken)) { }
                while (await PlaceOneCallAsync(stoppingToken)) { }
                if (time.GetUtcNow() - lastPurge > TimeSpan.FromHours(1)) await PurgeAsync(stoppingToken);
                if (Stopwatch.GetElapsedTime(lastCount) > CountEvery) await CountBacklogAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException
                                       && !stoppingToken.IsCancellationRequested)
            {
                log.LogWarning("Outbox unavailable: {Message}", ex.Message);
            }
            // Polling runs on real time; only "is it due" reads the injected clock.
            try { await Task.Delay(PollInterval, stoppingToken); } catch (OperationCanceledException) { }
        }
    }

    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var purged = await conn.ExecuteAsync(new CommandDefinition("""
            delete from outbox_sms where (sent_at is not null or attempts >= @MaxAttempts) and created_at < @before;
            delete from outbox_calls where (sent_at is not null or attempts >= @MaxAttempts) and created_at < @before
            """, new { MaxAttempts, before = (time.GetUtcNow() - KeepFor).UtcDateTime }, cancellationToken: ct));
        lastPurge = time.GetUtcNow();
        return purged;
    }

    sealed record Backlog(long Sms, long Calls, DateTime? Oldest);

    // "The outbox backs up": rows not sent and not given up on that are due or already being retried (a retry's
    // due_at moves ahead with the back-off, so due alone would hide a Twilio outage). Both pending indexes cover it.
    public async Task CountBacklogAsync(CancellationToken ct)
    {
        lastCount = Stopwatch.GetTimestamp();
        await using var conn = await db.OpenConnectionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var b = await conn.QuerySingleAsync<Backlog>(new CommandDefinition("""
            with waiting as (
              select 'sms' as box, created_at from outbox_sms
              where sent_at is null and attempts < @MaxAttempts and (due_at <= @now or attempts > 0)
              union all
              select 'call' as box, created_at from outbox_calls
              where sent_at is null and attempts < @MaxAttempts and (due_at <= @now or attempts > 0))
            select count(*) filter (where box = 'sms') as sms, count(*) filter (where box = 'call') as calls,
              min(created_at) as oldest
            from waiting
            """, new { now, MaxAttempts }, cancellationToken: ct));
        metrics.OutboxBacklog(b.Sms, b.Calls, b.Oldest is { } oldest ? now - oldest : TimeSpan.Zero);
    }

    public Task<bool> SendOneAsync(CancellationToken ct) => SendAsync(Sms, null, ct);

    public Task<bool> PlaceOneCallAsync(CancellationToken ct) => SendAsync(Calls, null, ct);

    // Sends one queued message now (a job that just wrote it need not wait for the next poll). Never throws for
    // Twilio or the database: whatever is not sent here the polling loop sends later.
    public async Task TrySendAsync(long id, CancellationToken ct)
    {
        try { await SendAsync(Sms, id, ct); }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            log.LogWarning("SMS {Id} left to the outbox: {Message}", id, ex.Message);
        }
    }

    // The two outboxes differ only in their table, what they carry, and the REST call that sends them.
    sealed record Outbox(string Table, string Payload, string SidColumn, string What,
        Func<ITelephonyClient, Item, CancellationToken, Task<string?>> Send);

    sealed record Item(long Id, string ToNumber, string FromNumber, string Payload, int Attempts);

    static readonly Outbox Sms = new("outbox_sms", "body", "message_sid", "SMS",
        async (t, m, ct) => (await t.SendSmsAsync(new SmsMessage(m.ToNumber, m.FromNumber, m.Payload), ct)).Sid);

    // A bridge call: the member's phone rings from the helpline number and runs the TwiML at the queued URL.
    static readonly Outbox Calls = new("outbox_calls", "url", "call_sid", "Call",
        async (t, m, ct) => (await t.CreateCallAsync(
            new OutboundCall(m.ToNumber, m.FromNumber) { Url = m.Payload, Timeout = 30 }, ct)).Sid);

    async Task<bool> SendAsync(Outbox box, long? id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var item = await conn.QuerySingleOrDefaultAsync<Item>(new CommandDefinition($"""
            select id, to_number, from_number, {box.Payload} as payload, attempts from {box.Table}
            where sent_at is null and due_at <= @now and attempts < @MaxAttempts and (@id::bigint is null or id = @id)
            order by due_at limit 1 for update skip locked
            """, new { now, MaxAttempts, id }, tx, cancellationToken: ct));
        if (item is null) return false;
        // Texts rest encrypted (MessageOutbox); a bridge call's member number and URL are not a caller's.
        if (box == Sms)
        {
            try
            {
                item = item with { ToNumber = vault.Unprotect(item.ToNumber), Payload = vault.Unprotect(item.Payload) };
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                // Changed, or under a key no longer configured: never sent, and kept for an operator to look at.
                await conn.ExecuteAsync(new CommandDefinition($"""
                    update {box.Table} set attempts = @MaxAttempts, last_error = @error where id = @Id
                    """, new { MaxAttempts, error = "cannot be decrypted: " + ex.Message, item.Id }, tx,
                    cancellationToken: ct));
                await tx.CommitAsync(ct);
                log.LogError("{What} {Id} cannot be decrypted and is given up: {Message}", box.What, item.Id,
                    ex.Message);
                return true;
            }
        }

        // The local demo has no real Twilio account: its texts (no caller's number is ever in one) are shown here.
        if (environment.IsDevelopment() && box == Sms && item.Attempts == 0)
            log.LogInformation("Development: SMS to {To}: {Body}", E164.Mask(item.ToNumber), item.Payload);
        try
        {
            var sid = await box.Send(telephony, item, ct);
            await conn.ExecuteAsync(new CommandDefinition(
                $"update {box.Table} set sent_at = @now, {box.SidColumn} = @sid, attempts = attempts + 1 "
                + "where id = @Id",
                new { now, sid, item.Id }, tx, cancellationToken: ct));
            log.LogInformation("{What} {Id} to {To} sent as {Sid}", box.What, item.Id, E164.Mask(item.ToNumber), sid);
        }
        catch (TwilioApiException ex)
        {
            var final = ex.Status is >= 400 and < 500 and not 429;
            var retryIn = Backoff.After(item.Attempts + 1, TimeSpan.FromMinutes(5));
            await conn.ExecuteAsync(new CommandDefinition($"""
                update {box.Table} set attempts = case when @final then @MaxAttempts else attempts + 1 end,
                    due_at = @due, last_error = @error where id = @Id
                """, new { final, MaxAttempts, due = now + retryIn, error = ex.Message, item.Id }, tx,
                cancellationToken: ct));
            metrics.SendFailed(box == Sms ? "sms" : "call", final);
            log.LogWarning("{What} {Id} to {To} failed (attempt {Attempt}): {Message}",
                box.What, item.Id, E164.Mask(item.ToNumber), item.Attempts + 1, ex.Message);
        }
        await tx.CommitAsync(ct);
        return true;
    }
}
