-- Abuse protection (CONTRACT 15). A blocked number is kept as its keyed hash (NumberHashes) and masked for people
-- to recognise, never in clear; a prefix ("+1900") is not personal and is kept as written; "anonymous" blocks
-- withheld caller IDs. service_body_id null: everywhere. until null: until removed. Removed entries stay, for the
-- audit trail.
create table blocklist (
    id              bigint generated always as identity primary key,
    kind            text not null check (kind in ('number', 'prefix', 'anonymous')),
    number_hash     text,
    number_masked   text,
    prefix          text,
    service_body_id bigint references service_bodies (id) on delete cascade,
    until           timestamptz,
    reason          text not null,
    created_by      text not null,
    created_at      timestamptz not null,
    removed_at      timestamptz,
    removed_by      text,
    check (kind <> 'number' or number_hash is not null),
    check (kind <> 'prefix' or prefix is not null)
);
create index blocklist_active on blocklist (kind) where removed_at is null;

-- routing.screenCallers: a caller presses a digit they are told before anyone rings (robocalls do not).
alter table service_bodies add column screen_callers boolean not null default false;

-- What BLOCK by text needs to find the caller of a volunteer's last answered call without the number.
alter table calls add column caller_hash text;

-- Blocked calls and texts, counted per body and hour behind the caller (BlockedTally), for the reports.
create table blocked_counts (
    service_body_id bigint not null references service_bodies (id) on delete cascade,
    hour            timestamptz not null,
    calls           integer not null default 0,
    texts           integer not null default 0,
    primary key (service_body_id, hour)
);
