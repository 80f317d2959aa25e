-- The report summary's seconds to answer (ReportStore, docs/PERFORMANCE.md "Reports over a year of a busy region"):
-- the accepted leg of each answered call, a quarter of all legs, read from the index without the leg's row.
create index call_legs_accepted_by_call on call_legs (call_id) include (accepted_at) where accepted_at is not null;
