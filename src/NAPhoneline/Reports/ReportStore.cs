using Dapper;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Reports;

// The report figures: call figures from the daily rollup (call_days) and, for what it does not cover, from the call
// log (CallDays); requests and the meeting counters read as they are. Both periods of a summary in two round trips.
// Definitions and the SQL, explained: docs/REPORTS.md. Indexes relied on: calls_by_body_and_time (0013),
// call_legs_accepted_by_call (0015), requests_by_body_and_time and meeting_counts' primary key (0014), call_days'.
public sealed class ReportStore(NpgsqlDataSource db)
{
    // `bodies`: the body @body and every body below it (a region's report counts its areas' calls).
    public const string Bodies = """
        with recursive bodies(id) as (
            select @body::bigint
            union all
            select s.id from service_bodies s join bodies b on s.parent_id = b.id)
        """;

    // The body and every body below it, as one array (`service_body_id = any(@ids)` is an index condition on both
    // columns of calls_by_body_and_time, where a join with the recursive CTE used the index for time only); how far
    // the rollup has got, and the body's days changed since they were rolled.
    const string Scope = Bodies + """

        select (select array_agg(id) from bodies) as ids, (select rolled_until from call_days_state) as rolled_until,
               (select array_agg(x.day order by x.day) from call_days_dirty x
                where x.service_body_id = @body and x.day >= @fromDay and x.day < @untilDay) as dirty_days
        """;

    // The two periods of a summary: n 0 the range, n 1 the same range a month earlier.
    const string Periods = """
        with periods(n, since, until) as (
            values (0, @since::timestamptz, @until::timestamptz), (1, @psince::timestamptz, @puntil::timestamptz))
        """ + "\n";

