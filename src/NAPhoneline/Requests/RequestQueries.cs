using NAPhoneline.Shared.Privacy;
using Dapper;
using NAPhoneline.Shared;
using Npgsql;

namespace NAPhoneline.Requests;

public sealed record RequestEvent(DateTime At, string Kind, string Detail);

// What operators see of a request. The requester's number is masked: the person who takes the request gets it
// by ACK; nobody else needs it.
public sealed record RequestView(
    string Code, string Type, string ServiceBody, string Role, string Status, int Level, string? ResponsibleBody,
    string? CallbackNumber, bool HasRecording, string? Name, string? Organisation, string? Reason, DateTime CreatedAt,
    DateTime? DueAt, DateTime? AcknowledgedAt,
    string? AcknowledgedBy, DateTime? ClosedAt, DateTime? UnansweredAt, IReadOnlyList<RequestEvent> Events);

public static class RequestQueries
{
    const string Select = """
        select r.id, r.code, r.type, b.key as service_body, r.role, r.status, r.level, rb.key as responsible_body,
               r.callback_number, r.recording_url is not null as has_recording, r.name, r.organisation, r.reason,
               r.created_at, r.due_at, r.acknowledged_at,
               coalesce(p.name, case when r.acknowledged_at is not null then 'admin API' end) as acknowledged_by,
               r.closed_at, r.unanswered_at
        from requests r
        join service_bodies b on b.id = r.service_body_id
        left join service_bodies rb on rb.id = r.responsible_body_id
        left join request_recipients p on p.id = r.acknowledged_by
        """;

    sealed record Row
    {
        public long Id { get; init; }
        public string Code { get; init; } = "";
        public string Type { get; init; } = "";
        public string ServiceBody { get; init; } = "";
        public string Role { get; init; } = "";
        public string Status { get; init; } = "";
        public int Level { get; init; }
        public string? ResponsibleBody { get; init; }
        public string? CallbackNumber { get; init; }
        public bool HasRecording { get; init; }
        public string? Name { get; init; }
        public string? Organisation { get; init; }
        public string? Reason { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime? DueAt { get; init; }
        public DateTime? AcknowledgedAt { get; init; }
        public string? AcknowledgedBy { get; init; }
        public DateTime? ClosedAt { get; init; }
        public DateTime? UnansweredAt { get; init; }
    }

    public static async Task<IReadOnlyList<RequestView>> ListAsync(NpgsqlConnection conn, NumberVault vault,
        string? status, string? serviceBody, int limit, CancellationToken ct)
    {
        var rows = (await conn.QueryAsync<Row>(new CommandDefinition($"""
            {Select}
            where (@status::text is null or r.status = @status) and (@serviceBody::text is null or b.key = @serviceBody)
            order by r.created_at desc, r.id desc limit @limit
            """, new { status, serviceBody, limit }, cancellationToken: ct))).ToList();
        return await WithEventsAsync(conn, vault, rows, ct);
    }

    // The open (or acknowledged) request with this code, else the latest resolved one.
    public static async Task<RequestView?> FindAsync(NpgsqlConnection conn, NumberVault vault, string code,
        CancellationToken ct)
    {
        var row = await conn.QueryFirstOrDefaultAsync<Row>(new CommandDefinition($"""
            {Select} where r.code = @code order by (r.status <> 'resolved') desc, r.created_at desc limit 1
            """, new { code }, cancellationToken: ct));
        return row is null ? null : (await WithEventsAsync(conn, vault, [row], ct))[0];
    }

    // The API shows the callback number masked: opened here only to be masked.
    static string? Masked(NumberVault vault, string? stored) =>
        vault.TryUnprotect(stored) is { } number ? E164.Mask(number) : null;

    static async Task<IReadOnlyList<RequestView>> WithEventsAsync(NpgsqlConnection conn, NumberVault vault,
        IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var events = (await conn.QueryAsync<(long RequestId, DateTime At, string Kind, string Detail)>(
            new CommandDefinition(
                "select request_id, at, kind, detail from request_events where request_id = any(@ids) order by at, id",
                new { ids = rows.Select(r => r.Id).ToArray() }, cancellationToken: ct)))
            .ToLookup(e => e.RequestId);
        return rows.Select(r => new RequestView(
            r.Code, r.Type, r.ServiceBody, r.Role, r.Status, r.Level, r.ResponsibleBody,
            Masked(vault, r.CallbackNumber), r.HasRecording, r.Name, r.Organisation, r.Reason, r.CreatedAt, r.DueAt,
            r.AcknowledgedAt, r.AcknowledgedBy, r.ClosedAt, r.UnansweredAt,
            events[r.Id].Select(e => new RequestEvent(e.At, e.Kind, e.Detail)).ToList())).ToList();
    }
}
