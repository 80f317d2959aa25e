using System.Text.Json;
using Dapper;
using NAPhoneline.Shared;
using Npgsql;

namespace NAPhoneline.Console.Audit;

public sealed record AuditEntry(string Actor, long? ServiceBodyId, string Entity, string EntityKey, string Action,
    object? Before = null, object? After = null);

// Every change through the console or the admin API, written in the transaction of the change itself so the log
// and the data cannot disagree. Never a caller's number: requests are named by their code.
public sealed class AuditLog(NpgsqlDataSource db, TimeProvider time)
{
    public const string AdminApi = "admin API";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Actor(ConsoleUser user) => $"{user.Name} ({E164.Mask(user.Phone)})";

    public async Task WriteAsync(AuditEntry entry, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await WriteAsync(conn, null, entry, time.GetUtcNow(), ct);
    }

    public static Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, AuditEntry entry, DateTimeOffset at,
        CancellationToken ct)
    {
        const string sql = """
            insert into audit_log (at, actor, service_body_id, entity, entity_key, action, before, after)
            values (@at, @Actor, @ServiceBodyId, @Entity, @EntityKey, @Action, @before::jsonb, @after::jsonb)
            """;
        return conn.ExecuteAsync(new CommandDefinition(sql, new
        {
            at, entry.Actor, entry.ServiceBodyId, entry.Entity, entry.EntityKey, entry.Action,
            before = entry.Before is null ? null : JsonSerializer.Serialize(entry.Before, Json),
            after = entry.After is null ? null : JsonSerializer.Serialize(entry.After, Json),
        }, tx, cancellationToken: ct));
    }
}
