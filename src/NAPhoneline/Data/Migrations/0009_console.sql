-- The console (CONTRACT 11): sign-in codes, sessions, the audit log, shared data-protection keys, home bodies.

-- One row per code sent (or pretended to be sent, for a number nobody knows). The number itself is not kept:
-- phone_key is its SHA-256, enough to count codes per number.
create table console_codes (
    id          bigint generated always as identity primary key,
    attempt     text not null unique,       -- the random handle the sign-in form carries instead of the number
    phone_key   text not null,
    phone       text,                       -- only for a person who may sign in; null for an unknown number
    code_hash   bytea not null,
    address     text not null,
    created_at  timestamptz not null,
    expires_at  timestamptz not null,
    tries       integer not null default 0,
    used_at     timestamptz
);
create index console_codes_by_phone on console_codes (phone_key, created_at);
create index console_codes_by_address on console_codes (address, created_at);

-- The cookie holds a random token; only its hash is stored. A person is whoever holds the phone: their roles are
-- worked out afresh from the structure on every request, so someone retired or removed has none at once.
create table console_sessions (
    token_hash   bytea primary key,
    phone        text not null,
    language     text,
    created_at   timestamptz not null,
    last_seen_at timestamptz not null,
    ended_at     timestamptz
);
create index console_sessions_by_phone on console_sessions (phone) where ended_at is null;

-- Every change made through the console or the admin API: who, when, what, before and after.
create table audit_log (
    id              bigint generated always as identity primary key,
    at              timestamptz not null,
    actor           text not null,
    service_body_id bigint references service_bodies (id) on delete set null,
    entity          text not null,
    entity_key      text not null,
    action          text not null,
    before          jsonb,
    after           jsonb
);
create index audit_log_by_time on audit_log (at desc);
create index audit_log_by_body on audit_log (service_body_id, at desc);

-- ASP.NET Core data-protection keys (cookies, antiforgery), shared by every instance.
create table data_protection_keys (
    name text primary key,
    xml  text not null
);

-- The body a volunteer belongs to, for volunteers the console adds before they have a shift.
alter table volunteers add column service_body_id bigint references service_bodies (id) on delete set null;
