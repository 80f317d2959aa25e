-- A service body may give some request types their own deadline before escalation ({"twelfth-step": 600}, seconds).
alter table service_bodies add column acknowledge_within_by_type jsonb;
