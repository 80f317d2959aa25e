using Dapper;
using Npgsql;

namespace NAPhoneline.Console.Audit;

public sealed record AuditRow(long Id, DateTime At, string Actor, long? ServiceBodyId, string Entity, string EntityKey,
    string Action, string? Before, string? After);

// The audit log read back for the console: newest first, a page at a time, only the bodies named (and the rows of
// no body when asked for them).
public sealed class AuditStore(NpgsqlDataSource db)
{
    public async Task<IReadOnlyList<AuditRow>> PageAsync(IReadOnlyCollection<long> bodies, bool withoutBody,
        PageCursor? before, int limit, CancellationToken ct)
    {
        const string sql = """
            select id, at, actor, service_body_id, entity, entity_key, action, before::text as before,
                   after::text as after
            from audit_log
            where (service_body_id = any(@bodies) or (@withoutBody and service_body_id is null))
              and (@beforeAt::timestamptz is null or (at, id) < (@beforeAt, @beforeId))
            order by at desc, id desc
            limit @limit
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<AuditRow>(new CommandDefinition(sql, new
        {
            bodies = bodies.ToArray(), withoutBody, beforeAt = before?.At, beforeId = before?.Id ?? 0, limit,
        }, cancellationToken: ct))).AsList();
    }
}
