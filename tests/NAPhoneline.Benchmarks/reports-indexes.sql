-- The report summary over a year of a busy region (docs/PERFORMANCE.md, tests/NAPhoneline.Benchmarks/reports.sh).
-- Offered calls of a body and a range read from the index alone, without the rest of the call's row.
create index calls_offered_by_body_and_time on calls (service_body_id, started_at)
    include (search_started_at, ended_at, outcome, talk_seconds) where search_started_at is not null;
-- Seconds to answer: the accepted leg of each call, a quarter of all legs, read without their rows.
create index call_legs_accepted_by_call on call_legs (call_id) include (accepted_at) where accepted_at is not null;
