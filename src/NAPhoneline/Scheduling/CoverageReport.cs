using System.Globalization;
using NAPhoneline.State;
using NodaTime;
using Interval = NAPhoneline.State.Interval;

namespace NAPhoneline.Scheduling;

public sealed record VolunteerHours(long VolunteerId, string Name, double Hours);

// How well a body's roster covers a stretch ahead (CONTRACT 13): the uncovered intervals, the share of hours with
// someone on duty, and how evenly the hours fall on the volunteers (Evenness: the fewest hours over the most, 1 when
// all serve alike; null with fewer than two volunteers). Pure, from the same occurrences a call would find.
public sealed record CoverageReport(Instant From, Instant Until, IReadOnlyList<Interval> Gaps, double CoveredShare,
    IReadOnlyList<VolunteerHours> Hours, double? Evenness)
{
    public static CoverageReport For(RosterSnapshot roster, Instant from, Instant until)
    {
        var served = Coverage.Between(roster, from, until);
        var gaps = Coverage.Gaps(served, from, until);
        var total = (until - from).TotalHours;
        var uncovered = gaps.Sum(g => (g.Until - g.From).TotalHours);
        var hours = served.GroupBy(d => d.VolunteerId)
            .Select(g => new VolunteerHours(g.Key, roster.Volunteers[g.Key].Name,
                Math.Round(g.Sum(d => (Min(d.Until, until) - Max(d.From, from)).TotalHours), 1)))
            .OrderByDescending(v => v.Hours).ThenBy(v => v.Name, StringComparer.Ordinal).ToList();
        double? evenness = hours.Count < 2 || hours[0].Hours == 0 ? null
            : Math.Round(hours[^1].Hours / hours[0].Hours, 2);
        return new CoverageReport(from, until, gaps, total <= 0 ? 1 : Math.Round(1 - uncovered / total, 4), hours,
            evenness);
    }

    // The gaps in a text: "Sat Nov 28 22:00-Sun Nov 29 04:00; ..." on the body's clock; at most `max`, then how many
    // more.
    public static string Describe(IReadOnlyList<Interval> gaps, DateTimeZone zone, CultureInfo culture,
        string dateFormat, int max, Func<int, string> more)
    {
        var pattern = NodaTime.Text.LocalDateTimePattern.Create(dateFormat, culture);
        string Local(Instant i) => pattern.Format(i.InZone(zone).LocalDateTime);
        var parts = gaps.Take(max).Select(g => g.From.InZone(zone).Date == g.Until.InZone(zone).Date
            || g.Until.InZone(zone).TimeOfDay == LocalTime.Midnight && g.Until.InZone(zone).Date
                == g.From.InZone(zone).Date.PlusDays(1)
            ? $"{Local(g.From)}-{Time(g.Until, zone)}"
            : $"{Local(g.From)}-{Local(g.Until)}").ToList();
        if (gaps.Count > max) parts.Add(more(gaps.Count - max));
        return string.Join("; ", parts);
    }

    static string Time(Instant i, DateTimeZone zone) =>
        i.InZone(zone).TimeOfDay == LocalTime.Midnight ? "24:00"
            : i.InZone(zone).LocalDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);

    static Instant Min(Instant a, Instant b) => a < b ? a : b;

    static Instant Max(Instant a, Instant b) => a > b ? a : b;
}
