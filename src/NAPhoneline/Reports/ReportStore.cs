using Dapper;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Reports;

// The report figures read from the call log, the requests and the meeting counters: both periods of a summary in
// one round trip (a batch of statements). Definitions and the same SQL, explained: docs/REPORTS.md.
// Indexes relied on: calls_by_body_and_time (0013), call_legs_accepted_by_call (0015), requests_by_body_and_time
// and meeting_counts' primary key (0014).
public sealed class ReportStore(NpgsqlDataSource db)
{
    // The body and every body below it, as one array: `service_body_id = any(@ids)` is an index condition on both
    // columns of calls_by_body_and_time, where a join with the recursive CTE used the index for time only.
    const string Subtree = """
        with recursive bodies(id) as (
            select @body::bigint
            union all
            select s.id from service_bodies s join bodies b on s.parent_id = b.id)
        select array_agg(id) from bodies
        """;

    // Every call figure of both periods from one pass over the calls of both ranges (the year and the year a month
    // earlier overlap by 11 months): each call is read and classified once (materialized), then aggregated for each
    // period it falls in (cur = the range asked for, n 0; prev = a month earlier, n 1), one plain aggregate per
    // period (no sort by period). One row shape for three parts: 'calls' (one row per period), 'option' (key = the
    // choice), 'missed' (dow, hour).
    // Offered: the call looked for a member (a chair's line alone is not "talk to a member"); computed once per call
    // (offset 0 keeps the planner from copying it into every use). Seconds to answer: the accepted leg only, looked
    // up for answered calls only (call_legs_accepted_by_call, 0015).
    const string Classified = """
        with c as materialized (
            select c.started_at >= @since and c.started_at < @until as cur,
                   c.started_at >= @psince and c.started_at < @puntil as prev,
                   c.started_at, c.talk_seconds, c.offered,
                   'menu:FindMeeting' = any(c.path) as searches,
                   'meetings:texted' = any(c.path) as texted,
                   c.path,
                   c.offered and c.outcome like 'answered%' as answered,
                   c.offered and c.outcome = 'voicemail' as voicemail,
                   c.offered and c.outcome = 'caller-hung-up'
                       and c.ended_at - c.search_started_at >= interval '5 seconds' as abandoned,
                   c.offered and c.outcome = 'caller-hung-up'
                       and c.ended_at - c.search_started_at < interval '5 seconds' as misdial,
                   c.offered and c.outcome is not null as ended,
                   case when c.offered and c.outcome like 'answered%' then
                       (select extract(epoch from min(l.accepted_at) - c.search_started_at)::float8
                        from call_legs l where l.call_id = c.id and l.accepted_at is not null) end as to_answer
            from (select c.*, c.search_started_at is not null
                      and (not exists (select 1 from unnest(c.path) s where s like 'chair:%')
                           or 'request:no-number' = any(c.path)) as offered
                  from calls c
                  where c.service_body_id = any(@ids)
                    and c.started_at >= least(@since, @psince) and c.started_at < greatest(@until, @puntil)
                  offset 0) c)
        """;

