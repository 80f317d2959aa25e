using Dapper;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Requests;

public sealed record NewRequest(string Type, long ServiceBodyId, string Role, string? CallbackNumber, string? RecordingUrl, long? CallId);

public sealed record CreatedRequest(long Id, string Code, string? NotifiedRole);

public sealed class RequestStore(NpgsqlDataSource db)
{
    // Creates the request, its first audit entry and the SMS to the responsible contact in one transaction, so a
    // request is never without its notification and a notification never without its request.
    public async Task<CreatedRequest> CreateAsync(NewRequest request, Func<string, string> notification, Instant now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        for (var attempt = 0; ; attempt++)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            try
            {
                var code = RequestCodes.Next(attempt);
                var id = await conn.QuerySingleAsync<long>(new CommandDefinition("""
                    insert into requests (code, type, service_body_id, role, callback_number, recording_url, call_id, created_at)
                    values (@code, @Type, @ServiceBodyId, @Role, @CallbackNumber, @RecordingUrl, @CallId, @now) returning id
                    """, new { code, request.Type, request.ServiceBodyId, request.Role, request.CallbackNumber, request.RecordingUrl, request.CallId, now = now.ToDateTimeUtc() },
                    tx, cancellationToken: ct));
                var contact = await ContactAsync(conn, tx, request.ServiceBodyId, request.Role, ct);
                if (contact is { } c && await HelplineNumberAsync(conn, tx, request.ServiceBodyId, ct) is { } from)
                {
                    await conn.ExecuteAsync(new CommandDefinition("""
                        insert into outbox_sms (to_number, from_number, body, request_id, created_at, due_at) values (@to, @from, @body, @id, @now, @now);
                        insert into request_events (request_id, at, kind, detail) values (@id, @now, 'notified', @role);
                        """, new { to = c.Phone, from, body = notification(code), id, now = now.ToDateTimeUtc(), role = c.Role }, tx, cancellationToken: ct));
                }
                else
                {
                    await conn.ExecuteAsync(new CommandDefinition(
                        "insert into request_events (request_id, at, kind, detail) values (@id, @now, 'not-notified', 'no contact or helpline number')",
                        new { id, now = now.ToDateTimeUtc() }, tx, cancellationToken: ct));
                }
                await tx.CommitAsync(ct);
                return new CreatedRequest(id, code, contact?.Role);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt < 20)
            {
                await tx.RollbackAsync(ct);
            }
        }
    }

    // The contact for a role at this body, else its escalation contact, else the same up the ladder.
    static async Task<(string Role, string Phone)?> ContactAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long serviceBodyId, string role, CancellationToken ct)
    {
        const string sql = """
            with recursive ladder (id, parent_id, depth) as (
                select id, parent_id, 0 from service_bodies where id = @serviceBodyId
                union all
                select b.id, b.parent_id, l.depth + 1 from service_bodies b join ladder l on b.id = l.parent_id where l.depth < 10)
            select c.role, c.phone from ladder l join contacts c on c.service_body_id = l.id
            where c.role in (@role, 'escalation')
            order by l.depth, (c.role = @role) desc
            limit 1
            """;
        return await conn.QuerySingleOrDefaultAsync<(string, string)?>(new CommandDefinition(sql, new { serviceBodyId, role }, tx, cancellationToken: ct));
    }

    // SMS go out from a helpline number: this body's, else the nearest one up the ladder (never a person's own).
    internal static async Task<string?> HelplineNumberAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long serviceBodyId, CancellationToken ct)
    {
        const string sql = """
            with recursive ladder (id, parent_id, depth) as (
                select id, parent_id, 0 from service_bodies where id = @serviceBodyId
                union all
                select b.id, b.parent_id, l.depth + 1 from service_bodies b join ladder l on b.id = l.parent_id where l.depth < 10)
            select n.phone from ladder l join helpline_numbers n on n.service_body_id = l.id order by l.depth, n.phone limit 1
            """;
        return await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(sql, new { serviceBodyId }, tx, cancellationToken: ct));
    }
}
