-- The report summary over a year of a busy region (docs/PERFORMANCE.md, tests/NAPhoneline.Benchmarks/reports.sh).
-- Proposed, not a migration: call_legs_accepted_by_call is one (0015).
-- Offered calls of a body and a range read from the index alone, without the rest of the call's row.
create index calls_offered_by_body_and_time on calls (service_body_id, started_at)
    include (search_started_at, ended_at, outcome, talk_seconds) where search_started_at is not null;
