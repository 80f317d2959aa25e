-- The console's call log (/console/calls) lists a coordinator's bodies newest first, a page at a time: it walks
-- this index backwards from a (started_at, id) cursor.
create index calls_by_body_and_time on calls (service_body_id, started_at desc, id desc);
