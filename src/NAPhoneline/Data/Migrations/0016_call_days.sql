-- The report's call figures per service body and UTC day (Reports/CallDays.cs, docs/REPORTS.md "How it runs"): a
-- region's year is read from ~11,000 rows instead of ~1,000,000 calls. Counts only: no number, no call id, no name.
-- Arrays are sparse and aligned: hours[i] (0-23, UTC) has calls[i] calls, offered[i] offered, ...; options[i] was
-- chosen option_counts[i] times; waits[i] whole seconds to answer were waited wait_counts[i] times.
create table call_days (
    service_body_id bigint not null references service_bodies (id) on delete cascade,
    day             date not null,
    hours           smallint[] not null,
    calls           integer[] not null,
    offered         integer[] not null,
    answered        integer[] not null,
    missed          integer[] not null,
    searches        integer not null,
    texted          integer not null,
    abandoned       integer not null,
    voicemail       integer not null,
    misdials        integer not null,
    talk_seconds    bigint not null,
    options         text[] not null,
    option_counts   integer[] not null,
    waits           integer[] not null,
    wait_counts     integer[] not null,
    primary key (service_body_id, day)
);

-- Every UTC day before rolled_until has been rolled up (null: none yet).
create table call_days_state (
    only_row     boolean primary key default true check (only_row),
    rolled_until date
);
insert into call_days_state default values;

-- A (body, UTC day) whose calls or legs changed since it was rolled up: the report reads it from the calls until the
-- rollup job rolls it again. No foreign key: a body's deletion marks its days too.
create table call_days_dirty (
    service_body_id bigint not null,
    day             date not null,
    primary key (service_body_id, day)
);

-- Marked by triggers, so every writer is covered: the write-behind call log, a journal replayed hours later, an
-- operator's fix, a body deleted (its calls' body set to null).
create function call_days_mark_call() returns trigger language plpgsql as $$
begin
    if tg_op <> 'INSERT' and old.service_body_id is not null then
        insert into call_days_dirty values (old.service_body_id, (old.started_at at time zone 'UTC')::date)
        on conflict do nothing;
    end if;
    if tg_op <> 'DELETE' and new.service_body_id is not null then
        insert into call_days_dirty values (new.service_body_id, (new.started_at at time zone 'UTC')::date)
        on conflict do nothing;
    end if;
    return null;
end $$;

create trigger call_days_mark after insert or update or delete on calls
    for each row execute function call_days_mark_call();

-- A leg changes the figures only through accepted_at (seconds to answer).
create function call_days_mark_leg() returns trigger language plpgsql as $$
begin
    insert into call_days_dirty
    select c.service_body_id, (c.started_at at time zone 'UTC')::date
    from calls c
    where c.id = coalesce(new.call_id, old.call_id) and c.service_body_id is not null
    on conflict do nothing;
    return null;
end $$;

create trigger call_days_mark_accept after update of accepted_at on call_legs
    for each row when (new.accepted_at is distinct from old.accepted_at) execute function call_days_mark_leg();
create trigger call_days_mark_accepted_leg after insert on call_legs
    for each row when (new.accepted_at is not null) execute function call_days_mark_leg();
create trigger call_days_mark_leg_gone after delete on call_legs
    for each row when (old.accepted_at is not null) execute function call_days_mark_leg();
