using Dapper;
using NAPhoneline.Console;
using NAPhoneline.Console.Audit;
using NAPhoneline.Shared.Privacy;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Requests;

// A request as the inbox lists it: never the caller's number. Property-based for Dapper.
public sealed record InboxRow
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Type { get; init; } = "";
    public long ServiceBodyId { get; init; }
    public long? ResponsibleBodyId { get; init; }
    public string Role { get; init; } = "";
    public string Status { get; init; } = "";
    public int Level { get; init; }
    public bool VolunteersFirst { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? UnansweredAt { get; init; }
    public DateTime? AcknowledgedAt { get; init; }
    public string? TakerName { get; init; }
    public long? TakerVolunteerId { get; init; }
    public bool Notified { get; init; }
}

// One request with what its page needs. The number and the recording's address are read for the handlers; the page
// shows the number only to the taker and never the address. CallbackNumber is as it rests (encrypted): the page
// opens it to show it.
public sealed record DeskRequest
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Type { get; init; } = "";
    public long ServiceBodyId { get; init; }
    public long? ResponsibleBodyId { get; init; }
    public string Role { get; init; } = "";
    public string Status { get; init; } = "";
    public int Level { get; init; }
    public bool VolunteersFirst { get; init; }
    public string? CallbackNumber { get; init; }
    public string? RecordingUrl { get; init; }
    public string? Name { get; init; }
    public string? Organisation { get; init; }
    public string? Reason { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? DueAt { get; init; }
    public DateTime? AcknowledgedAt { get; init; }
    public DateTime? ClosedAt { get; init; }
    public DateTime? UnansweredAt { get; init; }
    public DateTime? PurgedAt { get; init; }
    public string? TakerName { get; init; }
    public string? TakerPhone { get; init; }
    public long? TakerVolunteerId { get; init; }
    public bool Notified { get; init; }

    public bool SeenBy(ConsoleUser person) => person.SeesRequest(ServiceBodyId, ResponsibleBodyId, Role, Notified);

    public bool TakenBy(ConsoleUser person) => Status != "open" && TakerPhone == person.Phone;
}

public sealed record DeskEvent(DateTime At, string Kind, string Detail);

// The console's reads and changes of requests. Every change is one transaction under the request's row lock, with
// its audit row; who may do what is checked inside it, so a forged form for another body's request changes nothing.
public sealed class RequestDeskStore(NpgsqlDataSource db, NumberVault vault)
{
    const string DeskColumns = """
        r.id, r.code, r.type, r.service_body_id, r.responsible_body_id, r.role, r.status, r.level, r.volunteers_first,
        r.callback_number, r.recording_url, r.name, r.organisation, r.reason, r.created_at, r.due_at, r.acknowledged_at,
        r.closed_at, r.unanswered_at, r.purged_at, p.name as taker_name, p.phone as taker_phone,
        p.volunteer_id as taker_volunteer_id,
        exists (select 1 from request_recipients x where x.request_id = r.id and x.phone = @phone) as notified
        """;

    // The bodies narrow the search (the person's own and those they coordinate); SeesRequest decides.
    public async Task<IReadOnlyList<InboxRow>> InboxAsync(ConsoleUser person, StatusFilter status, string? type,
        long? body, CancellationToken ct)
    {
        const string sql = """
            select r.id, r.code, r.type, r.service_body_id, r.responsible_body_id, r.role, r.status, r.level,
                   r.volunteers_first, r.created_at, r.unanswered_at, r.acknowledged_at, p.name as taker_name,
                   p.volunteer_id as taker_volunteer_id,
                   exists (select 1 from request_recipients x where x.request_id = r.id and x.phone = @phone)
                       as notified
            from requests r left join request_recipients p on p.id = r.acknowledged_by
            where r.status = any(@statuses) and (@type::text is null or r.type = @type)
              and (@body::bigint is null or r.service_body_id = @body or r.responsible_body_id = @body)
              and (r.service_body_id = any(@bodies) or r.responsible_body_id = any(@bodies)
                   or exists (select 1 from request_recipients x where x.request_id = r.id and x.phone = @phone))
            order by (r.status = 'open') desc, r.created_at desc, r.id desc
            limit @limit
            """;
        var bodies = person.Managed.Union(person.Contacts.Select(c => c.ServiceBodyId)).ToArray();
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<InboxRow>(new CommandDefinition(sql, new
        {
            phone = person.Phone, statuses = RequestDesk.Statuses(status), type, body, bodies,
            limit = RequestDesk.InboxLimit,
        }, cancellationToken: ct));
        return rows.Where(r => person.SeesRequest(r.ServiceBodyId, r.ResponsibleBodyId, r.Role, r.Notified)).ToList();
    }

