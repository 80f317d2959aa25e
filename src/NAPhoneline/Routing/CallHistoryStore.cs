using Dapper;
using NAPhoneline.Console;
using Npgsql;

namespace NAPhoneline.Routing;

public sealed record CallRecordRow
{
    public long Id { get; init; }
    public long ServiceBodyId { get; init; }
    public string CallerMasked { get; init; } = "";
    public string Language { get; init; } = "en";
    public DateTime StartedAt { get; init; }
    public DateTime? EndedAt { get; init; }
    public string[] Path { get; init; } = [];
    public bool Searched { get; init; }
    public long? AnsweredBy { get; init; }
    public string? Outcome { get; init; }
    public int RingSeconds { get; init; }
    public int? TalkSeconds { get; init; }
    // CONTRACT 14: the regional body dialled and the coverage entry that matched.
    public long? RoutedFrom { get; init; }
    public string? RouteMatch { get; init; }
}

public sealed record CallLegRow(long CallId, long? VolunteerId, string Kind, string Status, DateTime StartedAt);

// Which calls to list: the service bodies (already checked against the person), each with the instants its
// dates begin and end in its own zone when a date filter is set, an outcome, and where the last page stopped.
public sealed record CallQuery(IReadOnlyList<(long BodyId, DateTime Since, DateTime Until)> Bodies, bool Dated,
    CallCategory? Category, PageCursor? Before, int Limit);

// The call log read back for the console: newest first, a page at a time, never a body the query does not name.
public sealed class CallHistoryStore(NpgsqlDataSource db)
{
    public async Task<(IReadOnlyList<CallRecordRow> Calls, ILookup<long, CallLegRow> Legs)> PageAsync(CallQuery query,
        CancellationToken ct)
    {
        // The categories as CallHistory.Category defines them.
        const string sql = """
            select c.id, c.service_body_id, c.caller_masked, c.language, c.started_at, c.ended_at, c.path,
                   c.search_started_at is not null as searched, c.answered_by, c.outcome, c.ring_seconds,
                   c.talk_seconds,
                   c.routed_from, c.route_match
            from unnest(@bodies, @since, @until) as f(body, since, until)
            join calls c on c.service_body_id = f.body
            where (not @dated or (c.started_at >= f.since and c.started_at < f.until))
              and (@category::text is null
                   or (@category = 'answered' and c.outcome like 'answered%')
                   or (@category = 'voicemail' and c.outcome = 'voicemail')
                   or (@category = 'missed' and c.search_started_at is not null
                       and coalesce(c.outcome, '') not like 'answered%' and coalesce(c.outcome, '') <> 'voicemail'))
              and (@beforeAt::timestamptz is null or (c.started_at, c.id) < (@beforeAt, @beforeId))
            order by c.started_at desc, c.id desc
            limit @limit
            """;
        const string legsSql = """
            select call_id, volunteer_id, kind, status, started_at from call_legs
            where call_id = any(@ids) order by call_id, started_at, id
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        var calls = (await conn.QueryAsync<CallRecordRow>(new CommandDefinition(sql, new
        {
            bodies = query.Bodies.Select(b => b.BodyId).ToArray(),
            since = query.Bodies.Select(b => b.Since).ToArray(),
            until = query.Bodies.Select(b => b.Until).ToArray(),
            dated = query.Dated,
            category = query.Category is { } c ? CallHistory.Name(c) : null,
            beforeAt = query.Before?.At,
            beforeId = query.Before?.Id ?? 0,
            limit = query.Limit,
        }, cancellationToken: ct))).AsList();
        if (calls.Count == 0) return (calls, Array.Empty<CallLegRow>().ToLookup(l => l.CallId));
        var legs = await conn.QueryAsync<CallLegRow>(new CommandDefinition(legsSql,
            new { ids = calls.Select(c => c.Id).ToArray() }, cancellationToken: ct));
        return (calls, legs.ToLookup(l => l.CallId));
    }
}
