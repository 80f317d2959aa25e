using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Routing;

public sealed record VolunteerShift(
    string ServiceBodyKey, string ServiceBodyName, DateTimeZone Zone, RosterShift Shift);

public sealed record ShiftOccurrence(string ServiceBodyKey, string ServiceBodyName, DateTimeZone Zone, Instant From,
    Instant Until, bool Backup = false);

// A volunteer's own shifts as dated occurrences, for the SHIFTS reply and the calendar feed. Pure.
public static class ShiftCalendar
{
    public static IReadOnlyList<ShiftOccurrence> Upcoming(Instant now, int days, IReadOnlyList<VolunteerShift> shifts,
        IReadOnlyList<(string ServiceBodyKey, ShiftOverride Override)> overrides)
    {
        var result = new List<ShiftOccurrence>();
        foreach (var body in shifts.GroupBy(s => s.ServiceBodyKey))
        {
            var first = body.First();
            var mine = overrides.Where(o => o.ServiceBodyKey == body.Key).Select(o => o.Override).ToList();
            var today = now.InZone(first.Zone).Date;
            for (var date = today.PlusDays(-1); date <= today.PlusDays(days); date = date.PlusDays(1))
            {
                foreach (var s in body.Where(s => s.Shift.OccursOn(date)
                    && !mine.Any(o => o.Drops(s.Shift.VolunteerId, date, s.Shift.Start))))
                    Add(result, first, date, s.Shift.Start, s.Shift.End, now, s.Shift.Backup);
            }
            foreach (var cover in mine.Where(o => o.Kind == OverrideKind.Cover))
                Add(result, first, cover.Date, cover.Start ?? LocalTime.Midnight, cover.End ?? LocalTime.Midnight, now);
        }
        return result.OrderBy(o => o.From).ToList();
    }

    static void Add(List<ShiftOccurrence> result, VolunteerShift body, LocalDate date, LocalTime start, LocalTime end,
        Instant now, bool backup = false)
    {
        var (from, until) = Roster.Occurrence(date, start, end, body.Zone);
        if (until > now)
            result.Add(new ShiftOccurrence(body.ServiceBodyKey, body.ServiceBodyName, body.Zone, from, until, backup));
    }
}
