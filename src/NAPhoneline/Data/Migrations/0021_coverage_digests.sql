-- The daily gap digest (CONTRACT 13): one row per body and local date it was prepared for, written with its texts in
-- one transaction, so a body's coordinators get at most one a day, whatever restarts or runs at the same time.
create table coverage_digests (
    service_body_id bigint not null references service_bodies (id) on delete cascade,
    local_date      date not null,
    sent_at         timestamptz not null,
    gaps            integer not null,
    primary key (service_body_id, local_date)
);
