using Dapper;
using NAPhoneline.Shared.Calls;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Reports;

// One line of the console's per-volunteer table: a volunteer (Name as stored; null when the volunteer was
// removed), or one line per other kind of leg (fallback, global fallback, contact: Name null).
public sealed record VolunteerLegs(LegKind Kind, long? VolunteerId, string? Name, int Rung, int Answered)
{
    public int Missed => Rung - Answered;

    // Answered legs over legs rung (never null: a line exists only for someone rung).
    public double AnswerShare => (double)Answered / Rung;
}

// The legs rung for the calls of a body (and the bodies below it) in a range, grouped by volunteer: rung, answered
// (pressed 1: call_legs.accepted_at), missed (rung, not accepted). docs/REPORTS.md, "The console".
public sealed class VolunteerLegStore(NpgsqlDataSource db)
{
    // Properties, not a positional record: Dapper maps by name and does not care for the exact constructor types.
    sealed class Row
    {
        public string Kind { get; init; } = "";
        public long? VolunteerId { get; init; }
        public string? Name { get; init; }
        public int Rung { get; init; }
        public int Answered { get; init; }
    }

    // The subtree as an array (an init plan), so calls_by_body_and_time (0013) takes both `service_body_id` and
    // `started_at` as index conditions; then each call's legs by call_legs_by_call.
    public async Task<IReadOnlyList<VolunteerLegs>> ByVolunteerAsync(long bodyId, (Instant Since, Instant Until) range,
        CancellationToken ct)
    {
        const string sql = ReportStore.Bodies + """

            select l.kind, case when l.kind = 'volunteer' then l.volunteer_id end as volunteer_id,
                   case when l.kind = 'volunteer' then min(v.name) end as name,
                   count(*)::int as rung, count(l.accepted_at)::int as answered
            from calls c
            join call_legs l on l.call_id = c.id
            left join volunteers v on v.id = l.volunteer_id
            where c.service_body_id = any(array(select id from bodies))
              and c.started_at >= @since and c.started_at < @until
            group by l.kind, case when l.kind = 'volunteer' then l.volunteer_id end
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(sql, new
        {
            body = bodyId, since = range.Since.ToDateTimeUtc(), until = range.Until.ToDateTimeUtc(),
        }, cancellationToken: ct));
        return rows.Select(r => new VolunteerLegs(KindOf(r.Kind), r.VolunteerId, r.Name, r.Rung, r.Answered))
            .ToList();
    }

    static LegKind KindOf(string kind) => kind switch
    {
        "fallback" => LegKind.Fallback,
        "global-fallback" => LegKind.GlobalFallback,
        "contact" => LegKind.Contact,
        _ => LegKind.Volunteer,
    };
}
