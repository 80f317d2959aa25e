-- A year of a busy region for the reports benchmark (reports.sh): 1 RSC with 30 ASC children, 300 volunteers,
-- 500,000 calls over the 365 days before :'end' (a date, UTC midnight) and 20,000 requests with their ladder trail.
-- Set-based and seeded: the same rows every run (given the same :'end'), in seconds rather than minutes.
--   psql -v end=2026-12-01 -f reports-data.sql
\set ON_ERROR_STOP on
select setseed(0.11) \g /dev/null

insert into service_bodies (key, name, kind, time_zone)
values ('bench-rsc', 'Bench Region', 'RSC', 'America/Los_Angeles');
-- Most areas on Pacific time, a few on Mountain (with and without DST): the summary reads each in its own zone.
insert into service_bodies (key, name, kind, parent_id, time_zone)
select 'bench-asc-' || lpad(i::text, 2, '0'), 'Bench Area ' || i, 'ASC',
       (select id from service_bodies where key = 'bench-rsc'),
       case when i % 10 = 0 then 'America/Denver' when i % 10 = 5 then 'America/Phoenix' else 'America/Los_Angeles' end
from generate_series(1, 30) i;

insert into volunteers (key, name, phone)
select 'bench-v' || i, 'Volunteer ' || i, '+1619555' || lpad(i::text, 4, '0') from generate_series(1, 300) i;

-- One row per call with its dice already thrown; calls and call_legs are written from it.
create temporary table bench_calls as
with dice as (
    select g as id, random() as r_body, random() as r_when, random() as r_hour, random() as r_kind,
           random() as r_outcome, random() as r_wait, random() as r_legs, random() as r_talk, random() as r_vol
    from generate_series(1, 500000) g
), placed as (
    select d.*,
           -- Busier areas get more calls (area 1 about 10 %); 5 % reach the region's own number.
           case when r_body < 0.05 then 0 else 1 + least(29, floor(30 * power((r_body - 0.05) / 0.95, 1.5))::int) end
               as area,
           -- More calls in the evening: the hour of the day leans towards 16:00-23:00 UTC-8.
           (:'end'::date - 365 + floor(r_when * 365)::int)::timestamp
               + make_interval(hours => (14 + floor(power(r_hour, 0.8) * 24))::int % 24,
                               secs => floor(random() * 3600)::int) as started_local
    from dice d
)
select p.*,
       case when r_kind < 0.60 then 'talk' when r_kind < 0.82 then 'meetings' when r_kind < 0.88 then 'request'
            when r_kind < 0.93 then 'fallback' else 'hangup' end as kind,
       -- Of the offered calls: 75 % answered, 10 % voicemail, 15 % abandoned (some in under 5 s: misdials).
       case when r_outcome < 0.75 then 'answered' when r_outcome < 0.85 then 'voicemail' else 'abandoned' end
           as result,
       1 + floor(r_legs * 3)::int as legs,
       (5 + floor(r_wait * 56))::int as wait_seconds
from placed p;

insert into calls (id, call_sid, service_body_id, caller_masked, language, started_at, ended_at, path,
                   search_started_at, answered_by, outcome, ring_seconds, talk_seconds)
select c.id, 'CAbench' || lpad(c.id::text, 26, '0'), b.id, '+1619***' || lpad((c.id % 10000)::text, 4, '0'),
       case when c.id % 9 = 0 then 'es' else 'en' end,
       c.started_local at time zone 'America/Los_Angeles',
       c.started_local at time zone 'America/Los_Angeles' + make_interval(secs => case c.kind
           when 'talk' then 15 + case c.result when 'answered' then c.wait_seconds + 60 + floor(c.r_talk * 1500)
                                               when 'voicemail' then 130 + floor(c.r_talk * 60)
                                               else floor(c.r_wait * 120) end
           when 'meetings' then 40 + floor(c.r_talk * 80) else 20 + floor(c.r_talk * 40) end),
       case c.kind when 'talk' then case when c.id % 7 = 0 then '{menu:FindMeeting,meetings:talk}'::text[]
                                         else '{menu:TalkToMember}' end
                   when 'meetings' then '{menu:FindMeeting}'
                   when 'request' then case when c.id % 3 = 0 then '{menu:TwelfthStep,request:twelfth-step}'::text[]
                                            else '{menu:PublicInformation,request:pi}' end
                   when 'fallback' then '{menu:no-input}'
                   else '{}' end,
       case when c.kind = 'talk' then c.started_local at time zone 'America/Los_Angeles' + interval '15 seconds' end,
       case when c.kind = 'talk' and c.result = 'answered' then 1 + (c.area * 10 + floor(c.r_vol * 10))::int % 300 end,
       case c.kind when 'talk' then case c.result when 'answered' then
                                          case when c.r_vol < 0.1 then 'answered-by-fallback' else 'answered' end
                                     when 'voicemail' then
                                          case when c.r_talk < 0.2 then 'no-message' else 'voicemail' end
                                     else 'caller-hung-up' end
                   when 'request' then case when c.id % 3 = 0 then 'request:twelfth-step' else 'request:pi' end
                   else 'caller-hung-up' end,
       case when c.kind = 'talk' then least(c.wait_seconds, 120) else 0 end,
       case when c.kind = 'talk' and c.result = 'answered' then 60 + floor(c.r_talk * 1500)::int end
