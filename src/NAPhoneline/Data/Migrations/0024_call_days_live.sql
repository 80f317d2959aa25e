-- A day not rolled up yet is read from the calls by every report (ReportPlan): marking it changed is work for
-- nothing, and it was the live calls' work, on the webhook path (the pick's insert into calls fires the trigger):
-- at 500 requests a second it took the routing step's p99 from ~20 ms to ~150 ms. Only days already rolled up are
-- marked now. The rollup advancing over a day takes advisory lock 7_130_301 exclusively, a write that finds its day
-- not rolled takes it shared and looks again: either the rollup's snapshot holds the write, or the write sees the
-- new rolled_until and marks its day.
create or replace function call_days_mark(body bigint, day date) returns void language plpgsql as $$
begin
    if body is null then return; end if;
    if day >= coalesce((select rolled_until from call_days_state), '-infinity'::date) then
        perform pg_advisory_xact_lock_shared(7130301);
        if day >= coalesce((select rolled_until from call_days_state), '-infinity'::date) then return; end if;
    end if;
    with recursive up(id) as (
        select body
        union
        select s.parent_id from service_bodies s join up on s.id = up.id where s.parent_id is not null)
    insert into call_days_dirty select id, day from up on conflict do nothing;
end $$;
