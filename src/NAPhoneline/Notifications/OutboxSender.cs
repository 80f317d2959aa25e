using Dapper;
using NAPhoneline.Shared;
using NAPhoneline.Telephony.Rest;
using Npgsql;

namespace NAPhoneline.Notifications;

// Sends the SMS written to outbox_sms, so no webhook ever waits on Twilio's REST API. Several instances can run it:
// each row is claimed with FOR UPDATE SKIP LOCKED. A failed send is retried with back-off; Twilio's 4xx (other
// than 429) is final. Delivery is at least once: a crash between Twilio's answer and the update resends.
public sealed class OutboxSender(NpgsqlDataSource db, ITelephonyClient telephony, TimeProvider time, ILogger<OutboxSender> log) : BackgroundService
{
    const int MaxAttempts = 8;
    public static TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    // Phone numbers are personal data: a message is kept a week after it was sent (or given up on), for support.
    public static readonly TimeSpan KeepFor = TimeSpan.FromDays(7);
    DateTimeOffset lastPurge;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendOneAsync(stoppingToken)) { }
                if (time.GetUtcNow() - lastPurge > TimeSpan.FromHours(1)) await PurgeAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
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
            delete from outbox_sms where (sent_at is not null or attempts >= @MaxAttempts) and created_at < @before
            """, new { MaxAttempts, before = (time.GetUtcNow() - KeepFor).UtcDateTime }, cancellationToken: ct));
        lastPurge = time.GetUtcNow();
        return purged;
    }

    public async Task<bool> SendOneAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var message = await conn.QuerySingleOrDefaultAsync<(long Id, string To, string From, string Body, int Attempts)?>(new CommandDefinition("""
            select id, to_number, from_number, body, attempts from outbox_sms
            where sent_at is null and due_at <= @now and attempts < @MaxAttempts
            order by due_at limit 1 for update skip locked
            """, new { now, MaxAttempts }, tx, cancellationToken: ct));
        if (message is not { } m) return false;

        try
        {
            var sent = await telephony.SendSmsAsync(new SmsMessage(m.To, m.From, m.Body), ct);
            await conn.ExecuteAsync(new CommandDefinition("update outbox_sms set sent_at = @now, message_sid = @sid, attempts = attempts + 1 where id = @Id",
                new { now, sid = sent.Sid, m.Id }, tx, cancellationToken: ct));
            log.LogInformation("SMS {Id} sent to {To} as {Sid}", m.Id, E164.Mask(m.To), sent.Sid);
        }
        catch (TwilioApiException ex)
        {
            var final = ex.Status is >= 400 and < 500 and not 429;
            var retryIn = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, m.Attempts + 1)));
            await conn.ExecuteAsync(new CommandDefinition("""
                update outbox_sms set attempts = case when @final then @MaxAttempts else attempts + 1 end, due_at = @due, last_error = @error where id = @Id
                """, new { final, MaxAttempts, due = now + retryIn, error = ex.Message, m.Id }, tx, cancellationToken: ct));
            log.LogWarning("SMS {Id} to {To} failed (attempt {Attempt}): {Message}", m.Id, E164.Mask(m.To), m.Attempts + 1, ex.Message);
        }
        await tx.CommitAsync(ct);
        return true;
    }
}
