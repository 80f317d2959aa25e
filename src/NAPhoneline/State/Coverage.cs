using NodaTime;

namespace NAPhoneline.State;

public sealed record Interval(Instant From, Instant Until);

// Who serves when over a stretch of days, and the hours nobody does: the Now page's gaps and the schedule's
// blocks. Built from the same occurrences as the on-duty decision (Roster.Occurrence), so what the console shows
// is what a call would find, DST included.
public static class Coverage
{
    // Every shift and cover that overlaps [from, until), one entry per occurrence.
    public static IReadOnlyList<OnDuty> Between(Instant from, Instant until, DateTimeZone zone,
        IReadOnlyList<RosterShift> shifts, IReadOnlyList<ShiftOverride> overrides)
    {
        var result = new List<OnDuty>();
        var last = until.InZone(zone).Date;
        // A shift lasts at most 24 hours: one that began the day before may still be running at the start.
        for (var date = from.InZone(zone).Date.PlusDays(-1); date <= last; date = date.PlusDays(1))
        {
            foreach (var shift in shifts)
            {
                if (!shift.OccursOn(date)) continue;
                if (overrides.Any(o => o.Drops(shift.VolunteerId, date, shift.Start))) continue;
                Add(result, shift.VolunteerId, Roster.Occurrence(date, shift.Start, shift.End, zone), from, until,
                    shift.Backup);
            }
            foreach (var cover in overrides)
                if (cover.Kind == OverrideKind.Cover && cover.Date == date)
                    Add(result, cover.VolunteerId, Roster.Occurrence(date, cover.Start ?? LocalTime.Midnight,
                        cover.End ?? LocalTime.Midnight, zone), from, until);
        }
        return result.OrderBy(d => d.From).ThenBy(d => d.VolunteerId).ToList();
    }

    // The parts of [from, until) that no occurrence covers, merged.
    public static IReadOnlyList<Interval> Gaps(IReadOnlyList<OnDuty> served, Instant from, Instant until)
    {
        var gaps = new List<Interval>();
        var cursor = from;
        foreach (var d in served.OrderBy(d => d.From))
        {
            if (d.From > cursor) gaps.Add(new Interval(cursor, Min(d.From, until)));
            if (d.Until > cursor) cursor = d.Until;
            if (cursor >= until) break;
        }
        if (cursor < until) gaps.Add(new Interval(cursor, until));
        return gaps.Where(g => g.Until > g.From).ToList();
    }

    public static IReadOnlyList<OnDuty> Between(RosterSnapshot roster, Instant from, Instant until) =>
        Between(from, until, roster.Zone, roster.Shifts, roster.Overrides)
            .Where(d => roster.Volunteers.ContainsKey(d.VolunteerId)).ToList();

    static void Add(List<OnDuty> result, long volunteerId, (Instant From, Instant Until) occurrence, Instant from,
        Instant until, bool backup = false)
    {
        if (occurrence.Until > from && occurrence.From < until)
            result.Add(new OnDuty(volunteerId, occurrence.From, occurrence.Until, backup));
    }

    static Instant Min(Instant a, Instant b) => a < b ? a : b;
}
