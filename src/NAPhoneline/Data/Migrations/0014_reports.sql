-- Reports (CONTRACT 12, docs/REPORTS.md): a body's requests by date, and meeting searches made by text.

create index requests_by_body_and_time on requests (service_body_id, created_at);

-- Meeting searches by SMS leave no call record: they are counted in memory and added here every few seconds, one
-- row per body and hour (UTC), so a texter never waits on this.
create table meeting_counts (
    service_body_id bigint not null references service_bodies (id) on delete cascade,
    hour            timestamptz not null,
    searches        integer not null default 0,
    texted          integer not null default 0,
    primary key (service_body_id, hour)
);
