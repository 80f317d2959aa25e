-- ReportStore's summary batch (branch reports, 2f98517) with the changes measured in docs/PERFORMANCE.md (issue 11),
-- as a pgbench script (simple mode: the values are substituted as SQL text):
--   pgbench -n -M simple -t 50 -r -f reports-reshaped.sql -D body=2 -D "ids='{2}'::bigint[]" \
--     -D "zone='America/Los_Angeles'" -D "since='2026-11-01 07:00Z'" -D "until='2026-12-01 08:00Z'" \
--     -D "psince='2026-10-01 07:00Z'" -D "puntil='2026-11-01 07:00Z'" naphoneline
-- Changes: JIT off and work_mem 32 MB for the batch; the body and its descendants as one array (:ids) instead of a
-- join with the recursive CTE; both periods' outer bounds as a plain range on started_at; member materialized; the
-- accepted leg only (accepted_at is not null) for seconds to answer.
set jit = off;
set work_mem = '32MB';
with recursive bodies(id) as (
    select :body::bigint
    union all
    select s.id from service_bodies s join bodies b on s.parent_id = b.id),
periods(n, since, until) as (
    values (0, :since::timestamptz, :until::timestamptz), (1, :psince::timestamptz, :puntil::timestamptz)),
period_calls as (
    select p.n, c.* from periods p
    join calls c on c.service_body_id = any(:ids) and c.started_at >= p.since and c.started_at < p.until
    where c.started_at >= least(:since::timestamptz, :psince::timestamptz)
      and c.started_at < greatest(:until::timestamptz, :puntil::timestamptz)),
member as materialized (
    select c.n, c.started_at, c.talk_seconds,
           c.outcome like 'answered%' as answered,
           c.outcome = 'voicemail' as voicemail,
           c.outcome = 'caller-hung-up' and c.ended_at - c.search_started_at >= interval '5 seconds'
               as abandoned,
           c.outcome = 'caller-hung-up' and c.ended_at - c.search_started_at < interval '5 seconds'
               as misdial,
           c.outcome is not null as ended,
           (select extract(epoch from min(l.accepted_at) - c.search_started_at)::float8
            from call_legs l where l.call_id = c.id and l.accepted_at is not null) as to_answer
    from period_calls c
    where c.search_started_at is not null
      and (not exists (select 1 from unnest(c.path) s where s like 'chair:%')
           or 'request:no-number' = any(c.path)))
select n, count(*)::int as count,
       count(*) filter (where 'menu:FindMeeting' = any(path))::int as searches,
       count(*) filter (where 'meetings:texted' = any(path))::int as texted
from period_calls group by n;
with recursive bodies(id) as (
    select :body::bigint
    union all
    select s.id from service_bodies s join bodies b on s.parent_id = b.id),
periods(n, since, until) as (
    values (0, :since::timestamptz, :until::timestamptz), (1, :psince::timestamptz, :puntil::timestamptz)),
period_calls as (
    select p.n, c.* from periods p
    join calls c on c.service_body_id = any(:ids) and c.started_at >= p.since and c.started_at < p.until
    where c.started_at >= least(:since::timestamptz, :psince::timestamptz)
      and c.started_at < greatest(:until::timestamptz, :puntil::timestamptz)),
member as materialized (
    select c.n, c.started_at, c.talk_seconds,
           c.outcome like 'answered%' as answered,
           c.outcome = 'voicemail' as voicemail,
           c.outcome = 'caller-hung-up' and c.ended_at - c.search_started_at >= interval '5 seconds'
               as abandoned,
           c.outcome = 'caller-hung-up' and c.ended_at - c.search_started_at < interval '5 seconds'
               as misdial,
           c.outcome is not null as ended,
           (select extract(epoch from min(l.accepted_at) - c.search_started_at)::float8
            from call_legs l where l.call_id = c.id and l.accepted_at is not null) as to_answer
    from period_calls c
    where c.search_started_at is not null
      and (not exists (select 1 from unnest(c.path) s where s like 'chair:%')
           or 'request:no-number' = any(c.path)))
select c.n, o.option, count(*)::int as count
from period_calls c
cross join lateral (select substr(s, 6) as option from unnest(c.path) with ordinality u(s, i)
                    where s like 'menu:%' order by i desc limit 1) o
group by c.n, o.option;
with recursive bodies(id) as (
    select :body::bigint
    union all
    select s.id from service_bodies s join bodies b on s.parent_id = b.id),
periods(n, since, until) as (
    values (0, :since::timestamptz, :until::timestamptz), (1, :psince::timestamptz, :puntil::timestamptz)),
period_calls as (
    select p.n, c.* from periods p
    join calls c on c.service_body_id = any(:ids) and c.started_at >= p.since and c.started_at < p.until
    where c.started_at >= least(:since::timestamptz, :psince::timestamptz)
      and c.started_at < greatest(:until::timestamptz, :puntil::timestamptz)),
