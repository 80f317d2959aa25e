using Dapper;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Reports;

// A stretch of one body's calls to classify: calls of `Body` started in [Since, Until), counted for period N in the
// row of `Scope` (the body itself or one above it).
public sealed record Segment(int N, long Scope, long Body, Instant Since, Instant Until);

// The call figures of one body (with the bodies below it) and day, and of each hour of it (table call_days,
// migration 0016): what the rollup
// stores and what a report reads from the calls for the stretches the rollup does not cover, in the same shape.
// Properties, not a positional record: Dapper hands array columns to constructors as System.Array.
public sealed class CallDayRow
{
    public int N { get; init; }
    public long Body { get; init; }
    public DateOnly Day { get; init; }
    public short[] Hours { get; init; } = [];
    public int[] Calls { get; init; } = [];
    public int[] Offered { get; init; } = [];
    public int[] Answered { get; init; } = [];
    public int[] Missed { get; init; } = [];
    public int Searches { get; init; }
    public int Texted { get; init; }
    public int Abandoned { get; init; }
    public int Voicemail { get; init; }
    public int Misdials { get; init; }
    public long TalkSeconds { get; init; }
    public string[] Options { get; init; } = [];
    public int[] OptionCounts { get; init; } = [];
    public int[] Waits { get; init; } = [];
    public int[] WaitCounts { get; init; } = [];
    // Legs rung and answered, per kind and volunteer (0 for the other kinds; migration 0027).
    public string[] LegKinds { get; init; } = [];
    public long[] LegVolunteers { get; init; } = [];
    public int[] LegRung { get; init; } = [];
    public int[] LegAnswered { get; init; } = [];
}

// The one place a call is classified (offered, answered, abandoned, ...; definitions: docs/REPORTS.md): the rollup
// job and the report's reading of recent or changed days both run this SQL, so the two can never disagree.
public static class CallDays
{
    // Days and hours are read on the wall clock of @bz: 'UTC' for the rollup (any zone with whole-hour offsets can
    // regroup UTC hours into its own), the body's zone when a report reads only calls (a half-hour zone).
    // Offered is computed once per call (offset 0 keeps the planner from copying it into every use); seconds to
    // answer, to the whole second, only for answered calls, on the accepted leg (call_legs_accepted_by_call).
    const string Classified = """
        with seg(n, scope, body, since, until) as (
            select * from unnest(@segN::int[], @segScope::bigint[], @segBody::bigint[], @segSince::timestamptz[],
                                 @segUntil::timestamptz[])),
        c as materialized (
            select s.n, s.scope as body, c.id, c.started_at at time zone @bz as wall, c.path, c.talk_seconds,
                   c.offered,
                   'menu:FindMeeting' = any(c.path) as searches,
                   'meetings:texted' = any(c.path) as texted,
                   c.offered and c.outcome like 'answered%' as answered,
                   c.offered and c.outcome = 'voicemail' as voicemail,
                   c.offered and c.outcome = 'caller-hung-up'
                       and c.ended_at - c.search_started_at >= interval '5 seconds' as abandoned,
                   c.offered and c.outcome = 'caller-hung-up'
                       and c.ended_at - c.search_started_at < interval '5 seconds' as misdial,
                   c.offered and c.outcome is not null as ended,
                   case when c.offered and c.outcome like 'answered%' then
                       (select round(extract(epoch from min(l.accepted_at) - c.search_started_at))::int
                        from call_legs l where l.call_id = c.id and l.accepted_at is not null) end as to_answer
            from seg s
            cross join lateral (
                select c.*, c.search_started_at is not null
                           and (not exists (select 1 from unnest(c.path) p where p like 'chair:%')
                                or 'request:no-number' = any(c.path)) as offered
                from calls c
                where c.service_body_id = s.body and c.started_at >= s.since and c.started_at < s.until
                offset 0) c),
        hourly as (
            select n, body, wall::date as day, extract(hour from wall)::smallint as hour, count(*)::int as calls,
                   count(*) filter (where offered)::int as offered,
                   count(*) filter (where answered)::int as answered,
                   count(*) filter (where ended and not answered and not misdial)::int as missed,
                   count(*) filter (where searches)::int as searches,
                   count(*) filter (where texted)::int as texted,
                   count(*) filter (where abandoned)::int as abandoned,
                   count(*) filter (where voicemail)::int as voicemail,
                   count(*) filter (where misdial)::int as misdials,
                   coalesce(sum(talk_seconds) filter (where answered), 0)::bigint as talk_seconds
            from c group by 1, 2, 3, 4),
        days as (
            select n, body, day, array_agg(hour order by hour) as hours, array_agg(calls order by hour) as calls,
                   array_agg(offered order by hour) as offered, array_agg(answered order by hour) as answered,
                   array_agg(missed order by hour) as missed, sum(searches)::int as searches,
                   sum(texted)::int as texted, sum(abandoned)::int as abandoned, sum(voicemail)::int as voicemail,
                   sum(misdials)::int as misdials, sum(talk_seconds)::bigint as talk_seconds
            from hourly group by 1, 2, 3),
        -- The last menu step of a call is the choice it acted on ("menu:no-input" then "menu:TalkToMember"): found
        -- once per distinct path of a day, not once per call.
        options as (
            select n, body, day, array_agg(option order by option) as options,
                   array_agg(count order by option) as option_counts
            from (select k.n, k.body, k.day, o.option, sum(k.count)::int as count
                  from (select n, body, wall::date as day, path, count(*) as count from c group by 1, 2, 3, 4) k
                  cross join lateral (select substr(s, 6) as option from unnest(k.path) with ordinality u(s, i)
                                      where s like 'menu:%' order by i desc limit 1) o
                  group by 1, 2, 3, 4) x
            group by 1, 2, 3),
        waits as (
            select n, body, day, array_agg(wait order by wait) as waits, array_agg(count order by wait) as wait_counts
            from (select n, body, wall::date as day, to_answer as wait, count(*)::int as count
                  from c where answered and to_answer is not null group by 1, 2, 3, 4) x
            group by 1, 2, 3),
        -- Every leg of the calls (offered or not): rung, and answered when pressed 1 (accepted_at set). Only for the
        -- periods that show them (the page's current one; the rollup's every segment).
        legs as (
            select n, body, day, array_agg(kind order by kind, volunteer) as leg_kinds,
                   array_agg(volunteer order by kind, volunteer) as leg_volunteers,
                   array_agg(rung order by kind, volunteer) as leg_rung,
                   array_agg(answered order by kind, volunteer) as leg_answered
            from (select c.n, c.body, c.wall::date as day, l.kind,
                         case when l.kind = 'volunteer' then coalesce(l.volunteer_id, 0) else 0 end as volunteer,
                         count(*)::int as rung, count(l.accepted_at)::int as answered
                  from c join call_legs l on l.call_id = c.id where c.n = any(@legPeriods)
                  group by 1, 2, 3, 4, 5) x
            group by 1, 2, 3)
        """;

