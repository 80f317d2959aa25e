-- Email as a second channel (issue 12): a contact's optional address, and the outbox the email sender works
-- through (Notifications/EmailSender.cs). Like outbox_sms, a row is claimed with FOR UPDATE SKIP LOCKED by one
-- sender at a time; an attachment is fetched at send time from its source (the recording of request_id), never
-- stored here.
alter table contacts add column email text;

create table outbox_email (
    id                bigint generated always as identity primary key,
    to_address        text not null,
    subject           text not null,
    body              text not null,
    -- The request whose recording is attached; what the email says instead when it cannot be fetched.
    recording_of      bigint references requests (id) on delete set null,
    without_recording text,
    created_at        timestamptz not null,
    due_at            timestamptz not null,
    attempts          integer not null default 0,
    sent_at           timestamptz,
    attached          boolean,
    last_error        text
);

create index outbox_email_pending on outbox_email (due_at) where sent_at is null;
