-- Talk to a member now: dated roster overrides, round-robin state, call records, voicemail requests, SMS outbox.

create table shift_overrides (
    id              bigint generated always as identity primary key,
    volunteer_id    bigint not null references volunteers (id) on delete cascade,
    service_body_id bigint not null references service_bodies (id) on delete cascade,
    date            date not null,
    kind            text not null check (kind in ('cover', 'off')),
    start_time      time,
    end_time        time,
    created_at      timestamptz not null default now()
);
create index shift_overrides_by_body_and_date on shift_overrides (service_body_id, date);

-- One row per service body: who started the last call. Locked per call start so concurrent calls and several
-- instances rotate correctly.
create table rotation_state (
    service_body_id   bigint primary key references service_bodies (id) on delete cascade,
    last_volunteer_id bigint
);

-- A call's path and outcome. The caller's number is kept masked only; a request keeps the full number it needs.
create table calls (
    id                bigint generated always as identity primary key,
    call_sid          text not null unique,
    service_body_id   bigint references service_bodies (id) on delete set null,
    caller_masked     text not null,
    language          text not null default 'en',
    started_at        timestamptz not null,
    ended_at          timestamptz,
    path              text[] not null default '{}',
    search_started_at timestamptz,
    answered_by       bigint references volunteers (id) on delete set null,
    outcome           text,
    ring_seconds      integer not null default 0,
    talk_seconds      integer
);

create table call_legs (
    id           bigint generated always as identity primary key,
    call_id      bigint not null references calls (id) on delete cascade,
    volunteer_id bigint references volunteers (id) on delete set null,
    kind         text not null check (kind in ('volunteer', 'fallback', 'global-fallback')),
    round        integer not null default 0,
    started_at   timestamptz not null,
    answered_at  timestamptz,
    accepted_at  timestamptz,
    ended_at     timestamptz,
    status       text not null default 'ringing'
);
create index call_legs_open_by_volunteer on call_legs (volunteer_id) where ended_at is null;
create index call_legs_by_call on call_legs (call_id);

create table requests (
    id              bigint generated always as identity primary key,
    code            text not null,
    type            text not null check (type in ('twelfth-step', 'hi', 'pi', 'callback', 'voicemail')),
    service_body_id bigint not null references service_bodies (id),
    role            text not null,
    callback_number text,
    recording_url   text,
    call_id         bigint references calls (id) on delete set null,
    status          text not null default 'open' check (status in ('open', 'acknowledged', 'resolved')),
    level           integer not null default 0,
    created_at      timestamptz not null,
    closed_at       timestamptz
);
-- Codes are short so people can text them; they only need to be unique among requests still being handled.
create unique index requests_code_while_open on requests (code) where status <> 'resolved';

create table request_events (
    id         bigint generated always as identity primary key,
    request_id bigint not null references requests (id) on delete cascade,
    at         timestamptz not null,
    kind       text not null,
    detail     text not null default ''
);

-- SMS to send, written in the same transaction as what caused them and sent by a background sender.
create table outbox_sms (
    id           bigint generated always as identity primary key,
    to_number    text not null,
    from_number  text not null,
    body         text not null,
    request_id   bigint references requests (id) on delete set null,
    created_at   timestamptz not null,
    due_at       timestamptz not null,
    attempts     integer not null default 0,
    sent_at      timestamptz,
    message_sid  text,
    last_error   text
);
create index outbox_sms_pending on outbox_sms (due_at) where sent_at is null;

alter table volunteers add column calendar_token text not null
    default replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
create unique index volunteers_calendar_token on volunteers (calendar_token);
