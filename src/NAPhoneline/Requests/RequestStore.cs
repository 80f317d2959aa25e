using Dapper;
using NAPhoneline.Console.Audit;
using NAPhoneline.Notifications;
using NAPhoneline.Shared.Privacy;
using NAPhoneline.Shared.Requests;
using NAPhoneline.State;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Requests;

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
    // CONTRACT 14: the caller asked for a woman ("female") or a man ("male").
    public string? GenderPreference { get; init; }
    public string Status { get; init; } = "";
    public int Level { get; init; }
    public bool VolunteersFirst { get; init; }
    public long? ResponsibleBodyId { get; init; }
    public DateTime? DueAt { get; init; }
    public long? AcknowledgedBy { get; init; }
    public DateTime? UnansweredAt { get; init; }
    public DateTime CreatedAt { get; init; }

    // The callback number rests encrypted (NumberVault); a row read for the texts, the console or the bridge opens
    // it here. One that does not open (changed, or under a key no longer configured) reads as no number, so the
    // ladder still tells people rather than stopping on it.
    internal RequestRow Opened(NumberVault vault) => this with { CallbackNumber = vault.TryUnprotect(CallbackNumber) };

    public LadderState Ladder => new(Status, Level,
        DueAt is { } d ? Instant.FromDateTimeUtc(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : null,
        UnansweredAt is not null, VolunteersFirst, Type);
}

// Email: a contact's address, for the voicemail email (volunteers are texted only).
// The emails that go with a notice, in the language of its text.
public sealed record NoticeEmails(RequestEmails Emails, string Language);

public sealed record Recipient(string Name, string Phone, long? VolunteerId, string? ContactRole, string? Email = null)
{
    public static Recipient Of(LadderContact contact) => new(contact.Name, contact.Phone, null, contact.Role,
        contact.Email);
}

