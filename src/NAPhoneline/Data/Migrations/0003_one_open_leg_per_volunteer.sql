-- A volunteer rings for one helpline call at a time. Concurrent calls no longer queue on a lock to pick: whichever
-- inserts a volunteer's leg first gets them, and the other call takes the next person in its own order.
update call_legs set ended_at = now(), status = 'superseded'
where ended_at is null and volunteer_id is not null
  and id not in (select max(id) from call_legs where ended_at is null and volunteer_id is not null group by volunteer_id);

create unique index call_legs_one_open_per_volunteer on call_legs (volunteer_id) where ended_at is null and volunteer_id is not null;
