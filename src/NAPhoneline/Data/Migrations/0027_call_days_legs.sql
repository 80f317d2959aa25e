-- The reports page's table of legs rung and answered per volunteer (docs/REPORTS.md "The console") from the
-- rollup, like every other figure: a region's year was 600,000 legs grouped on each view. Aligned arrays like the
-- others: leg_kinds[i] ('volunteer', 'fallback', 'global-fallback', 'contact') with leg_volunteers[i] (the
-- volunteer's id, 0 for the other kinds and for a volunteer since removed) was rung leg_rung[i] times and
-- answered leg_answered[i] times. Counts only, no name, no number.
-- No new trigger: a leg is written before its call's end, and the call's end (an update of calls) marks its day
-- already; the webhook path keeps its one cheap check (0024).
alter table call_days
    add column leg_kinds      text[]    not null default '{}',
    add column leg_volunteers bigint[]  not null default '{}',
    add column leg_rung       integer[] not null default '{}',
    add column leg_answered   integer[] not null default '{}';

-- Days rolled before this have no legs: the rollup starts again from the oldest call (its first run after this,
-- within a minute of the start, or `rollup-reports`: about 4 s for a region's year); until then reports read the
-- calls, as before any rollup.
delete from call_days_dirty;
delete from call_days;
update call_days_state set rolled_until = null;
