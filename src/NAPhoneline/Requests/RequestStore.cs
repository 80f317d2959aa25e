using Dapper;
using NAPhoneline.Routing;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Requests;

public static class RequestTypes
{
    public const string TwelfthStep = "twelfth-step", HandI = "hi", PublicInformation = "pi", Callback = "callback", Voicemail = "voicemail";
    public static readonly IReadOnlyList<string> All = [TwelfthStep, HandI, PublicInformation, Callback, Voicemail];
}

public sealed record NewRequest(string Type, long ServiceBodyId, string Role, string Language, string? CallbackNumber, string? RecordingUrl, long? CallId,
    string? HelplineNumber = null, string? Name = null, string? Organisation = null, string? Reason = null);

public sealed record CreatedRequest(long Id, string Code, int Notified);

// A request as the ladder and the texts need it. Property-based for Dapper.
public sealed record RequestRow
{
    public long Id { get; init; }
    public string Code { get; init; } = "";
    public string Type { get; init; } = "";
    public long ServiceBodyId { get; init; }
    public string Role { get; init; } = "";
    public string Language { get; init; } = "en";
    public string? CallbackNumber { get; init; }
    public string? RecordingUrl { get; init; }
    public string? HelplineNumber { get; init; }
    public string? Name { get; init; }
    public string? Organisation { get; init; }
    public string? Reason { get; init; }
    public string Status { get; init; } = "";
    public int Level { get; init; }
    public bool VolunteersFirst { get; init; }
    public long? ResponsibleBodyId { get; init; }
    public DateTime? DueAt { get; init; }
    public long? AcknowledgedBy { get; init; }
    public DateTime? UnansweredAt { get; init; }
    public DateTime CreatedAt { get; init; }

    public LadderState Ladder => new(Status, Level, DueAt is { } d ? Instant.FromDateTimeUtc(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : null,
        UnansweredAt is not null, VolunteersFirst, Type);
}

public sealed record Recipient(string Name, string Phone, long? VolunteerId, string? ContactRole);

// Requests, the people told about them, and their audit trail. Every change to a request and the texts it causes
// are written in one transaction: a request is never without its notification, nor a step sent without its record.
public sealed class RequestStore(NpgsqlDataSource db, RosterStore rosters)
{
    internal const string Columns = """
        r.id, r.code, r.type, r.service_body_id, r.role, r.language, r.callback_number, r.recording_url, r.helpline_number, r.name,
        r.organisation, r.reason, r.status, r.level, r.volunteers_first, r.responsible_body_id, r.due_at, r.acknowledged_by, r.unanswered_at, r.created_at
        """;

