using Dapper;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Notifications;

// Queues an SMS for the background sender, so a webhook answers at once whatever Twilio's API is doing.
public sealed class MessageOutbox(NpgsqlDataSource db)
{
    public async Task QueueAsync(string to, string from, string body, Instant now, CancellationToken ct)
    {
        const string sql = "insert into outbox_sms (to_number, from_number, body, created_at, due_at) values (@to, @from, @body, @now, @now)";
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, new { to, from, body, now = now.ToDateTimeUtc() }, cancellationToken: ct));
    }
}
