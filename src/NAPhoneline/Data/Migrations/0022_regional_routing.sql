-- Regional numbers and caller preferences (CONTRACT 14). A body's coverage: postal-code prefixes and place names
-- (normalised: lower case, no accents). gender_choice: callers may ask for a man or a woman.
alter table service_bodies add column coverage_postal_codes text[] not null default '{}',
    add column coverage_places text[] not null default '{}',
    add column gender_choice boolean not null default false;

-- Where a call to a regional number was routed and why: routed_from is the body whose number was dialled (null:
-- not routed), route_reason a word of LocationRouting, route_match the coverage entry that matched (a prefix or a
-- place name, never what the caller keyed).
alter table calls add column routed_from bigint references service_bodies (id) on delete set null,
    add column route_reason text,
    add column route_match text;

-- A Twelfth Step request keeps the caller's choice; matching responders are told first.
alter table requests add column gender_preference text check (gender_preference in ('female', 'male'));
