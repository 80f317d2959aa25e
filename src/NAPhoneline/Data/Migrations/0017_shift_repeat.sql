-- Richer shifts (CONTRACT 13): every other week from a date's week, or monthly on the nth or last weekday; dates
-- bounding any shift; backup volunteers who ring after the others (State/Roster.cs RosterShift).
alter table shifts
    add column repeat text not null default 'weekly' check (repeat in ('weekly', 'biweekly', 'monthly')),
    add column starts_on date,
    add column week smallint check (week in (1, 2, 3, 4, -1)),
    add column from_date date,
    add column until_date date,
    add column backup boolean not null default false,
    add constraint shifts_repeat_needs check ((repeat = 'biweekly') = (starts_on is not null)
                                              and (repeat = 'monthly') = (week is not null)),
    add constraint shifts_dates_in_order check (until_date >= from_date);