    const string RequestScope = Periods + """
        ,
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
    const string TextSearches = Periods + """
        select p.n, coalesce(sum(m.searches), 0)::int as searches, coalesce(sum(m.texted), 0)::int as texted
        from periods p
        join meeting_counts m on m.service_body_id = any(@ids) and m.hour >= p.since and m.hour < p.until
        group by p.n;
        """;

    // Blocked calls and texts are counted behind the caller too (BlockedTally), by hour.
    const string BlockedCounts = Periods + """
        select p.n, coalesce(sum(x.calls), 0)::int as calls, coalesce(sum(x.texts), 0)::int as texts
        from periods p
        join blocked_counts x on x.service_body_id = any(@ids) and x.hour >= p.since and x.hour < p.until
        group by p.n;
        """;

    // JIT compiled each statement for 100-340 ms, more than a month's execution; the percentiles' sorts spilled to
    // disk at the default 4 MB, and the classified calls of a region's year take ~35 MB (docs/PERFORMANCE.md).
    // Local to the summary's transaction.
    const string Settings = "set local jit = off; set local work_mem = '64MB'";

    static readonly string Sql = CallDays.FromRollup + CallDays.FromCalls + RequestScope + Requests + RequestScope
        + RequestsBy + TextSearches + BlockedCounts;

    public async Task<ReportSummary> SummaryAsync(long bodyId, LocalDate from, LocalDate to, CancellationToken ct)
    {
        var body = await BodyAsync(bodyId, ct) ?? throw new ArgumentException($"no service body {bodyId}",
            nameof(bodyId));
        return await SummaryAsync(body, new ReportRange(from, to), ct);
    }

    // Both periods in one repeatable-read transaction: the rollup, the dirty days and the calls are one snapshot,
    // so a day is counted exactly once, from call_days or from its calls.
    // withLegs: the current period's legs per volunteer too (the console page; the JSON leaves them out, and they
    // are a region's year's biggest read: 214 ms instead of 68 ms, docs/PERFORMANCE.md).
    public async Task<ReportSummary> SummaryAsync(ReportBody body, ReportRange range, CancellationToken ct,
        bool withLegs = false)
    {
        var zone = DateTimeZoneProviders.Tzdb[body.TimeZone];
        var previous = range.Previous();
        var (since, until) = range.In(zone);
        var (psince, puntil) = previous.In(zone);
        ReportPeriod[] periods = [new(0, since, until), new(1, psince, puntil)];
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await conn.ExecuteAsync(new CommandDefinition(Settings, transaction: tx, cancellationToken: ct));
        var first = Instant.Min(since, psince).InUtc().Date;
        var last = Instant.Max(until, puntil).InUtc().Date.PlusDays(1);
        var scope = await conn.QuerySingleAsync<ScopeRow>(new CommandDefinition(Scope, new
        {
            body = body.Id, fromDay = first.ToDateOnly(), untilDay = last.ToDateOnly(),
        }, transaction: tx, cancellationToken: ct));
        var ids = scope.Ids ?? [body.Id];
        var dirty = (scope.DirtyDays ?? []).Select(LocalDate.FromDateOnly).ToHashSet();
        var plan = ReportPlan.For(periods, body.Id, ids, zone,
            scope.RolledUntil is { } r ? LocalDate.FromDateOnly(r) : null, dirty);

        var parameters = CallDays.SegmentParameters(plan.Raw, plan.BucketZone, withLegs ? [0] : []);
        parameters.AddDynamicParams(new
        {
            ids, body = body.Id, rollN = plan.Rolled.Select(s => s.N).ToArray(),
            rollFrom = plan.Rolled.Select(s => s.From.ToDateOnly()).ToArray(),
            rollUntil = plan.Rolled.Select(s => s.Until.ToDateOnly()).ToArray(),
            since = since.ToDateTimeUtc(), until = until.ToDateTimeUtc(),
            psince = psince.ToDateTimeUtc(), puntil = puntil.ToDateTimeUtc(),
        });
        // Days not rolled up yet are read from the calls: a region's whole year that way (a new deployment before
        // its first rollup, a mass change) takes ~5 s here, past the connection's 5 s default.
        using var results = await conn.QueryMultipleAsync(new CommandDefinition(Sql, parameters, transaction: tx,
            commandTimeout: 60, cancellationToken: ct));
        var rows = (await results.ReadAsync<CallDayRow>()).Concat(await results.ReadAsync<CallDayRow>())
            .ToLookup(r => r.N);
        var requests = (await results.ReadAsync<RequestRow>()).ToDictionary(r => r.N);
        var requestsBy = (await results.ReadAsync<Dimensioned>()).ToLookup(r => r.N);
        var texts = (await results.ReadAsync<TextRow>()).ToDictionary(r => r.N);
        var blocked = (await results.ReadAsync<BlockedRow>()).ToDictionary(r => r.N);
        var sums = new[] { range, previous }.Select((r, n) => CallFigureSums.Of(rows[n], r, zone,
            plan.BucketZone == "UTC")).ToArray();
        // Names as stored now (a volunteer retired since keeps theirs; one removed has none).
        var volunteerIds = sums.SelectMany(m => m.Legs).Select(l => l.VolunteerId).OfType<long>().Distinct()
            .ToArray();
        var names = volunteerIds.Length == 0 ? new Dictionary<long, string>()
            : (await conn.QueryAsync<(long Id, string Name)>(new CommandDefinition(
                "select id, name from volunteers where id = any(@volunteerIds)", new { volunteerIds },
                transaction: tx, cancellationToken: ct))).ToDictionary(v => v.Id, v => v.Name);

        ReportFigures Figures(int n, ReportRange r)
        {
            var m = sums[n];
            var t = texts.GetValueOrDefault(n) ?? new TextRow(n, 0, 0);
            var q = requests.GetValueOrDefault(n) ?? new RequestRow(n, 0, 0, 0, null, null, null);
            return new ReportFigures(Iso(r.From), Iso(r.To), m.Calls, m.ByOption, m.Talk, m.MissedByHour, m.ByDay,
                new RequestFigures(q.Created, By(requestsBy[n], "type"), q.Acknowledged, q.Unanswered,
                    new Percentiles(Round(q.P50), Round(q.P90), Round(q.Max)), By(requestsBy[n], "level")),
                new MeetingFigures(m.Searches + t.Searches, m.Texted + t.Texted),
                blocked.GetValueOrDefault(n) is { } b ? new BlockedFigures(b.Calls, b.Texts)
                    : new BlockedFigures(0, 0),
                Named(m.Legs, names));
        }

        return new ReportSummary(body.Key, body.TimeZone, Figures(0, range), Figures(1, previous));
    }

    // The call log of a range, oldest first, for the CSV: who was rung (leg order) and who took it.
    public async Task<IReadOnlyList<CallReportRow>> CallsAsync(ReportBody body, (Instant Since, Instant Until) range,
        CancellationToken ct)
    {
        const string sql = Bodies + """

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

    // Every volunteer no longer listed is one line, however their legs were counted (by id in the rollup, as
    // 0 once the volunteer row is gone).
    static List<VolunteerLegs> Named(IReadOnlyList<LegCount> legs, Dictionary<long, string> names) =>
        legs.Select(l => (l.Kind, Id: l.VolunteerId is { } id && names.ContainsKey(id) ? id : (long?)null, l))
            .GroupBy(x => (x.Kind, x.Id))
            .Select(g => new VolunteerLegs(g.Key.Kind, g.Key.Id, g.Key.Id is { } id ? names[id] : null,
                g.Sum(x => x.l.Rung), g.Sum(x => x.l.Answered)))
            .ToList();

    static Dictionary<string, int> By(IEnumerable<Dimensioned> rows, string dimension) =>
        rows.Where(r => r.Dimension == dimension).OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToDictionary(r => r.Key, r => r.Count);

    static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;

    static string Iso(LocalDate date) => NodaTime.Text.LocalDatePattern.Iso.Format(date);

    sealed class ScopeRow
    {
        public long[]? Ids { get; init; }
        public DateOnly? RolledUntil { get; init; }
        public DateOnly[]? DirtyDays { get; init; }
    }
    sealed record TextRow(int N, int Searches, int Texted);

    sealed record BlockedRow(int N, int Calls, int Texts);
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
