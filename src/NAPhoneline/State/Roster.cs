using NodaTime;
using NodaTime.TimeZones;

namespace NAPhoneline.State;

public enum OverrideKind { Cover, Off }

public enum ShiftRepeat { Weekly, Biweekly, Monthly }

// A recurring shift on a weekday, wall-clock times in the body's zone (CONTRACT 5 and 13): every week, every other
// week (the weeks of StartsOn, Monday to Sunday, and every second one from there, both ways), or monthly on the
// Week-th such weekday (1-4, or -1 for the last); From/Until bound the dates it starts on, both included. A backup
// rings only after the other volunteers on duty.
public sealed record RosterShift(long VolunteerId, IsoDayOfWeek Day, LocalTime Start, LocalTime End)
{
    public ShiftRepeat Repeat { get; init; } = ShiftRepeat.Weekly;
    public LocalDate? StartsOn { get; init; }
    public int? Week { get; init; }
    public LocalDate? From { get; init; }
    public LocalDate? Until { get; init; }
    public bool Backup { get; init; }

    // Whether an occurrence starts on this date.
    public bool OccursOn(LocalDate date)
    {
        if (date.DayOfWeek != Day || date < From || date > Until) return false;
        return Repeat switch
        {
            ShiftRepeat.Biweekly => StartsOn is not { } anchor
                || int.IsEvenInteger(Period.DaysBetween(Monday(anchor), Monday(date)) / 7),
            ShiftRepeat.Monthly => Week switch
            {
                -1 => date.PlusDays(7).Month != date.Month,
                { } n => (date.Day - 1) / 7 + 1 == n,
                null => true,
            },
            _ => true,
        };
    }

    static LocalDate Monday(LocalDate date) => date.PlusDays(1 - (int)date.DayOfWeek);
}

// A dated exception to the weekly roster: a volunteer covers a date (the whole day, or Start..End), or is off
// on a date (every shift of theirs that starts that day is dropped).
// An off with a Start drops only the shift starting then (a cover request taken for one of two shifts that day).
public sealed record ShiftOverride(long VolunteerId, LocalDate Date, OverrideKind Kind, LocalTime? Start = null,
    LocalTime? End = null)
{
    public bool Drops(long volunteerId, LocalDate date, LocalTime shiftStart) =>
        Kind == OverrideKind.Off && VolunteerId == volunteerId && Date == date
        && (Start is null || Start == shiftStart);
}

// Backup: on duty only through backup shifts (rung after the others).
public sealed record OnDuty(long VolunteerId, Instant From, Instant Until, bool Backup = false);

// Who is on duty at an instant. Shifts are wall-clock times in the service body's zone; a shift whose end is not
// after its start runs past midnight. Both ends go through the same lenient mapping (a skipped time moves forward
// by the gap, an ambiguous one takes its first occurrence), so back-to-back shifts stay back-to-back across DST:
// no shift vanishes in the spring gap and none runs twice in the autumn overlap.
public static class Roster
{
    public static IReadOnlyList<OnDuty> At(Instant now, DateTimeZone zone, IReadOnlyList<RosterShift> shifts,
        IReadOnlyList<ShiftOverride> overrides)
    {
        var today = now.InZone(zone).Date;
        var result = new List<OnDuty>();
        // A shift lasts at most 24 hours, so only those that started today or yesterday can cover now.
        foreach (var date in new[] { today.PlusDays(-1), today })
        {
            foreach (var shift in shifts)
            {
                if (!shift.OccursOn(date)) continue;
                if (overrides.Any(o => o.Drops(shift.VolunteerId, date, shift.Start))) continue;
                AddIfCovering(result, shift.VolunteerId, date, shift.Start, shift.End, now, zone, shift.Backup);
            }
            foreach (var cover in overrides)
            {
                if (cover.Kind != OverrideKind.Cover || cover.Date != date) continue;
                AddIfCovering(result, cover.VolunteerId, date, cover.Start ?? LocalTime.Midnight,
                    cover.End ?? LocalTime.Midnight, now, zone);
            }
        }
        // One entry per volunteer (a regular shift over a backup one), the others before the backups, each in the
        // order their shifts began.
        return result.GroupBy(d => d.VolunteerId)
            .Select(g => g.OrderBy(d => d.Backup).ThenBy(d => d.From).First())
            .OrderBy(d => d.Backup).ThenBy(d => d.From).ThenBy(d => d.VolunteerId).ToList();
    }

    public static (Instant From, Instant Until) Occurrence(
        LocalDate date, LocalTime start, LocalTime end, DateTimeZone zone)
    {
        var endDate = end > start ? date : date.PlusDays(1);
        return (Map(date.At(start), zone), Map(endDate.At(end), zone));
    }

    static void AddIfCovering(List<OnDuty> result, long volunteerId, LocalDate date, LocalTime start, LocalTime end,
        Instant now, DateTimeZone zone, bool backup = false)
    {
        var (from, until) = Occurrence(date, start, end, zone);
        if (from <= now && now < until) result.Add(new OnDuty(volunteerId, from, until, backup));
    }

    static Instant Map(LocalDateTime local, DateTimeZone zone) =>
        zone.ResolveLocal(local, Resolvers.LenientResolver).ToInstant();
}
