using NodaTime;

namespace NAPhoneline.Reports;

// The call figures of one period, summed from its rows of call_days (rolled up, or read from the calls): the same
// numbers the per-call definitions of docs/REPORTS.md give, with hours and dates regrouped on the body's wall clock.
public sealed record CallFigureSums(int Calls, IReadOnlyDictionary<string, int> ByOption, TalkToMemberFigures Talk,
    int[][] MissedByHour, IReadOnlyList<DayFigures> ByDay, int Searches, int Texted, IReadOnlyList<LegCount> Legs)
{
    // utcBuckets: the rows' days and hours are UTC (else the zone's own wall clock).
    public static CallFigureSums Of(IEnumerable<CallDayRow> rows, ReportRange range, DateTimeZone zone,
        bool utcBuckets)
    {
        int calls = 0, offered = 0, answered = 0, abandoned = 0, voicemail = 0, misdials = 0, missed = 0;
        int searches = 0, texted = 0;
        long talk = 0;
        var options = new Dictionary<string, int>(StringComparer.Ordinal);
        var waits = new SortedDictionary<int, long>();
        var grid = Enumerable.Range(0, 7).Select(_ => new int[24]).ToArray();
        var days = new Dictionary<LocalDate, (int Calls, int Offered, int Answered, int Missed)>();
        var legs = new Dictionary<(string Kind, long Volunteer), (int Rung, int Answered)>();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.LegKinds.Length; i++)
            {
                var l = legs.GetValueOrDefault((row.LegKinds[i], row.LegVolunteers[i]));
                legs[(row.LegKinds[i], row.LegVolunteers[i])] = (l.Rung + row.LegRung[i],
                    l.Answered + row.LegAnswered[i]);
            }
            var day = LocalDate.FromDateOnly(row.Day);
            for (var i = 0; i < row.Hours.Length; i++)
            {
                var wall = day.At(new LocalTime(row.Hours[i], 0));
                var local = utcBuckets ? wall.InUtc().ToInstant().InZone(zone).LocalDateTime : wall;
                calls += row.Calls[i];
                offered += row.Offered[i];
                answered += row.Answered[i];
                missed += row.Missed[i];
                grid[(int)local.DayOfWeek % 7][local.Hour] += row.Missed[i];
                var d = days.GetValueOrDefault(local.Date);
                days[local.Date] = (d.Calls + row.Calls[i], d.Offered + row.Offered[i],
                    d.Answered + row.Answered[i], d.Missed + row.Missed[i]);
            }
            searches += row.Searches;
            texted += row.Texted;
            abandoned += row.Abandoned;
            voicemail += row.Voicemail;
            misdials += row.Misdials;
            talk += row.TalkSeconds;
            for (var i = 0; i < row.Options.Length; i++)
                options[row.Options[i]] = options.GetValueOrDefault(row.Options[i]) + row.OptionCounts[i];
            for (var i = 0; i < row.Waits.Length; i++)
                waits[row.Waits[i]] = waits.GetValueOrDefault(row.Waits[i]) + row.WaitCounts[i];
        }
        var byDay = new List<DayFigures>();
        for (var d = range.From; d <= range.To; d = d.PlusDays(1))
        {
            var f = days.GetValueOrDefault(d);
            byDay.Add(new DayFigures(NodaTime.Text.LocalDatePattern.Iso.Format(d), f.Calls, f.Offered, f.Answered,
                f.Missed));
        }
        var histogram = new WaitHistogram(waits);
        var figures = new TalkToMemberFigures(offered, answered, abandoned, voicemail, misdials, missed,
            offered == 0 ? null : Math.Round((double)answered / offered, 4),
            new Percentiles(Round(histogram.Percentile(0.5)), Round(histogram.Percentile(0.9)), histogram.Max),
            talk);
        return new CallFigureSums(calls, options.OrderBy(o => o.Key, StringComparer.Ordinal)
            .ToDictionary(o => o.Key, o => o.Value), figures, grid, byDay, searches, texted,
            legs.Select(l => new LegCount(LegCount.KindOf(l.Key.Kind),
                l.Key.Volunteer > 0 ? l.Key.Volunteer : (long?)null, l.Value.Rung, l.Value.Answered)).ToList());
    }

    static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}

// Seconds to answer as counts per whole second: percentile_cont's interpolated percentiles of the values the counts
// stand for (PostgreSQL's definition: position p * (n - 1) in the sorted values, linear between neighbours).
public sealed class WaitHistogram(SortedDictionary<int, long> counts)
{
    readonly long total = counts.Values.Sum();

    public double? Max => total == 0 ? null : counts.Keys.Where(k => counts[k] > 0).Max();

    public double? Percentile(double p)
    {
        if (total == 0) return null;
        var position = p * (total - 1);
        var lower = (long)Math.Floor(position);
        var low = At(lower);
        var high = At(Math.Min(lower + 1, total - 1));
        return low + (position - lower) * (high - low);
    }

    // The value at a 0-based index of the sorted values.
    int At(long index)
    {
        long seen = 0;
        foreach (var (value, count) in counts)
        {
            seen += count;
            if (index < seen) return value;
        }
        return counts.Keys.Last();
    }
}
