-- Cover requests (CONTRACT 13): a volunteer cannot come (CANT <code>), the other volunteers of the body are asked,
-- the first TAKE <code> wins. One per shift occurrence; the code is unique among open ones; every step is an event.
create table cover_requests (
    id                   bigint generated always as identity primary key,
    code                 text not null,
    service_body_id      bigint not null references service_bodies (id) on delete cascade,
    volunteer_id         bigint not null references volunteers (id) on delete cascade,
    reminder_id          bigint references shift_reminders (id) on delete set null,
    starts_at            timestamptz not null,
    ends_at              timestamptz not null,
    language             text,
    status               text not null default 'open' check (status in ('open', 'taken', 'expired')),
    created_at           timestamptz not null,
    taken_by             bigint references volunteers (id) on delete set null,
    taken_at             timestamptz,
    coordinators_told_at timestamptz,
    unique (volunteer_id, service_body_id, starts_at)
);
create unique index cover_requests_open_code on cover_requests (code) where status = 'open';
create index cover_requests_open_by_start on cover_requests (starts_at) where status = 'open';

create table cover_request_recipients (
    cover_request_id bigint not null references cover_requests (id) on delete cascade,
    volunteer_id     bigint not null references volunteers (id) on delete cascade,
    notified_at      timestamptz not null,
    primary key (cover_request_id, volunteer_id)
);

create table cover_request_events (
    id               bigint generated always as identity primary key,
    cover_request_id bigint not null references cover_requests (id) on delete cascade,
    at               timestamptz not null,
    kind             text not null,
    detail           text not null
);
create index cover_request_events_by_request on cover_request_events (cover_request_id, at);
