using Dapper;
using NAPhoneline.Console.Audit;
using NAPhoneline.Notifications;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Privacy;
using NAPhoneline.Shared.Voice;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Requests;

public enum ActionResult { Done, AlreadyDone, Unknown, Closed, NotNotified, TakenByOther, NotYours, NoNumber }

// Before: the request's status before a change that was made (for the audit log).
public sealed record ActionOutcome(ActionResult Result, RequestRow? Request = null, string? Before = null);

// ACK, DONE and CALL, by text from someone who was told about the request or through the admin API (phone null:
// the caller is already authorised). A refused action changes nothing.
public sealed class RequestActions(NpgsqlDataSource db, PublicUrls urls, NumberVault vault)
{
    // audit: the audit row of a change made, written in its transaction (the admin API's actions).
    public Task<ActionOutcome> AcknowledgeAsync(string code, string? phone, string language, Instant now,
        CancellationToken ct, Func<ActionOutcome, AuditEntry>? audit = null) =>
        InTransactionAsync((conn, tx) => AcknowledgeAsync(conn, tx, vault, code, phone, language, now, ct), now, audit,
            ct);

    public Task<ActionOutcome> ResolveAsync(string code, string? phone, Instant now, CancellationToken ct,
        Func<ActionOutcome, AuditEntry>? audit = null) =>
        InTransactionAsync((conn, tx) => ResolveAsync(conn, tx, vault, code, phone, now, ct), now, audit, ct);

