using Dapper;
using NAPhoneline.Data;
using NAPhoneline.Telephony.Rest;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Notifications;

// Queues an SMS for the background sender, so a webhook answers at once whatever Twilio's API or PostgreSQL is
// doing: the row is written in the background, and while the database is unavailable the text goes out from memory.
public sealed class MessageOutbox(NpgsqlDataSource db, DatabaseBreaker breaker, DirectSms direct)
{
    public void Queue(string to, string from, string body, Instant now) =>
        _ = Task.Run(() => QueueAsync(to, from, body, now, CancellationToken.None));

    const string Insert = """
        insert into outbox_sms (to_number, from_number, body, created_at, due_at)
        values (@to, @from, @body, @now, @now) returning id
        """;

    // A text written with the caller's own changes, in their transaction: it goes out once they commit (the sender
    // polls, or the caller hands the id to OutboxSender.TrySendAsync after the commit).
    public static Task<long> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string to, string from,
        string body, Instant now, CancellationToken ct) =>
        conn.QuerySingleAsync<long>(new CommandDefinition(Insert, new { to, from, body, now = now.ToDateTimeUtc() },
            tx, cancellationToken: ct));

    public async Task QueueAsync(string to, string from, string body, Instant now, CancellationToken ct)
    {
        try
        {
            await breaker.RunAsync(async c =>
            {
                await using var conn = await db.OpenConnectionAsync(c);
                await conn.ExecuteAsync(new CommandDefinition(Insert, new { to, from, body, now = now.ToDateTimeUtc() },
                    cancellationToken: c));
            }, TimeSpan.FromSeconds(5), ct);
        }
        catch (DatabaseUnavailableException)
        {
            direct.Send(new SmsMessage(to, from, body));
        }
    }
}
