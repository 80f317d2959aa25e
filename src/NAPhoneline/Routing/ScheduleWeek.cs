using NAPhoneline.State;
using NodaTime;

using Interval = NAPhoneline.State.Interval;

namespace NAPhoneline.Routing;

// A weekly shift or a dated override with the id of its row, when the row is known (see ScheduleIds).
public sealed record ScheduleShift(long? Id, RosterShift Shift);

public sealed record ScheduleOverride(long? Id, ShiftOverride Override);

public enum BlockKind { Shift, Cover }

// One occurrence of a shift or cover, dated by the day it starts. Off: an "off" override drops it (OffId). Shift:
// the shift it is an occurrence of (its pattern, whether it is a backup); none for a cover.
public sealed record ScheduleBlock(BlockKind Kind, long? Id, long VolunteerId, LocalDate Date, LocalTime Start,
    LocalTime End, Instant From, Instant Until, bool WholeDay = false, bool Off = false, long? OffId = null,
    RosterShift? Shift = null)
{
    public bool Backup => Shift?.Backup ?? false;

    // A time the clocks skip (02:30 on the spring change): the block lasts no time at all.
    public bool Vanishes => Until <= From;
}

// One hour of a day's strip: from a real instant, labelled with the wall clock (01:00 twice in the autumn).
public sealed record HourCell(Instant From, LocalTime Label, bool Gap);

// A day in the body's zone, which lasts 23, 24 or 25 hours. Blocks: every occurrence overlapping the day, those
// begun the day before included (Continued); DaysOff: "off" overrides that strike no shift.
public sealed record ScheduleDay(LocalDate Date, Instant Start, Instant End, IReadOnlyList<ScheduleBlock> Blocks,
    IReadOnlyList<ScheduleOverride> DaysOff, IReadOnlyList<HourCell> Hours, IReadOnlyList<Interval> Gaps)
{
    public Duration Length => End - Start;
    public bool ClockChange => Length != Duration.FromHours(24);
    public Duration Uncovered => Gaps.Aggregate(Duration.Zero, (sum, g) => sum + (g.Until - g.From));
    public bool Continued(ScheduleBlock block) => block.Date < Date;
    public bool RunsOn(ScheduleBlock block) => block.Until > End;
}

// The schedule of one body for one week, Monday to Sunday in its own zone: pure, from the same occurrences as the
// on-duty decision (Roster.Occurrence) and the gaps of Coverage, so the page shows what a call would find.
public sealed record ScheduleWeek(LocalDate Monday, DateTimeZone Zone, IReadOnlyList<ScheduleDay> Days)
{
    public LocalDate Sunday => Monday.PlusDays(6);
    public Duration Uncovered => Days.Aggregate(Duration.Zero, (sum, d) => sum + d.Uncovered);

    public static LocalDate MondayOf(LocalDate date) => date.PlusDays(-((int)date.DayOfWeek - 1));

    public static ScheduleWeek For(LocalDate anyDay, DateTimeZone zone, IReadOnlyList<ScheduleShift> shifts,
        IReadOnlyList<ScheduleOverride> overrides)
    {
        var monday = MondayOf(anyDay);
        var from = monday.AtStartOfDayInZone(zone).ToInstant();
        var until = monday.PlusDays(7).AtStartOfDayInZone(zone).ToInstant();
        // A shift lasts at most 24 hours: Sunday's overnight shift before the week still runs on its Monday.
        var blocks = Blocks(monday.PlusDays(-1), monday.PlusDays(6), zone, shifts, overrides);
        var served = Coverage.Between(from, until, zone, shifts.Select(s => s.Shift).ToList(),
            overrides.Select(o => o.Override).ToList());
        var days = new List<ScheduleDay>();
        for (var date = monday; date < monday.PlusDays(7); date = date.PlusDays(1))
        {
            var start = date.AtStartOfDayInZone(zone).ToInstant();
            var end = date.PlusDays(1).AtStartOfDayInZone(zone).ToInstant();
            var gaps = Coverage.Gaps(served, start, end);
            var onDay = blocks.Where(b => b.Date == date || (b.Until > start && b.From < end && b.Date < date))
                .ToList();
            var daysOff = overrides.Where(o => o.Override.Kind == OverrideKind.Off && o.Override.Date == date
                && !onDay.Any(b => b.Date == date && b.Kind == BlockKind.Shift
                    && b.VolunteerId == o.Override.VolunteerId)).ToList();
            days.Add(new ScheduleDay(date, start, end, onDay, daysOff, Hours(start, end, zone, gaps), gaps));
        }
        return new ScheduleWeek(monday, zone, days);
    }