    async Task<ActionOutcome> InTransactionAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task<ActionOutcome>> act,
        Instant now, Func<ActionOutcome, AuditEntry>? audit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var outcome = await act(conn, tx);
        if (outcome.Result != ActionResult.Done) return outcome;
        if (audit is not null) await AuditLog.WriteAsync(conn, tx, audit(outcome), now.ToDateTimeOffset(), ct);
        await tx.CommitAsync(ct);
        return outcome;
    }

    // Within the caller's transaction (the journal replays an ACK from an outage at its own time this way).
    internal static async Task<ActionOutcome> AcknowledgeAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        NumberVault vault, string code, string? phone,
        string language, Instant now, CancellationToken ct, bool tellOthers = true)
    {
        var (request, recipient, refusal) = await FindAsync(conn, tx, vault, code, phone, ct);
        if (refusal is not null) return refusal;
        if (request!.Status == "acknowledged")
            return phone is null || request.AcknowledgedBy == recipient?.Id
                ? new(ActionResult.AlreadyDone, request)
                : new(ActionResult.TakenByOther, request);

        await conn.ExecuteAsync(new CommandDefinition(
            "update requests set status = 'acknowledged', acknowledged_by = @by, acknowledged_at = @now where id = @Id",
            new { by = recipient?.Id, now = now.ToDateTimeUtc(), request.Id }, tx, cancellationToken: ct));
        await RequestStore.EventAsync(conn, tx, request.Id, now, "acknowledged",
            recipient is null ? "admin API" : $"{recipient.Name} (level {recipient.Level})", ct);
        // Everyone else who was told hears that it is taken, so nobody calls a second time.
        var from = request.HelplineNumber
            ?? await RequestStore.HelplineNumberAsync(conn, tx, request.ServiceBodyId, ct);
        if (from is not null && tellOthers)
        {
            var others = await conn.QueryAsync<string>(new CommandDefinition("""
                select distinct phone from request_recipients where request_id = @Id and phone <> @phone
                """, new { request.Id, phone = phone ?? "" }, tx, cancellationToken: ct));
            var body = Prompts.For(language).Text("RequestTakenByOther", request.Code);
            foreach (var other in others)
                await MessageOutbox.InsertAsync(conn, tx, vault, other, from, body, now, ct, request.Id);
        }
        return new(ActionResult.Done, request with { Status = "acknowledged", AcknowledgedBy = recipient?.Id },
            request.Status);
    }

    // actor: who resolves it when no phone is given (the console names its person; else the admin API).
    internal static async Task<ActionOutcome> ResolveAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        NumberVault vault, string code, string? phone, Instant now, CancellationToken ct, string? actor = null)
    {
        var (request, recipient, refusal) = await FindAsync(conn, tx, vault, code, phone, ct);
        if (refusal is not null) return refusal;
        if (phone is not null && request!.Status == "acknowledged" && request.AcknowledgedBy != recipient!.Id)
            return new(ActionResult.TakenByOther, request);

        await conn.ExecuteAsync(new CommandDefinition(
            "update requests set status = 'resolved', closed_at = @now where id = @Id",
            new { now = now.ToDateTimeUtc(), request!.Id }, tx, cancellationToken: ct));
        await RequestStore.EventAsync(conn, tx, request.Id, now, "resolved",
            recipient is null ? actor ?? "admin API" : $"{recipient.Name} (level {recipient.Level})", ct);
        return new(ActionResult.Done, request with { Status = "resolved" }, request.Status);
    }

    // Calls whoever took the request, and (once they press 1) bridges them to the requester with the helpline
    // number as caller ID both ways: neither learns the other's number.
    public async Task<ActionOutcome> CallAsync(string code, string phone, Instant now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (request, recipient, refusal) = await FindAsync(conn, tx, vault, code, phone, ct);
        if (refusal is not null) return refusal;
        if (request!.Status != "acknowledged" || request.AcknowledgedBy != recipient!.Id)
            return new(ActionResult.NotYours, request);
        if (!E164.IsValid(request.CallbackNumber)) return new(ActionResult.NoNumber, request);
        var from = request.HelplineNumber
            ?? await RequestStore.HelplineNumberAsync(conn, tx, request.ServiceBodyId, ct);
        if (from is null) return new(ActionResult.NoNumber, request);

        var url = urls.For("/voice/requests/bridge",
            ("request", request.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into outbox_calls (request_id, to_number, from_number, url, created_at, due_at)
            values (@Id, @phone, @from, @url, @now, @now)
            """, new { request.Id, phone, from, url, now = now.ToDateTimeUtc() }, tx, cancellationToken: ct));
        await RequestStore.EventAsync(conn, tx, request.Id, now, "call-requested", recipient.Name, ct);
        await tx.CommitAsync(ct);
        return new(ActionResult.Done, request);
    }

    sealed record RecipientRow(long Id, string Name, int Level);

    // The request a code names (locked), and the sender among the people told about it.
    static async Task<(RequestRow? Request, RecipientRow? Recipient, ActionOutcome? Refusal)> FindAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, NumberVault vault, string code, string? phone,
        CancellationToken ct)
    {
        var request = (await conn.QuerySingleOrDefaultAsync<RequestRow>(new CommandDefinition(
            $"select {RequestStore.Columns} from requests r where r.code = @code and r.status <> 'resolved' for update",
            new { code }, tx, cancellationToken: ct)))?.Opened(vault);
        if (request is null)
        {
            // Codes are reused once a request is closed: a late DONE or ACK for a closed one gets "closed".
            var closed = await conn.ExecuteScalarAsync<bool>(new CommandDefinition("""
                select exists (select 1 from requests r where r.code = @code and r.status = 'resolved'
                               and (@phone::text is null
                                    or exists (select 1 from request_recipients p
                                               where p.request_id = r.id and p.phone = @phone)))
                """, new { code, phone }, tx, cancellationToken: ct));
            return (null, null, new(closed ? ActionResult.Closed : ActionResult.Unknown));
        }
        if (phone is null) return (request, null, null);
        var recipient = await conn.QuerySingleOrDefaultAsync<RecipientRow>(new CommandDefinition("""
            select id, name, level from request_recipients where request_id = @Id and phone = @phone
            order by level desc limit 1
            """, new { request.Id, phone }, tx, cancellationToken: ct));
        return recipient is null ? (null, null, new(ActionResult.NotNotified)) : (request, recipient, null);
    }
}