    const string Columns = """
        d.hours, d.calls, d.offered, d.answered, d.missed, d.searches, d.texted, d.abandoned,
               d.voicemail, d.misdials, d.talk_seconds, coalesce(o.options, '{}') as options,
               coalesce(o.option_counts, '{}') as option_counts, coalesce(w.waits, '{}') as waits,
               coalesce(w.wait_counts, '{}') as wait_counts, coalesce(g.leg_kinds, '{}') as leg_kinds,
               coalesce(g.leg_volunteers, '{}') as leg_volunteers, coalesce(g.leg_rung, '{}') as leg_rung,
               coalesce(g.leg_answered, '{}') as leg_answered
        from days d left join options o using (n, body, day) left join waits w using (n, body, day)
             left join legs g using (n, body, day)
        """;

    // The segments' figures, read from the calls.
    public static readonly string FromCalls = Classified + "\nselect d.n, d.body, d.day, " + Columns + ";\n";

    // The same, written into call_days (the segments are whole UTC days, @bz 'UTC').
    public static readonly string RollUp = Classified + """

        insert into call_days (service_body_id, day, hours, calls, offered, answered, missed, searches, texted,
                               abandoned, voicemail, misdials, talk_seconds, options, option_counts, waits,
                               wait_counts, leg_kinds, leg_volunteers, leg_rung, leg_answered)
        select d.body, d.day,
        """ + " " + Columns + ";\n";

    // Rolled-up days of the body (its row counts the bodies below it) for each period's span of UTC days, leaving
    // out days changed since they were rolled (those are read from the calls).
    public const string FromRollup = """
        select p.n, d.service_body_id as body, d.day, d.hours, d.calls, d.offered, d.answered, d.missed, d.searches,
               d.texted, d.abandoned, d.voicemail, d.misdials, d.talk_seconds, d.options, d.option_counts, d.waits,
               d.wait_counts, case when p.n = any(@legPeriods) then d.leg_kinds else '{}' end as leg_kinds,
               case when p.n = any(@legPeriods) then d.leg_volunteers else '{}' end as leg_volunteers,
               case when p.n = any(@legPeriods) then d.leg_rung else '{}' end as leg_rung,
               case when p.n = any(@legPeriods) then d.leg_answered else '{}' end as leg_answered
        from unnest(@rollN::int[], @rollFrom::date[], @rollUntil::date[]) p(n, since, until)
        join call_days d on d.service_body_id = @body and d.day >= p.since and d.day < p.until
        where not exists (select 1 from call_days_dirty x
                          where x.service_body_id = d.service_body_id and x.day = d.day);
        """;

    // The parameters of FromCalls / RollUp (and of FromRollup's legPeriods): legs only for the periods listed.
    public static DynamicParameters SegmentParameters(IReadOnlyList<Segment> segments, string bucketZone,
        int[] legPeriods)
    {
        var p = new DynamicParameters();
        p.Add("legPeriods", legPeriods);
        p.Add("segN", segments.Select(s => s.N).ToArray());
        p.Add("segScope", segments.Select(s => s.Scope).ToArray());
        p.Add("segBody", segments.Select(s => s.Body).ToArray());
        p.Add("segSince", segments.Select(s => s.Since.ToDateTimeUtc()).ToArray());
        p.Add("segUntil", segments.Select(s => s.Until.ToDateTimeUtc()).ToArray());
        p.Add("bz", bucketZone);
        return p;
    }
}
