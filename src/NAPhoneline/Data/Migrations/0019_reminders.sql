-- Shift reminders (CONTRACT 13): a body's lead time (null: no reminders there) and how long before a shift an open
-- cover request goes to its coordinators; a volunteer may opt out. One row per reminded shift occurrence: the
-- unique occurrence makes "never twice" hold across restarts and instances; the code is the volunteer's to reply
-- with (OK 4821), unique per volunteer.
alter table service_bodies add column reminder_lead interval, add column cover_within interval;
alter table volunteers add column reminders boolean not null default true;

create table shift_reminders (
    id              bigint generated always as identity primary key,
    volunteer_id    bigint not null references volunteers (id) on delete cascade,
    service_body_id bigint not null references service_bodies (id) on delete cascade,
    starts_at       timestamptz not null,
    ends_at         timestamptz not null,
    code            text not null,
    status          text not null default 'unconfirmed' check (status in ('unconfirmed', 'confirmed', 'declined')),
    reminded_at     timestamptz not null,
    answered_at     timestamptz,
    unique (volunteer_id, service_body_id, starts_at),
    unique (volunteer_id, code)
);
create index shift_reminders_by_body_and_start on shift_reminders (service_body_id, starts_at);
