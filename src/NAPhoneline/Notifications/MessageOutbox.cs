using Dapper;
using NAPhoneline.Data;
using NAPhoneline.Shared.Privacy;
using NAPhoneline.Telephony.Rest;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Notifications;

// Queues an SMS for the background sender, so a webhook answers at once whatever Twilio's API or PostgreSQL is
// doing: the row is written in the background, and while the database is unavailable the text goes out from memory.
// The recipient and the body rest encrypted (a "Taken" text carries the caller's number); OutboxSender opens them
// just before the REST call. Every write of outbox_sms goes through InsertAsync.
public sealed class MessageOutbox(NpgsqlDataSource db, DatabaseBreaker breaker, DirectSms direct, NumberVault vault)
{
    public void Queue(string to, string from, string body, Instant now) =>
        _ = Task.Run(() => QueueAsync(to, from, body, now, CancellationToken.None));

    const string Insert = """
        insert into outbox_sms (to_number, from_number, body, request_id, created_at, due_at)
        values (@to, @from, @body, @requestId, @now, @now) returning id
        """;

    static object Row(NumberVault vault, string to, string from, string body, long? requestId, Instant now) =>
        new { to = vault.Protect(to), from, body = vault.Protect(body), requestId, now = now.ToDateTimeUtc() };

    // A text written with the caller's own changes, in their transaction: it goes out once they commit (the sender
    // polls, or the caller hands the id to OutboxSender.TrySendAsync after the commit).
    public static Task<long> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, NumberVault vault, string to,
        string from, string body, Instant now, CancellationToken ct, long? requestId = null) =>
        conn.QuerySingleAsync<long>(new CommandDefinition(Insert, Row(vault, to, from, body, requestId, now), tx,
            cancellationToken: ct));

    public async Task QueueAsync(string to, string from, string body, Instant now, CancellationToken ct)
    {
        try
        {
            await breaker.RunAsync(async c =>
            {
                await using var conn = await db.OpenConnectionAsync(c);
                await conn.ExecuteAsync(new CommandDefinition(Insert, Row(vault, to, from, body, null, now),
                    cancellationToken: c));
            }, TimeSpan.FromSeconds(5), ct);
        }
        catch (DatabaseUnavailableException)
        {
            direct.Send(new SmsMessage(to, from, body));
        }
    }
}