    public async Task<CreatedRequest> CreateAsync(NewRequest request, Instant now, CancellationToken ct)
    {
        // Twelfth Step requests go first to the Twelfth Step volunteers on duty now (the roster is cached).
        var responders = new List<Recipient>();
        if (request.Type == RequestTypes.TwelfthStep && await rosters.RosterAsync(request.ServiceBodyId, now, ct) is { } roster)
            responders = roster.OnDutyAt(now).Select(d => roster.Volunteers[d.VolunteerId]).Where(v => v.TwelfthStep).DistinctBy(v => v.Id)
                .Select(v => new Recipient(v.Name, v.Phone, v.Id, null)).ToList();

        await using var conn = await db.OpenConnectionAsync(ct);
        for (var attempt = 0; ; attempt++)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            try
            {
                var chain = await ChainAsync(conn, tx, request.ServiceBodyId, ct);
                var rungs = Ladder.Rungs(chain, request.Role);
                var from = request.HelplineNumber ?? await HelplineNumberAsync(conn, tx, request.ServiceBodyId, ct);
                var volunteersFirst = responders.Count > 0;
                var code = RequestCodes.Next(attempt);
                var id = await conn.QuerySingleAsync<long>(new CommandDefinition("""
                    insert into requests (code, type, service_body_id, role, language, callback_number, recording_url, call_id, helpline_number,
                                          name, organisation, reason, volunteers_first, created_at)
                    values (@code, @Type, @ServiceBodyId, @Role, @Language, @CallbackNumber, @RecordingUrl, @CallId, @from,
                            @Name, @Organisation, @Reason, @volunteersFirst, @now) returning id
                    """, new
                {
                    code, request.Type, request.ServiceBodyId, request.Role, request.Language, request.CallbackNumber, request.RecordingUrl, request.CallId,
                    from, request.Name, request.Organisation, request.Reason, volunteersFirst, now = now.ToDateTimeUtc(),
                }, tx, cancellationToken: ct));
                var row = await LockAsync(conn, tx, id, ct) ?? throw new InvalidOperationException("The request just written is gone.");

                var first = volunteersFirst ? null : Ladder.At(rungs, 0, false);
                var responsible = first?.Body ?? chain[0];
                var recipients = volunteersFirst ? responders : first is null ? [] : [new Recipient(first.Contact.Name, first.Contact.Phone, null, first.Contact.Role)];
                var notified = 0;
                if (recipients.Count > 0 && from is not null)
                {
                    var text = RequestTexts.Notification(row, chain[0], responsible, recipients[0].ContactRole, escalatedFrom: null);
                    notified = (await NotifyAsync(conn, tx, row, 0, recipients, from, text, now, ct)).Count;
                }
                else
                {
                    // Nobody to tell anywhere: the request is visible to operators (GET /admin/api/requests) at once.
                    await EventAsync(conn, tx, id, now, "unanswered", from is null ? "no helpline number to send from" : "no contact on the ladder", ct);
                }
                await conn.ExecuteAsync(new CommandDefinition("""
                    update requests set responsible_body_id = @body, due_at = @due, unanswered_at = case when @notified = 0 then @now end where id = @id
                    """, new { body = responsible.Id, due = (now + responsible.DeadlineFor(request.Type)).ToDateTimeUtc(), notified, now = now.ToDateTimeUtc(), id }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                return new CreatedRequest(id, code, notified);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == "requests_code_while_open" && attempt < 20)
            {
                await tx.RollbackAsync(ct);
            }
        }
    }

    // Records who is told at a level and queues their texts. Returns the queued texts.
    internal static async Task<IReadOnlyList<long>> NotifyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, RequestRow request, int level, IReadOnlyList<Recipient> recipients,
        string from, string text, Instant now, CancellationToken ct)
    {
        var queued = new List<long>();
        foreach (var r in recipients)
        {
            queued.Add(await conn.QuerySingleAsync<long>(new CommandDefinition("""
                with told as (
                    insert into request_recipients (request_id, level, phone, name, volunteer_id, contact_role, notified_at)
                    values (@id, @level, @Phone, @Name, @VolunteerId, @ContactRole, @now))
                insert into outbox_sms (to_number, from_number, body, request_id, created_at, due_at) values (@Phone, @from, @text, @id, @now, @now) returning id;
                """, new { request.Id, level, r.Phone, r.Name, r.VolunteerId, r.ContactRole, from, text, now = now.ToDateTimeUtc() }, tx, cancellationToken: ct)));
        }
        var who = recipients[0].VolunteerId is null
            ? $"{recipients[0].Name} ({recipients[0].ContactRole})"
            : $"{recipients.Count} on-duty Twelfth Step volunteer(s): {string.Join(", ", recipients.Select(r => r.Name))}";
        await EventAsync(conn, tx, request.Id, now, level == 0 ? "notified" : "escalated", $"level {level}: {who}", ct);
        return queued;
    }

    internal static Task EventAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long requestId, Instant now, string kind, string detail, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("insert into request_events (request_id, at, kind, detail) values (@requestId, @at, @kind, @detail)",
            new { requestId, at = now.ToDateTimeUtc(), kind, detail }, tx, cancellationToken: ct));

    internal static Task<RequestRow?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<RequestRow>(new CommandDefinition($"select {Columns} from requests r where r.id = @id for update", new { id }, tx, cancellationToken: ct));

    // The service bodies from this one up to the top, each with its contacts.
    internal static async Task<IReadOnlyList<LadderBody>> ChainAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, long serviceBodyId, CancellationToken ct)
    {
        const string sql = """
            with recursive ladder (id, parent_id, depth) as (
                select id, parent_id, 0 from service_bodies where id = @serviceBodyId
                union all
                select b.id, b.parent_id, l.depth + 1 from service_bodies b join ladder l on b.id = l.parent_id where l.depth < 10)
            select b.id, b.key, b.name, b.kind, b.languages[1] as language, b.acknowledge_within, b.acknowledge_within_by_type::text, l.depth
            from ladder l join service_bodies b on b.id = l.id order by l.depth
            """;
        var bodies = (await conn.QueryAsync<(long Id, string Key, string Name, string Kind, string? Language, TimeSpan? AcknowledgeWithin, string? ByType, int Depth)>(
            new CommandDefinition(sql, new { serviceBodyId }, tx, cancellationToken: ct))).ToList();
        var contacts = (await conn.QueryAsync<(long BodyId, string Role, string Name, string Phone)>(new CommandDefinition(
            "select service_body_id, role, name, phone from contacts where service_body_id = any(@ids) order by id",
            new { ids = bodies.Select(b => b.Id).ToArray() }, tx, cancellationToken: ct))).ToLookup(c => c.BodyId);
        return bodies.Select(b => new LadderBody(b.Id, b.Key, b.Name, b.Kind, b.Language ?? "en", b.AcknowledgeWithin,
            contacts[b.Id].Select(c => new LadderContact(c.Role, c.Name, c.Phone)).ToList(),
            b.ByType is null ? null : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(b.ByType)!.ToDictionary(t => t.Key, t => TimeSpan.FromSeconds(t.Value))))
            .ToList();
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
