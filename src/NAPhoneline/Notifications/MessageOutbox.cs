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

    public async Task QueueAsync(string to, string from, string body, Instant now, CancellationToken ct)
    {
        const string sql = "insert into outbox_sms (to_number, from_number, body, created_at, due_at) values (@to, @from, @body, @now, @now)";
        try
        {
            await breaker.RunAsync(async c =>
            {
                await using var conn = await db.OpenConnectionAsync(c);
                await conn.ExecuteAsync(new CommandDefinition(sql, new { to, from, body, now = now.ToDateTimeUtc() },
                    cancellationToken: c));
            }, TimeSpan.FromSeconds(5), ct);
        }
        catch (DatabaseUnavailableException)
        {
            direct.Send(new SmsMessage(to, from, body));
        }
    }
}
