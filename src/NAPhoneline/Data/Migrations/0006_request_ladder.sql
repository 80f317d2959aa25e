-- Requests and their escalation ladder: who was told, when the current step runs out, who took it.

alter table requests
    add column language            text not null default 'en',
    add column name                text,
    add column organisation        text,
    add column reason              text,
    -- The helpline number the request came in on: what its texts and bridged calls show.
    add column helpline_number     text,
    -- A Twelfth Step request goes first to the on-duty Twelfth Step volunteers, then up the contacts' ladder.
    add column volunteers_first    boolean not null default false,
    add column responsible_body_id bigint references service_bodies (id) on delete set null,
    add column due_at              timestamptz,
    -- The ladder level whose deadline job has been handed to Hangfire; less than level means "schedule it".
    add column scheduled_level     integer not null default -1,
    add column acknowledged_by     bigint,
    add column acknowledged_at     timestamptz,
    add column unanswered_at       timestamptz,
    add column purged_at           timestamptz;

create index requests_to_schedule on requests (id) where status = 'open' and unanswered_at is null and scheduled_level < level;
create index requests_open_by_due on requests (due_at) where status = 'open' and unanswered_at is null;
create index requests_by_status on requests (status, created_at);
create index request_events_by_request on request_events (request_id, at);

-- Everyone a request was sent to, by ladder level: only they may ACK or DONE it by text.
create table request_recipients (
    id           bigint generated always as identity primary key,
    request_id   bigint not null references requests (id) on delete cascade,
    level        integer not null,
    phone        text not null,
    name         text not null,
    volunteer_id bigint references volunteers (id) on delete set null,
    contact_role text,
    notified_at  timestamptz not null,
    -- A retried or duplicated step job can never notify the same person twice for one level.
    unique (request_id, level, phone)
);
create index request_recipients_by_phone on request_recipients (phone);

-- Calls the service places (CALL <code> bridges), written with what caused them and placed by the outbox sender.
create table outbox_calls (
    id           bigint generated always as identity primary key,
    request_id   bigint references requests (id) on delete set null,
    to_number    text not null,
    from_number  text not null,
    url          text not null,
    created_at   timestamptz not null,
    due_at       timestamptz not null,
    attempts     integer not null default 0,
    sent_at      timestamptz,
    call_sid     text,
    last_error   text
);
create index outbox_calls_pending on outbox_calls (due_at) where sent_at is null;

-- Voice requests collect a callback number over several webhooks; it waits here (not in a URL), keyed by call.
create table request_drafts (
    call_sid        text primary key,
    type            text not null,
    service_body_id bigint not null references service_bodies (id) on delete cascade,
    callback_number text,
    confirmed       boolean not null default false,
    language        text not null default 'en',
    created_at      timestamptz not null
);

alter table call_legs drop constraint call_legs_kind_check;
alter table call_legs add constraint call_legs_kind_check check (kind in ('volunteer', 'fallback', 'global-fallback', 'contact'));
