using Dapper;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Requests;

public sealed record RequestDraft(string CallSid, string Type, long ServiceBodyId, string? CallbackNumber, bool Confirmed, string Language);

// A voice request collects its callback number over several webhooks. The number waits here, keyed by the call,
// never in a URL; the draft becomes a request exactly once (record action or hang-up, whichever comes first).
public sealed class RequestDrafts(NpgsqlDataSource db)
{
    public async Task StartAsync(string callSid, string type, long serviceBodyId, string? callbackNumber, string language, Instant now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into request_drafts (call_sid, type, service_body_id, callback_number, language, created_at)
            values (@callSid, @type, @serviceBodyId, @callbackNumber, @language, @now)
            on conflict (call_sid) do update set type = excluded.type, service_body_id = excluded.service_body_id,
                callback_number = excluded.callback_number, confirmed = false, language = excluded.language, created_at = excluded.created_at
            """, new { callSid, type, serviceBodyId, callbackNumber, language, now = now.ToDateTimeUtc() }, cancellationToken: ct));
    }

    public async Task<RequestDraft?> FindAsync(string callSid, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<RequestDraft>(new CommandDefinition(
            "select call_sid, type, service_body_id, callback_number, confirmed, language from request_drafts where call_sid = @callSid",
            new { callSid }, cancellationToken: ct));
    }

    public async Task SetNumberAsync(string callSid, string callbackNumber, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("update request_drafts set callback_number = @callbackNumber, confirmed = false where call_sid = @callSid",
            new { callSid, callbackNumber }, cancellationToken: ct));
    }

    public async Task ConfirmAsync(string callSid, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("update request_drafts set confirmed = true where call_sid = @callSid and callback_number is not null",
            new { callSid }, cancellationToken: ct));
    }

    // Removes and returns the draft: whoever gets it makes the request, so a retried or duplicated webhook cannot.
    public async Task<RequestDraft?> TakeAsync(string callSid, bool confirmedOnly, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<RequestDraft>(new CommandDefinition("""
            delete from request_drafts where call_sid = @callSid and (confirmed or not @confirmedOnly)
            returning call_sid, type, service_body_id, callback_number, confirmed, language
            """, new { callSid, confirmedOnly }, cancellationToken: ct));
    }
}
