-- Place names an operator adds for their area (a neighbourhood, a local spelling) beside the offline place file.
create table local_places (
    id              bigint generated always as identity primary key,
    service_body_id bigint not null references service_bodies (id) on delete cascade,
    name            text not null,
    latitude        double precision not null check (latitude between -90 and 90),
    longitude       double precision not null check (longitude between -180 and 180),
    unique (service_body_id, name)
);