member as materialized (
    select c.n, c.started_at, c.talk_seconds,
           c.outcome like 'answered%' as answered,
           c.outcome = 'voicemail' as voicemail,
           c.outcome = 'caller-hung-up' and c.ended_at - c.search_started_at >= interval '5 seconds'
               as abandoned,
           c.outcome = 'caller-hung-up' and c.ended_at - c.search_started_at < interval '5 seconds'
               as misdial,
           c.outcome is not null as ended,
           (select extract(epoch from min(l.accepted_at) - c.search_started_at)::float8
            from call_legs l where l.call_id = c.id and l.accepted_at is not null) as to_answer
    from period_calls c
    where c.search_started_at is not null
      and (not exists (select 1 from unnest(c.path) s where s like 'chair:%')
           or 'request:no-number' = any(c.path)))
select n, count(*)::int as offered,
       count(*) filter (where answered)::int as answered,
       count(*) filter (where abandoned)::int as abandoned,
       count(*) filter (where voicemail)::int as voicemail,
       count(*) filter (where misdial)::int as misdials,
       count(*) filter (where ended and not answered and not misdial)::int as missed,
       percentile_cont(0.5) within group (order by to_answer) filter (where answered) as p50,
       percentile_cont(0.9) within group (order by to_answer) filter (where answered) as p90,
       max(to_answer) filter (where answered) as max,
       coalesce(sum(talk_seconds) filter (where answered), 0)::bigint as talk
from member group by n;
with recursive bodies(id) as (
    select :body::bigint
    union all
    select s.id from service_bodies s join bodies b on s.parent_id = b.id),
periods(n, since, until) as (
    values (0, :since::timestamptz, :until::timestamptz), (1, :psince::timestamptz, :puntil::timestamptz)),
period_calls as (
    select p.n, c.* from periods p
    join calls c on c.service_body_id = any(:ids) and c.started_at >= p.since and c.started_at < p.until
    where c.started_at >= least(:since::timestamptz, :psince::timestamptz)
      and c.started_at < greatest(:until::timestamptz, :puntil::timestamptz)),
member as materialized (
    select c.n, c.started_at, c.talk_seconds,
           c.outcome like 'answered%' as answered,
           c.outcome = 'voicemail' as voicemail,
           c.outcome = 'caller-hung-up' and c.ended_at - c.search_started_at >= interval '5 seconds'
               as abandoned,
           c.outcome = 'caller-hung-up' and c.ended_at - c.search_started_at < interval '5 seconds'
               as misdial,
           c.outcome is not null as ended,
           (select extract(epoch from min(l.accepted_at) - c.search_started_at)::float8
            from call_legs l where l.call_id = c.id and l.accepted_at is not null) as to_answer
    from period_calls c
    where c.search_started_at is not null
      and (not exists (select 1 from unnest(c.path) s where s like 'chair:%')
           or 'request:no-number' = any(c.path)))
select n, extract(dow from started_at at time zone :zone)::int as dow,
       extract(hour from started_at at time zone :zone)::int as hour, count(*)::int as count
from member where ended and not answered and not misdial
group by 1, 2, 3;
with recursive bodies(id) as (
    select :body::bigint
    union all
    select s.id from service_bodies s join bodies b on s.parent_id = b.id),
periods(n, since, until) as (
    values (0, :since::timestamptz, :until::timestamptz), (1, :psince::timestamptz, :puntil::timestamptz)),
period_requests as (
    select p.n, r.* from periods p cross join bodies b
    join requests r on r.service_body_id = b.id and r.created_at >= p.since and r.created_at < p.until)
select n, count(*)::int as created,
       count(*) filter (where acknowledged_at is not null)::int as acknowledged,
       count(*) filter (where unanswered_at is not null)::int as unanswered,
       percentile_cont(0.5) within group (order by extract(epoch from acknowledged_at - created_at) / 60)
           filter (where acknowledged_at is not null) as p50,
       percentile_cont(0.9) within group (order by extract(epoch from acknowledged_at - created_at) / 60)
           filter (where acknowledged_at is not null) as p90,
       max(extract(epoch from acknowledged_at - created_at) / 60)::float8 as max
from period_requests group by n;
with recursive bodies(id) as (
    select :body::bigint
    union all
    select s.id from service_bodies s join bodies b on s.parent_id = b.id),
periods(n, since, until) as (
    values (0, :since::timestamptz, :until::timestamptz), (1, :psince::timestamptz, :puntil::timestamptz)),
period_requests as (
    select p.n, r.* from periods p cross join bodies b
    join requests r on r.service_body_id = b.id and r.created_at >= p.since and r.created_at < p.until)
select n, 'type' as dimension, type as key, count(*)::int as count from period_requests group by n, type
union all
select n, 'level', level::text, count(*)::int from period_requests group by n, level;
with recursive bodies(id) as (
    select :body::bigint
    union all
    select s.id from service_bodies s join bodies b on s.parent_id = b.id),
periods(n, since, until) as (
    values (0, :since::timestamptz, :until::timestamptz), (1, :psince::timestamptz, :puntil::timestamptz))
select p.n, coalesce(sum(m.searches), 0)::int as searches, coalesce(sum(m.texted), 0)::int as texted
from periods p cross join bodies b
join meeting_counts m on m.service_body_id = b.id and m.hour >= p.since and m.hour < p.until
group by p.n;