    // The request a code names: the one still being handled, else the latest closed one (codes are reused).
    public async Task<DeskRequest?> FindAsync(string code, ConsoleUser person, CancellationToken ct)
    {
        if (code.Length is 0 or > 10 || !code.All(char.IsAsciiDigit)) return null;
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QueryFirstOrDefaultAsync<DeskRequest>(new CommandDefinition($"""
            select {DeskColumns}
            from requests r left join request_recipients p on p.id = r.acknowledged_by
            where r.code = @code order by (r.status <> 'resolved') desc, r.created_at desc, r.id desc limit 1
            """, new { code, phone = person.Phone }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<DeskEvent>> TrailAsync(long requestId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<DeskEvent>(new CommandDefinition(
            "select at, kind, detail from request_events where request_id = @requestId order by at, id",
            new { requestId }, cancellationToken: ct))).ToList();
    }

    // "I'll take it": as ACK by text. Someone who may see the request but was never told of it is first recorded
    // as told at its current level, so they become the one who took it, and the ladder stops the same way.
    public Task<DeskOutcome> TakeAsync(long id, string code, ConsoleUser person, Instant now, CancellationToken ct) =>
        InLockAsync(id, code, person, async (conn, tx, request) =>
        {
            if (request.Status == "resolved") return DeskOutcome.Closed;
            if (request.Status != "open")
                return request.TakenBy(person) ? DeskOutcome.AlreadyYours : DeskOutcome.TakenByOther;
            if (!request.Notified)
                await conn.ExecuteAsync(new CommandDefinition("""
                    insert into request_recipients
                        (request_id, level, phone, name, volunteer_id, contact_role, notified_at)
                    values (@id, @level, @phone, @name, @volunteer, @role, @now)
                    """, new
                {
                    id, level = request.Level, phone = person.Phone, name = person.Name,
                    volunteer = person.Volunteer?.Id,
                    role = person.Contacts.FirstOrDefault(c => c.ServiceBodyId == request.ServiceBodyId
                        || c.ServiceBodyId == request.ResponsibleBodyId)?.Role,
                    now = now.ToDateTimeUtc(),
                }, tx, cancellationToken: ct));
            var outcome = await RequestActions.AcknowledgeAsync(conn, tx, vault, request.Code, person.Phone,
                person.Language, now, ct);
            if (outcome.Result != ActionResult.Done) return DeskOutcome.TakenByOther;
            await AuditAsync(conn, tx, person, request, "acknowledged", "acknowledged", now, ct);
            return DeskOutcome.Done;
        }, ct);

    public Task<DeskOutcome> ResolveAsync(long id, string code, ConsoleUser person, Instant now,
        CancellationToken ct) =>
        InLockAsync(id, code, person, async (conn, tx, request) =>
        {
            if (request.Status == "resolved") return DeskOutcome.Closed;
            if (!RequestDesk.MayResolve(request.Status, request.TakenBy(person), person.Manages(request.ServiceBodyId)))
                return DeskOutcome.NotAllowed;
            var outcome = await RequestActions.ResolveAsync(conn, tx, vault, request.Code, null, now, ct,
                actor: person.Name);
            if (outcome.Result != ActionResult.Done) return DeskOutcome.Closed;
            await AuditAsync(conn, tx, person, request, "resolved", "resolved", now, ct);
            return DeskOutcome.Done;
        }, ct);

    // A note in the trail, with the writer's name; also on a closed request.
    public Task<DeskOutcome> AddNoteAsync(long id, string code, ConsoleUser person, string note, Instant now,
        CancellationToken ct) =>
        InLockAsync(id, code, person, async (conn, tx, request) =>
        {
            await RequestStore.EventAsync(conn, tx, request.Id, now, "note", $"{person.Name}: {note}", ct);
            await AuditAsync(conn, tx, person, request, "note", request.Status, now, ct);
            return DeskOutcome.Done;
        }, ct);

    async Task<DeskOutcome> InLockAsync(long id, string code, ConsoleUser person,
        Func<NpgsqlConnection, NpgsqlTransaction, DeskRequest, Task<DeskOutcome>> act, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var request = await conn.QuerySingleOrDefaultAsync<DeskRequest>(new CommandDefinition($"""
            select {DeskColumns}
            from requests r left join request_recipients p on p.id = r.acknowledged_by
            where r.id = @id and r.code = @code for update of r
            """, new { id, code, phone = person.Phone }, tx, cancellationToken: ct));
        // Another body's request answers like one that does not exist.
        if (request is null || !request.SeenBy(person)) return DeskOutcome.NotFound;
        var outcome = await act(conn, tx, request);
        if (outcome == DeskOutcome.Done) await tx.CommitAsync(ct);
        return outcome;
    }

    // Named by its code, with its status before and after: never the caller's number, nor a note's words.
    static Task AuditAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ConsoleUser person, DeskRequest request,
        string action, string after, Instant now, CancellationToken ct) =>
        AuditLog.WriteAsync(conn, tx, new AuditEntry(AuditLog.Actor(person), request.ServiceBodyId, "request",
            request.Code, action, new { status = request.Status }, new { status = after }), now.ToDateTimeOffset(), ct);
}