    // Every occurrence starting on a date in [first, last], struck ones included, in time order.
    public static IReadOnlyList<ScheduleBlock> Blocks(LocalDate first, LocalDate last, DateTimeZone zone,
        IReadOnlyList<ScheduleShift> shifts, IReadOnlyList<ScheduleOverride> overrides)
    {
        var result = new List<ScheduleBlock>();
        for (var date = first; date <= last; date = date.PlusDays(1))
        {
            foreach (var s in shifts.Where(s => s.Shift.OccursOn(date)))
            {
                var (from, until) = Roster.Occurrence(date, s.Shift.Start, s.Shift.End, zone);
                // "Off" drops every shift of that volunteer starting that date, or with a time (a cover request
                // taken) the one starting then (ShiftOverride.Drops, as Roster.At and Coverage.Between).
                var off = overrides.FirstOrDefault(o => o.Override.Drops(s.Shift.VolunteerId, date, s.Shift.Start));
                result.Add(new ScheduleBlock(BlockKind.Shift, s.Id, s.Shift.VolunteerId, date, s.Shift.Start,
                    s.Shift.End, from, until, Off: off is not null, OffId: off?.Id, Shift: s.Shift));
            }
            foreach (var c in overrides.Where(o => o.Override.Kind == OverrideKind.Cover && o.Override.Date == date))
            {
                var start = c.Override.Start ?? LocalTime.Midnight;
                var end = c.Override.End ?? LocalTime.Midnight;
                var (from, until) = Roster.Occurrence(date, start, end, zone);
                result.Add(new ScheduleBlock(BlockKind.Cover, c.Id, c.Override.VolunteerId, date, start, end, from,
                    until, WholeDay: c.Override.Start is null));
            }
        }
        return result.OrderBy(b => b.From).ThenBy(b => b.Kind).ThenBy(b => b.VolunteerId).ToList();
    }

    // One volunteer's coming shifts and covers (not those they are off), the one under way included.
    public static IReadOnlyList<ScheduleBlock> Upcoming(long volunteerId, Instant now, int days, DateTimeZone zone,
        IReadOnlyList<ScheduleShift> shifts, IReadOnlyList<ScheduleOverride> overrides)
    {
        var today = now.InZone(zone).Date;
        var until = today.PlusDays(days + 1).AtStartOfDayInZone(zone).ToInstant();
        return Blocks(today.PlusDays(-1), today.PlusDays(days), zone,
                shifts.Where(s => s.Shift.VolunteerId == volunteerId).ToList(),
                overrides.Where(o => o.Override.VolunteerId == volunteerId).ToList())
            .Where(b => !b.Off && !b.Vanishes && b.Until > now && b.From < until).ToList();
    }

    static List<HourCell> Hours(Instant start, Instant end, DateTimeZone zone, IReadOnlyList<Interval> gaps)
    {
        var cells = new List<HourCell>();
        for (var t = start; t < end; t += Duration.FromHours(1))
        {
            var next = t + Duration.FromHours(1) < end ? t + Duration.FromHours(1) : end;
            // Not covered for the whole hour: marked, so even a short gap shows.
            var gap = gaps.Any(g => g.From < next && g.Until > t);
            cells.Add(new HourCell(t, t.InZone(zone).TimeOfDay, gap));
        }
        return cells;
    }
}

// The in-memory roster knows shifts and overrides by value; the page needs their row ids to edit them. Pairs
// each remembered item with an equal row not yet taken (identical rows are interchangeable); an item without a
// row (removed elsewhere, not reloaded here yet) keeps a null id and cannot be edited.
public static class ScheduleIds
{
    public static IReadOnlyList<(long? Id, T Value)> Match<T>(IReadOnlyList<T> remembered,
        IReadOnlyList<(long Id, T Value)> rows) where T : notnull
    {
        var free = rows.ToList();
        var result = new List<(long?, T)>();
        foreach (var item in remembered)
        {
            var i = free.FindIndex(r => r.Value.Equals(item));
            if (i < 0)
            {
                result.Add((null, item));
                continue;
            }
            result.Add((free[i].Id, item));
            free.RemoveAt(i);
        }
        return result;
    }

    public static IReadOnlyList<(long Id, T Value)> Unmatched<T>(IReadOnlyList<T> remembered,
        IReadOnlyList<(long Id, T Value)> rows) where T : notnull
    {
        var taken = Match(remembered, rows).Where(m => m.Id is not null).Select(m => m.Id!.Value).ToHashSet();
        return rows.Where(r => !taken.Contains(r.Id)).ToList();
    }
}