    // One period's part of the union: {n} its number, {in} its flag.
    const string PeriodFigures = """
        select 'calls' as part, {n} as n, null as key, 0 as dow, 0 as hour, count(*)::int as count,
               count(*) filter (where searches)::int as searches,
               count(*) filter (where texted)::int as texted,
               count(*) filter (where offered)::int as offered,
               count(*) filter (where answered)::int as answered,
               count(*) filter (where abandoned)::int as abandoned,
               count(*) filter (where voicemail)::int as voicemail,
               count(*) filter (where misdial)::int as misdials,
               count(*) filter (where ended and not answered and not misdial)::int as missed,
               percentile_cont(0.5) within group (order by to_answer) filter (where answered) as p50,
               percentile_cont(0.9) within group (order by to_answer) filter (where answered) as p90,
               max(to_answer) filter (where answered) as max,
               coalesce(sum(talk_seconds) filter (where answered), 0)::bigint as talk
        from c where {in} having count(*) > 0
        union all
        -- The last menu step of a call is the choice it acted on ("menu:no-input" then "menu:TalkToMember"): found
        -- once per distinct path (a few hundred), not once per call.
        select 'option', {n}, o.option, 0, 0, sum(k.count)::int, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, 0
        from (select path, count(*) as count from c where {in} group by path) k
        cross join lateral (select substr(s, 6) as option from unnest(k.path) with ordinality u(s, i)
                            where s like 'menu:%' order by i desc limit 1) o
        group by o.option
        union all
        -- Sunday is 0; hours as the body's wall clock reads them.
        select 'missed', {n}, null, extract(dow from started_at at time zone @zone)::int,
               extract(hour from started_at at time zone @zone)::int, count(*)::int,
               0, 0, 0, 0, 0, 0, 0, 0, null, null, null, 0
        from c where {in} and ended and not answered and not misdial group by 4, 5
        union all
        -- Calls over time: by the body's wall-clock date.
        select 'day', {n}, to_char((started_at at time zone @zone)::date, 'YYYY-MM-DD'), 0, 0, count(*)::int, 0, 0,
               count(*) filter (where offered)::int, count(*) filter (where answered)::int, 0, 0, 0,
               count(*) filter (where ended and not answered and not misdial)::int, null, null, null, 0
        from c where {in} group by 3
        """;

    static readonly string CallFigures = Classified
        + PeriodFigures.Replace("{n}", "0").Replace("{in}", "cur") + "\nunion all\n"
        + PeriodFigures.Replace("{n}", "1").Replace("{in}", "prev") + ";\n";

    const string RequestScope = """
        with periods(n, since, until) as (
            values (0, @since::timestamptz, @until::timestamptz), (1, @psince::timestamptz, @puntil::timestamptz)),
        period_requests as (
            select p.n, r.* from periods p
            join requests r on r.service_body_id = any(@ids) and r.created_at >= p.since and r.created_at < p.until)
        """;

    const string Requests = """
        select n, count(*)::int as created,
               count(*) filter (where acknowledged_at is not null)::int as acknowledged,
               count(*) filter (where unanswered_at is not null)::int as unanswered,
               percentile_cont(0.5) within group (order by extract(epoch from acknowledged_at - created_at) / 60)
                   filter (where acknowledged_at is not null) as p50,
               percentile_cont(0.9) within group (order by extract(epoch from acknowledged_at - created_at) / 60)
                   filter (where acknowledged_at is not null) as p90,
               max(extract(epoch from acknowledged_at - created_at) / 60)::float8 as max
        from period_requests group by n;
        """;

    const string RequestsBy = """
        select n, 'type' as dimension, type as key, count(*)::int as count from period_requests group by n, type
        union all
        select n, 'level', level::text, count(*)::int from period_requests group by n, level;
        """;

    // Text searches are counted behind the texter (MeetingTally), by hour.
    const string TextSearches = """
        with periods(n, since, until) as (
            values (0, @since::timestamptz, @until::timestamptz), (1, @psince::timestamptz, @puntil::timestamptz))
        select p.n, coalesce(sum(m.searches), 0)::int as searches, coalesce(sum(m.texted), 0)::int as texted
        from periods p
        join meeting_counts m on m.service_body_id = any(@ids) and m.hour >= p.since and m.hour < p.until
        group by p.n;
        """;

    // JIT compiled each statement for 100-340 ms, more than a month's execution; the percentiles' sorts spilled to
    // disk at the default 4 MB, and the classified calls of a region's year take ~35 MB (docs/PERFORMANCE.md).
    // Local to the summary's transaction.
    const string Settings = "set local jit = off; set local work_mem = '64MB'";

    static readonly string Sql = CallFigures + RequestScope + Requests + RequestScope + RequestsBy + TextSearches;

