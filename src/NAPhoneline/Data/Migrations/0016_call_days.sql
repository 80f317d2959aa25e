-- The report's call figures per service body and UTC day (Reports/CallDays.cs, docs/REPORTS.md "How it runs"), each
-- row counting the calls of the body and of every body below it: a region's year is 365 rows, not 500,000 calls.
-- Counts only: no number, no call id, no name. Arrays are sparse and aligned: hours[i] (0-23, UTC) has calls[i]
-- calls, offered[i] offered, ...; options[i] was chosen option_counts[i] times; waits[i] whole seconds to answer
-- were waited wait_counts[i] times.
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

-- A (body, UTC day) whose figures changed since it was rolled up: the report reads it from the calls until the
-- rollup job rolls it again. No foreign key: a body's deletion marks its days too.
create table call_days_dirty (
    service_body_id bigint not null,
    day             date not null,
    primary key (service_body_id, day)
);

-- Marks a day of a body and of every body above it (their rows count its calls).
create function call_days_mark(body bigint, day date) returns void language sql as $$
    with recursive up(id) as (
        select body where body is not null
        union
        select s.parent_id from service_bodies s join up on s.id = up.id where s.parent_id is not null)
    insert into call_days_dirty select id, day from up on conflict do nothing
$$;

-- Marked by triggers, so every writer is covered: the write-behind call log, a journal replayed hours later, an
-- operator's fix, a body moved or deleted.
create function call_days_mark_call() returns trigger language plpgsql as $$
begin
    if tg_op <> 'INSERT' then
        perform call_days_mark(old.service_body_id, (old.started_at at time zone 'UTC')::date);
    end if;
    if tg_op <> 'DELETE' then
        perform call_days_mark(new.service_body_id, (new.started_at at time zone 'UTC')::date);
    end if;
    return null;
end $$;

create trigger call_days_mark after insert or update or delete on calls
    for each row execute function call_days_mark_call();

-- A leg changes the figures only through accepted_at (seconds to answer).
create function call_days_mark_leg() returns trigger language plpgsql as $$
begin
    perform call_days_mark(c.service_body_id, (c.started_at at time zone 'UTC')::date)
    from calls c where c.id = coalesce(new.call_id, old.call_id);
    return null;
end $$;

create trigger call_days_mark_accept after update of accepted_at on call_legs
    for each row when (new.accepted_at is distinct from old.accepted_at) execute function call_days_mark_leg();
create trigger call_days_mark_accepted_leg after insert on call_legs
    for each row when (new.accepted_at is not null) execute function call_days_mark_leg();
create trigger call_days_mark_leg_gone after delete on call_legs
    for each row when (old.accepted_at is not null) execute function call_days_mark_leg();

-- A body moved under another parent: every rolled day of it counts in the old parents' rows and belongs in the new
-- ones'. A body deleted: its days leave its parents' rows.
create function call_days_mark_body() returns trigger language plpgsql as $$
begin
    perform call_days_mark(old.parent_id, d.day) from call_days d where d.service_body_id = old.id;
    if tg_op = 'UPDATE' then
        perform call_days_mark(new.parent_id, d.day) from call_days d where d.service_body_id = new.id;
        return new;
    end if;
    return old;
end $$;

create trigger call_days_mark_moved before update of parent_id on service_bodies
    for each row when (new.parent_id is distinct from old.parent_id) execute function call_days_mark_body();
create trigger call_days_mark_deleted before delete on service_bodies
    for each row execute function call_days_mark_body();