from bench_calls c
join service_bodies b
  on b.key = case when c.area = 0 then 'bench-rsc' else 'bench-asc-' || lpad(c.area::text, 2, '0') end;

-- 1-3 legs per offered call, one after another; an answered call's last leg is accepted wait_seconds after the
-- search started. An abandoned call's last leg is canceled; a voicemail's legs all went unanswered.
insert into call_legs (id, call_id, volunteer_id, kind, round, started_at, answered_at, accepted_at, ended_at, status)
select c.id * 4 + n, c.id,
       case when c.result = 'answered' and c.r_vol < 0.1 and n = c.legs then null
            else 1 + (c.area * 10 + n + floor(c.r_vol * 10))::int % 300 end,
       case when c.result = 'answered' and c.r_vol < 0.1 and n = c.legs then 'fallback' else 'volunteer' end,
       0,
       s.search + make_interval(secs => (n - 1) * c.wait_seconds / c.legs::float),
       case when c.result = 'answered' and n = c.legs then s.search + make_interval(secs => c.wait_seconds - 2) end,
       case when c.result = 'answered' and n = c.legs then s.search + make_interval(secs => c.wait_seconds) end,
       s.search + make_interval(secs => case when c.result = 'answered' and n = c.legs
                                              then c.wait_seconds + 60 + floor(c.r_talk * 1500)
                                              else n * c.wait_seconds / c.legs::float end),
       case when c.result = 'answered' and n = c.legs then 'completed'
            when c.result = 'abandoned' and n = c.legs then 'canceled'
            when n % 2 = 0 then 'busy' else 'no-answer' end
from bench_calls c
cross join lateral (select c.started_local at time zone 'America/Los_Angeles' + interval '15 seconds' as search) s
cross join lateral generate_series(1, c.legs) n
where c.kind = 'talk';

-- 20,000 requests: 70 % acknowledged at level 0, 15 % at level 1, 7 % at level 2, 8 % unanswered at the top.
create temporary table bench_requests as
select g as id, random() as r_type, random() as r_ack, random() as r_minutes, random() as r_body, random() as r_when
from generate_series(1, 20000) g;

insert into requests (id, code, type, service_body_id, role, created_at, status, level, acknowledged_at,
                      unanswered_at, closed_at, due_at)
overriding system value
select r.id, 'B' || r.id,
       case when r.r_type < 0.35 then 'voicemail' when r.r_type < 0.65 then 'twelfth-step'
            when r.r_type < 0.80 then 'callback' when r.r_type < 0.90 then 'hi' else 'pi' end,
       b.id, 'helpline', t.created,
       case when r.r_ack < 0.92 then 'resolved' else 'open' end,
       l.level,
       case when r.r_ack < 0.92
            then t.created + make_interval(mins => l.level * 30 + 1 + floor(r.r_minutes * 28)::int) end,
       case when r.r_ack >= 0.92 then t.created + interval '90 minutes' end,
       case when r.r_ack < 0.92
            then t.created + make_interval(mins => l.level * 30 + 40 + floor(r.r_minutes * 600)::int) end,
       t.created + make_interval(mins => (l.level + 1) * 30)
from bench_requests r
cross join lateral (select (:'end'::date - 365)::timestamptz + r.r_when * interval '365 days' as created) t
cross join lateral (select case when r.r_ack < 0.70 then 0 when r.r_ack < 0.85 then 1 else 2 end as level) l
join service_bodies b on b.key = case when r.r_body < 0.05 then 'bench-rsc'
    else 'bench-asc-' || lpad((1 + least(29, floor(30 * power((r.r_body - 0.05) / 0.95, 1.5))::int))::text, 2, '0') end;
select setval(pg_get_serial_sequence('requests', 'id'), 20000) \g /dev/null

-- The trail: notified at level 0, escalated at each further level, then acknowledged and resolved, or unanswered.
insert into request_events (request_id, at, kind, detail)
select q.id, q.created_at + make_interval(mins => n * 30), case when n = 0 then 'notified' else 'escalated' end,
       'level ' || n || ': bench'
from requests q cross join lateral generate_series(0, q.level) n
where q.code like 'B%';
insert into request_events (request_id, at, kind, detail)
select id, acknowledged_at, 'acknowledged', 'level ' || level from requests where acknowledged_at is not null;
insert into request_events (request_id, at, kind, detail)
select id, closed_at, 'resolved', '' from requests where closed_at is not null;
insert into request_events (request_id, at, kind, detail)
select id, unanswered_at, 'unanswered', 'level ' || level from requests where unanswered_at is not null;

analyze;
