using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Scheduling;

public sealed record DueReminder(long VolunteerId, long ServiceBodyId, Instant From, Instant Until);

// Which shift reminders are due (CONTRACT 13), from the in-memory structure: every shift or cover of a body with a
// lead time that starts after now and no later than now + lead, for an active volunteer who has not opted out. A
// shift dropped by a day off (including one someone else took over) is not an occurrence, so it gets no reminder.
// Pure: the job inserts each once (the occurrence is unique in shift_reminders), so a sweep may see it many times.
public static class ReminderPlan
{
    public static IReadOnlyList<DueReminder> Due(Instant now, PhonelineDirectory directory)
    {
        var due = new List<DueReminder>();
        foreach (var body in directory.Bodies)
        {
            if (body.ReminderLead is not { } lead || directory.Roster(body.Id) is not { } roster) continue;
            var horizon = now + Duration.FromTimeSpan(lead);
            // Between takes what overlaps [from, until): a second more finds a shift starting right at the horizon.
            foreach (var o in Coverage.Between(now, horizon + Duration.FromSeconds(1), roster.Zone, roster.Shifts,
                roster.Overrides))
            {
                if (o.From <= now || o.From > horizon) continue;
                if (directory.Volunteer(o.VolunteerId) is not { Active: true, Reminders: true }) continue;
                due.Add(new DueReminder(o.VolunteerId, body.Id, o.From, o.Until));
            }
        }
        // One per volunteer and start: a shift and a cover at the same time are one thing to remember.
        return due.DistinctBy(d => (d.VolunteerId, d.ServiceBodyId, d.From)).ToList();
    }
}
