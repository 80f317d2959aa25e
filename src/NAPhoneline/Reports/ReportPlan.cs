using NodaTime;

namespace NAPhoneline.Reports;

// One period of a summary as instants: [Since, Until), numbered N (0 the range asked for, 1 a month earlier).
public sealed record ReportPeriod(int N, Instant Since, Instant Until);

// UTC days [From, Until) of period N read from the rollup.
public sealed record RolledSpan(int N, LocalDate From, LocalDate Until);

// Where each part of a summary's periods is read from: whole UTC days already rolled up (and not changed since) from
// call_days, everything else (the partial days at the ends, today, changed days) from the calls. BucketZone is the
// wall clock the calls' rows are grouped by: UTC, so they regroup with the rollup's, or the body's own zone when
// its offsets are not whole hours (then a UTC hour would straddle two local hours, and nothing is rolled up).
public sealed record ReportPlan(IReadOnlyList<RolledSpan> Rolled, IReadOnlyList<Segment> Raw, string BucketZone)
{
    // scope: the body reported on; bodies: it and every body below it (whose calls its rows count); dirty: the
    // scope's days changed since they were rolled.
    public static ReportPlan For(IReadOnlyList<ReportPeriod> periods, long scope, IReadOnlyList<long> bodies,
        DateTimeZone zone, LocalDate? rolledUntil, IReadOnlySet<LocalDate> dirty)
    {
        var rolled = new List<RolledSpan>();
        var raw = new List<Segment>();
        var wholeHours = periods.All(p => WholeHours(zone, p.Since, p.Until));
        foreach (var p in periods)
        {
            var first = CeilingDay(p.Since);
            var last = p.Until.InUtc().Date;
            // Nothing rolled yet: every day is read from the calls.
            var rolledEnd = rolledUntil ?? first;
            if (rolledEnd < last) last = rolledEnd;
            if (!wholeHours || first >= last)
            {
                raw.AddRange(Every(p.N, p.Since, p.Until));
                continue;
            }
            rolled.Add(new RolledSpan(p.N, first, last));
            var from = Start(first);
            var until = Start(last);
            if (p.Since < from) raw.AddRange(Every(p.N, p.Since, from));
            if (until < p.Until) raw.AddRange(Every(p.N, until, p.Until));
            foreach (var day in dirty.Where(d => d >= first && d < last).Order())
                raw.AddRange(Every(p.N, Start(day), Start(day.PlusDays(1))));
        }
        return new ReportPlan(rolled, raw, wholeHours ? "UTC" : zone.Id);

        IEnumerable<Segment> Every(int n, Instant since, Instant until) =>
            bodies.Select(b => new Segment(n, scope, b, since, until));
    }

    // Every offset the zone has in [since, until) is whole hours (all of the Americas' zones but St. John's).
    public static bool WholeHours(DateTimeZone zone, Instant since, Instant until) =>
        zone.GetZoneIntervals(since, until).All(i => i.WallOffset.Seconds % 3600 == 0);

    static Instant Start(LocalDate day) => day.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();

    // The first UTC day that starts at or after the instant.
    static LocalDate CeilingDay(Instant at)
    {
        var day = at.InUtc().Date;
        return Start(day) == at ? day : day.PlusDays(1);
    }
}
