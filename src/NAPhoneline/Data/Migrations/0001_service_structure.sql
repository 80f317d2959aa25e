-- Service structure: service bodies (ASC/RSC/ZF/WSO) and their helpline numbers, contacts, volunteers, shifts.
-- Keys are the operator's stable identifiers; re-imports update rows by key.

create table service_bodies (
    id                 bigint generated always as identity primary key,
    key                text not null unique,
    name               text not null,
    kind               text not null check (kind in ('ASC', 'RSC', 'ZF', 'WSO')),
    parent_id          bigint references service_bodies (id),
    time_zone          text not null,
    languages          text[] not null default array['en'],
    postal_code_digits integer,
    routing_strategy   text not null default 'round-robin'
                       check (routing_strategy in ('round-robin', 'random', 'simultaneous')),
    ring_seconds       integer not null default 20,
    max_wait_seconds   integer not null default 120,
    fallback_number    text,
    -- null means the default deadline (30 minutes) before a request escalates to the parent.
    acknowledge_within interval,
    updated_at         timestamptz not null default now()
);

create table helpline_numbers (
    phone           text primary key,
    service_body_id bigint not null references service_bodies (id) on delete cascade
);

create table contacts (
    id              bigint generated always as identity primary key,
    service_body_id bigint not null references service_bodies (id) on delete cascade,
    role            text not null,
    name            text not null,
    phone           text not null,
    accepts_calls   boolean not null default true,
    unique (service_body_id, role)
);

create table volunteers (
    id           bigint generated always as identity primary key,
    key          text not null unique,
    name         text not null,
    phone        text not null,
    languages    text[] not null default array['en'],
    gender       text,
    twelfth_step boolean not null default false,
    active       boolean not null default true,
    updated_at   timestamptz not null default now()
);

-- Weekly shifts as wall-clock times in the service body's time zone; end <= start runs past midnight.
create table shifts (
    id              bigint generated always as identity primary key,
    volunteer_id    bigint not null references volunteers (id) on delete cascade,
    service_body_id bigint not null references service_bodies (id) on delete cascade,
    day             smallint not null check (day between 0 and 6), -- 0 = Sunday
    start_time      time not null,
    end_time        time not null
);

create index shifts_by_body_and_day on shifts (service_body_id, day);