    public async Task<ReportSummary> SummaryAsync(long bodyId, LocalDate from, LocalDate to, CancellationToken ct)
    {
        var body = await BodyAsync(bodyId, ct) ?? throw new ArgumentException($"no service body {bodyId}",
            nameof(bodyId));
        return await SummaryAsync(body, new ReportRange(from, to), ct);
    }

    public async Task<ReportSummary> SummaryAsync(ReportBody body, ReportRange range, CancellationToken ct)
    {
        var zone = DateTimeZoneProviders.Tzdb[body.TimeZone];
        var previous = range.Previous();
        var (since, until) = range.In(zone);
        var (psince, puntil) = previous.In(zone);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(Settings, transaction: tx, cancellationToken: ct));
        var ids = await conn.ExecuteScalarAsync<long[]>(new CommandDefinition(Subtree, new { body = body.Id },
            transaction: tx, cancellationToken: ct)) ?? [body.Id];
        using var results = await conn.QueryMultipleAsync(new CommandDefinition(Sql, new
        {
            ids, zone = body.TimeZone,
            since = since.ToDateTimeUtc(), until = until.ToDateTimeUtc(),
            psince = psince.ToDateTimeUtc(), puntil = puntil.ToDateTimeUtc(),
        }, transaction: tx, cancellationToken: ct));
        var parts = (await results.ReadAsync<CallRow>()).ToLookup(r => r.Part);
        var calls = parts["calls"].ToDictionary(r => r.N);
        var options = parts["option"].ToLookup(r => r.N);
        var missed = parts["missed"].ToLookup(r => r.N);
        var days = parts["day"].ToLookup(r => r.N);
        var requests = (await results.ReadAsync<RequestRow>()).ToDictionary(r => r.N);
        var requestsBy = (await results.ReadAsync<Dimensioned>()).ToLookup(r => r.N);
        var texts = (await results.ReadAsync<TextRow>()).ToDictionary(r => r.N);

        ReportFigures Figures(int n, ReportRange r)
        {
            var m = calls.GetValueOrDefault(n) ?? new CallRow("calls", n, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                null, null, null, 0);
            var t = texts.GetValueOrDefault(n) ?? new TextRow(n, 0, 0);
            var q = requests.GetValueOrDefault(n) ?? new RequestRow(n, 0, 0, 0, null, null, null);
            var grid = Enumerable.Range(0, 7).Select(_ => new int[24]).ToArray();
            foreach (var h in missed[n]) grid[h.Dow][h.Hour] = h.Count;
            return new ReportFigures(
                Iso(r.From), Iso(r.To), m.Count,
                options[n].OrderBy(o => o.Key, StringComparer.Ordinal).ToDictionary(o => o.Key!, o => o.Count),
                new TalkToMemberFigures(m.Offered, m.Answered, m.Abandoned, m.Voicemail, m.Misdials, m.Missed,
                    m.Offered == 0 ? null : Math.Round((double)m.Answered / m.Offered, 4),
                    new Percentiles(Round(m.P50), Round(m.P90), Round(m.Max)), m.Talk),
                grid,
                ByDay(r, days[n].ToDictionary(d => d.Key!)),
                new RequestFigures(q.Created, By(requestsBy[n], "type"), q.Acknowledged, q.Unanswered,
                    new Percentiles(Round(q.P50), Round(q.P90), Round(q.Max)), By(requestsBy[n], "level")),
                new MeetingFigures(m.Searches + t.Searches, m.Texted + t.Texted));
        }

