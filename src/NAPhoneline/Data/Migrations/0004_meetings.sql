-- Meetings imported from BMLT or Meeting Guide feeds. A source (a service body's key, or a file name) is replaced
-- as a whole by its next import; other sources are left alone.
create table meetings (
    id                   bigint generated always as identity primary key,
    source               text not null,
    external_id          text not null,
    name                 text not null,
    weekday              smallint not null check (weekday between 0 and 6), -- 0 = Sunday
    start_time           time not null,
    duration_minutes     integer,
    time_zone            text not null,
    latitude             double precision,
    longitude            double precision,
    location_name        text not null default '',
    location_street      text not null default '',
    location_city        text not null default '',
    location_region      text not null default '',
    location_postal_code text not null default '',
    location_info        text not null default '',
    open                 boolean,             -- true open, false closed, null not stated
    attendance           text not null check (attendance in ('in-person', 'hybrid', 'virtual')),
    temporarily_closed   boolean not null default false,
    formats              text[] not null default '{}',
    virtual_link         text,
    service_body_id      bigint references service_bodies (id) on delete set null,
    imported_at          timestamptz not null default now(),
    unique (source, external_id)
);
create index meetings_by_source on meetings (source);