// Requests, the people told about them, and their audit trail. Every change to a request and the texts it causes
// are written in one transaction: a request is never without its notification, nor a step sent without its record.
public sealed class RequestStore(NpgsqlDataSource db, HelplineDirectory directories, RequestEmails emails,
    NumberVault vault, NumberHashes hashes)
{
    internal const string Columns = """
        r.id, r.code, r.type, r.service_body_id, r.role, r.language, r.callback_number, r.recording_url,
        r.helpline_number, r.name, r.organisation, r.reason, r.gender_preference, r.status, r.level,
        r.volunteers_first, r.responsible_body_id, r.due_at, r.acknowledged_by, r.unanswered_at, r.created_at
        """;

    // audit: the audit row of a request made through the admin API (by its code), in the same transaction.
    public async Task<CreatedRequest> CreateAsync(NewRequest request, Instant now, CancellationToken ct,
        Func<string, AuditEntry>? audit = null)
    {
        // Who is told comes from memory (the roster and the ladder's contacts), like everything a call needs.
        var directory = directories.Current;
        var chain = FirstNotice.Chain(directory, request.ServiceBodyId);
        var responders = FirstNotice.Responders(directory, request, now);
        var from = request.HelplineNumber ?? directory.HelplineNumberFor(request.ServiceBodyId);
        await using var conn = await db.OpenConnectionAsync(ct);
        for (var attempt = 0; ; attempt++)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            try
            {
                var code = RequestCodes.Next(attempt);
                var notice = FirstNotice.Plan(FirstNotice.Draft(request, code, now), chain, responders, from, now);
                var id = await InsertAsync(conn, tx, vault, hashes, request, code, notice.From,
                    notice.VolunteersFirst, notice.Responsible.Id, notice.DueAt,
                    notice.Text is null ? now : null, now, ct);
                if (id is null)
                {
                    // The same request reached the database by another path (a retried webhook, the journal).
                    var existing = await conn.QuerySingleAsync<(long Id, string Code)>(new CommandDefinition(
                        "select id, code from requests where origin = @Origin", request, tx, cancellationToken: ct));
                    return new CreatedRequest(existing.Id, existing.Code, 0);
                }
                var row = await LockAsync(conn, tx, vault, id.Value, ct)
                    ?? throw new InvalidOperationException("The request just written is gone.");
                if (notice.Text is not null)
                    await NotifyAsync(conn, tx, vault, row, 0, notice.Recipients, notice.From!, notice.Text, now,
                        new(emails, notice.Responsible.Language), ct);
                else
                    // Nobody to tell anywhere: the request is visible to operators (GET /admin/api/requests) at once.
                    await EventAsync(conn, tx, id.Value, now, "unanswered", notice.UnansweredBecause!, ct);
                if (audit is not null) await AuditLog.WriteAsync(conn, tx, audit(code), now.ToDateTimeOffset(), ct);
                await tx.CommitAsync(ct);
                return new CreatedRequest(id.Value, code, notice.Recipients.Count);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation
                                               && ex.ConstraintName == "requests_code_while_open"
                                               && attempt < 20)
            {
                await tx.RollbackAsync(ct);
            }
        }
    }

    // The request row as the first notice leaves it; null when its origin is already there. The callback number is
    // written encrypted, with its keyed hash for lookups.
    internal static Task<long?> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, NumberVault vault,
        NumberHashes hashes, NewRequest request, string code, string? from,
        bool volunteersFirst, long responsibleBodyId, Instant dueAt, Instant? unansweredAt, Instant createdAt,
        CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition("""
            insert into requests (code, type, service_body_id, role, language, callback_number, callback_hash,
                                  recording_url, call_id, helpline_number,
                                  name, organisation, reason, volunteers_first, created_at, responsible_body_id,
                                  due_at, unanswered_at, origin,
                                  gender_preference)
            values (@code, @Type, @ServiceBodyId, @Role, @Language, @callback, @callbackHash, @RecordingUrl,
                    @CallId, @from, @Name, @Organisation, @Reason, @volunteersFirst, @createdAt,
                    @responsible, @due, @unanswered, @Origin, @GenderPreference)
            on conflict (origin) where origin is not null do nothing
            returning id
            """, new
        {
            code, request.Type, request.ServiceBodyId, request.Role, request.Language,
            callback = vault.Protect(request.CallbackNumber),
            callbackHash = request.CallbackNumber is { } n ? hashes.Hash(n) : null, request.RecordingUrl,
            request.CallId, from, request.Name, request.Organisation, request.Reason, volunteersFirst,
            createdAt = createdAt.ToDateTimeUtc(), responsible = responsibleBodyId, due = dueAt.ToDateTimeUtc(),
            unanswered = unansweredAt?.ToDateTimeUtc(), request.Origin, request.GenderPreference,
        }, tx, cancellationToken: ct));

    // Records who is told at a level and queues their texts (and a voicemail's emails, in the text's language).
    // Returns the queued texts.
    internal static async Task<IReadOnlyList<long>> NotifyAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        NumberVault vault, RequestRow request, int level, IReadOnlyList<Recipient> recipients,
        string from, string text, Instant now, NoticeEmails mail, CancellationToken ct)
    {
        var queued = new List<long>();
        foreach (var r in recipients)
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into request_recipients (request_id, level, phone, name, volunteer_id, contact_role, notified_at)
                values (@id, @level, @Phone, @Name, @VolunteerId, @ContactRole, @now)
                """, new
                {
                    request.Id, level, r.Phone, r.Name, r.VolunteerId, r.ContactRole, now = now.ToDateTimeUtc(),
                }, tx, cancellationToken: ct));
            queued.Add(await MessageOutbox.InsertAsync(conn, tx, vault, r.Phone, from, text, now, ct, request.Id));
        }
        var who = recipients[0].VolunteerId is null
            ? $"{recipients[0].Name} ({recipients[0].ContactRole})"
            : $"{recipients.Count} on-duty Twelfth Step volunteer(s): "
                + $"{string.Join(", ", recipients.Select(r => r.Name))}";
        await EventAsync(conn, tx, request.Id, now, level == 0 ? "notified" : "escalated", $"level {level}: {who}", ct);
        await mail.Emails.QueueAsync(conn, tx, request, recipients, text, mail.Language, now, ct);
        return queued;
    }

    internal static Task EventAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long requestId, Instant now,
        string kind, string detail, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            "insert into request_events (request_id, at, kind, detail) values (@requestId, @at, @kind, @detail)",
            new { requestId, at = now.ToDateTimeUtc(), kind, detail }, tx, cancellationToken: ct));

    internal static async Task<RequestRow?> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, NumberVault vault,
        long id, CancellationToken ct) =>
        (await conn.QuerySingleOrDefaultAsync<RequestRow>(new CommandDefinition(
            $"select {Columns} from requests r where r.id = @id for update", new { id }, tx, cancellationToken: ct)))
        ?.Opened(vault);

    // The service bodies from this one up to the top, each with its contacts.
    internal static async Task<IReadOnlyList<LadderBody>> ChainAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, long serviceBodyId, CancellationToken ct)
    {
        const string sql = """
            with recursive ladder (id, parent_id, depth) as (
                select id, parent_id, 0 from service_bodies where id = @serviceBodyId
                union all
                select b.id, b.parent_id, l.depth + 1 from service_bodies b join ladder l on b.id = l.parent_id
                where l.depth < 10)
            select b.id, b.key, b.name, b.kind, b.languages[1] as language, b.acknowledge_within,
                   b.acknowledge_within_by_type::text, l.depth
            from ladder l join service_bodies b on b.id = l.id order by l.depth
            """;
        var bodies = (await conn.QueryAsync<(long Id, string Key, string Name, string Kind, string? Language,
                TimeSpan? AcknowledgeWithin, string? ByType, int Depth)>(
            new CommandDefinition(sql, new { serviceBodyId }, tx, cancellationToken: ct))).ToList();
        var contacts = (await conn.QueryAsync<(long BodyId, string Role, string Name, string Phone, string? Email)>(
            new CommandDefinition(
            """
            select service_body_id, role, name, phone, email from contacts
            where service_body_id = any(@ids) order by id
            """,
            new { ids = bodies.Select(b => b.Id).ToArray() }, tx, cancellationToken: ct))).ToLookup(c => c.BodyId);
        return bodies.Select(b => new LadderBody(b.Id, b.Key, b.Name, b.Kind, b.Language ?? "en", b.AcknowledgeWithin,
            contacts[b.Id].Select(c => new LadderContact(c.Role, c.Name, c.Phone, c.Email)).ToList(),
            b.ByType is null
                ? null
                : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(b.ByType)!
                    .ToDictionary(t => t.Key, t => TimeSpan.FromSeconds(t.Value))))
            .ToList();
    }

    // SMS go out from a helpline number: this body's, else the nearest one up the ladder (never a person's own).
    internal static async Task<string?> HelplineNumberAsync(
        NpgsqlConnection conn, NpgsqlTransaction? tx, long serviceBodyId, CancellationToken ct)
    {
        const string sql = """
            with recursive ladder (id, parent_id, depth) as (
                select id, parent_id, 0 from service_bodies where id = @serviceBodyId
                union all
                select b.id, b.parent_id, l.depth + 1 from service_bodies b join ladder l on b.id = l.parent_id
                where l.depth < 10)
            select n.phone from ladder l join helpline_numbers n on n.service_body_id = l.id
            order by l.depth, n.phone limit 1
            """;
        return await conn.QuerySingleOrDefaultAsync<string?>(
            new CommandDefinition(sql, new { serviceBodyId }, tx, cancellationToken: ct));
    }
}