        return new ReportSummary(body.Key, body.TimeZone, Figures(0, range), Figures(1, previous));
    }

    // The call log of a range, oldest first, for the CSV: who was rung (leg order) and who took it.
    public async Task<IReadOnlyList<CallReportRow>> CallsAsync(ReportBody body, (Instant Since, Instant Until) range,
        CancellationToken ct)
    {
        const string sql = """
            with recursive bodies(id) as (
                select @body::bigint
                union all
                select s.id from service_bodies s join bodies b on s.parent_id = b.id)
            select c.started_at, c.caller_masked, c.path,
                   coalesce(l.tried, '{}') as tried, l.answered_by,
                   round(extract(epoch from l.accepted_at - c.search_started_at))::int as seconds_to_answer,
                   c.talk_seconds, c.outcome
            from bodies b
            join calls c on c.service_body_id = b.id and c.started_at >= @since and c.started_at < @until
            left join lateral (
                select array_agg(coalesce(v.name, cl.kind) order by cl.started_at, cl.id) as tried,
                       min(cl.accepted_at) as accepted_at,
                       (array_agg(coalesce(v.name, cl.kind) order by cl.accepted_at)
                           filter (where cl.accepted_at is not null))[1] as answered_by
                from call_legs cl left join volunteers v on v.id = cl.volunteer_id
                where cl.call_id = c.id) l on true
            order by c.started_at, c.id
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<CallReportRow>(new CommandDefinition(sql, new
        {
            body = body.Id, since = range.Since.ToDateTimeUtc(), until = range.Until.ToDateTimeUtc(),
        }, cancellationToken: ct))).ToList();
    }

    public async Task<ReportBody?> BodyAsync(long id, CancellationToken ct)
    {
        const string sql = "select id, key, time_zone from service_bodies where id = @id";
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ReportBody>(new CommandDefinition(sql, new { id },
            cancellationToken: ct));
    }

    public async Task<ReportBody?> BodyAsync(string key, CancellationToken ct)
    {
        const string sql = "select id, key, time_zone from service_bodies where key = @key";
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ReportBody>(new CommandDefinition(sql, new { key },
            cancellationToken: ct));
    }

    // Every date of the range, days without calls as zeros, so a chart's axis has no holes.
    static IReadOnlyList<DayFigures> ByDay(ReportRange range, Dictionary<string, CallRow> rows)
    {
        var list = new List<DayFigures>();
        for (var d = range.From; d <= range.To; d = d.PlusDays(1))
        {
            var key = Iso(d);
            list.Add(rows.TryGetValue(key, out var r) ? new DayFigures(key, r.Count, r.Offered, r.Answered, r.Missed)
                : new DayFigures(key, 0, 0, 0, 0));
        }
        return list;
    }

    static Dictionary<string, int> By(IEnumerable<Dimensioned> rows, string dimension) =>
        rows.Where(r => r.Dimension == dimension).OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToDictionary(r => r.Key, r => r.Count);

    static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;

    static string Iso(LocalDate date) => NodaTime.Text.LocalDatePattern.Iso.Format(date);

    // One row of CallFigures: its part says which columns mean something.
    sealed record CallRow(string Part, int N, string? Key, int Dow, int Hour, int Count, int Searches, int Texted,
        int Offered, int Answered, int Abandoned, int Voicemail, int Misdials, int Missed, double? P50, double? P90,
        double? Max, long Talk);
    sealed record TextRow(int N, int Searches, int Texted);
    sealed record RequestRow(int N, int Created, int Acknowledged, int Unanswered, double? P50, double? P90,
        double? Max);
    sealed record Dimensioned(int N, string Dimension, string Key, int Count);
}

// Properties, not a positional record: Dapper hands text[] columns to constructors as System.Array.
public sealed record CallReportRow
{
    public DateTime StartedAt { get; init; }
    public string CallerMasked { get; init; } = "";
    public string[] Path { get; init; } = [];
    public string[] Tried { get; init; } = [];
    public string? AnsweredBy { get; init; }
    public int? SecondsToAnswer { get; init; }
    public int? TalkSeconds { get; init; }
    public string? Outcome { get; init; }
}

public sealed record ReportBody(long Id, string Key, string TimeZone);
