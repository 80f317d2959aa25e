using NAPhoneline.Reports;
using NodaTime;

namespace NAPhoneline.Tests.Reports;

// Which parts of a summary come from the rollup and which from the calls, and how the rows add up on the body's
// clock.
public sealed class ReportPlanTests
{
    static readonly DateTimeZone LosAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];
    static readonly DateTimeZone StJohns = DateTimeZoneProviders.Tzdb["America/St_Johns"];

    static Instant Utc(int month, int day, int hour) => Instant.FromUtc(2026, month, day, hour, 0);

    static ReportPeriod November(DateTimeZone zone)
    {
        var (since, until) = new ReportRange(new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 30)).In(zone);
        return new ReportPeriod(0, since, until);
    }

    [Fact]
    public void Whole_rolled_days_come_from_the_rollup_and_the_ends_changed_days_and_today_from_the_calls()
    {
        var dirty = new HashSet<LocalDate> { new(2026, 11, 10), new(2026, 11, 28) };
        var plan = ReportPlan.For([November(LosAngeles)], 1, [1, 2], LosAngeles, new LocalDate(2026, 11, 25), dirty);

        Assert.Equal("UTC", plan.BucketZone);
        // Nov 1 starts at 07:00Z (PDT); the first whole UTC day is Nov 2; rolled up to Nov 24.
        Assert.Equal([new RolledSpan(0, new LocalDate(2026, 11, 2), new LocalDate(2026, 11, 25))], plan.Rolled);
        // The calls of body 1 and of body 2 below it, counted for body 1.
        Assert.Equal(
        [
            new Segment(0, 1, 1, Utc(11, 1, 7), Utc(11, 2, 0)), new Segment(0, 1, 2, Utc(11, 1, 7), Utc(11, 2, 0)),
            // Nov 30 ends at 08:00Z on Dec 1 (PST).
            new Segment(0, 1, 1, Utc(11, 25, 0), Utc(12, 1, 8)), new Segment(0, 1, 2, Utc(11, 25, 0), Utc(12, 1, 8)),
            // Nov 28 is read from the calls anyway.
            new Segment(0, 1, 1, Utc(11, 10, 0), Utc(11, 11, 0)), new Segment(0, 1, 2, Utc(11, 10, 0), Utc(11, 11, 0)),
        ], plan.Raw);
    }

    [Fact]
    public void Nothing_rolled_yet_or_a_range_inside_one_UTC_day_reads_the_calls()
    {
        var none = ReportPlan.For([November(LosAngeles)], 1, [1], LosAngeles, null, new HashSet<LocalDate>());
        Assert.Empty(none.Rolled);
        Assert.Equal([new Segment(0, 1, 1, Utc(11, 1, 7), Utc(12, 1, 8))], none.Raw);

        var (since, until) = new ReportRange(new LocalDate(2026, 11, 24), new LocalDate(2026, 11, 24)).In(LosAngeles);
        var day = ReportPlan.For([new ReportPeriod(1, since, until)], 1, [1], LosAngeles, new LocalDate(2026, 11, 30),
            new HashSet<LocalDate>());
        Assert.Empty(day.Rolled);
        Assert.Equal([new Segment(1, 1, 1, since, until)], day.Raw);
    }

    [Fact]
    public void A_zone_off_the_hour_is_read_from_the_calls_on_its_own_clock()
    {
        var plan = ReportPlan.For([November(StJohns)], 1, [1], StJohns, new LocalDate(2026, 11, 25),
            new HashSet<LocalDate>());
        Assert.Equal("America/St_Johns", plan.BucketZone);
        Assert.Empty(plan.Rolled);
        Assert.Single(plan.Raw);
        Assert.True(ReportPlan.WholeHours(LosAngeles, Utc(1, 1, 0), Utc(12, 31, 0)));
    }

    static CallDayRow Row(int year, int month, int day, short hour, int calls, int missed = 0) => new()
    {
        Day = new DateOnly(year, month, day), Hours = [hour], Calls = [calls], Offered = [missed], Answered = [0],
        Missed = [missed],
    };

    [Fact]
    public void UTC_hours_regroup_on_the_bodys_clock_across_DST_and_midnight()
    {
        var march = new ReportRange(new LocalDate(2027, 3, 13), new LocalDate(2027, 3, 14));
        // 10:00Z on Mar 14 is 03:00 PDT (Sunday); 07:00Z is 23:00 PST on Saturday Mar 13.
        var sums = CallFigureSums.Of([Row(2027, 3, 14, 10, 2, missed: 1), Row(2027, 3, 14, 7, 1, missed: 1)], march,
            LosAngeles, utcBuckets: true);
        Assert.Equal(1, sums.MissedByHour[0][3]);
        Assert.Equal(1, sums.MissedByHour[6][23]);
        Assert.Equal([("2027-03-13", 1), ("2027-03-14", 2)], sums.ByDay.Select(d => (d.Date, d.Calls)));

        // Rows already on the zone's clock are taken as they are.
        var local = CallFigureSums.Of([Row(2027, 3, 14, 10, 1, missed: 1)], march, LosAngeles, utcBuckets: false);
        Assert.Equal(1, local.MissedByHour[0][10]);
    }

    [Theory]
    [InlineData(new[] { 7, 25 }, 16, 23.2, 25)]
    [InlineData(new[] { 1, 1, 5 }, 1, 4.2, 5)]
    [InlineData(new[] { 30 }, 30, 30, 30)]
    public void Percentiles_of_whole_seconds_are_percentile_conts(int[] waits, double p50, double p90, double max)
    {
        var counts = new SortedDictionary<int, long>();
        foreach (var w in waits) counts[w] = counts.GetValueOrDefault(w) + 1;
        var histogram = new WaitHistogram(counts);
        Assert.Equal(p50, histogram.Percentile(0.5)!.Value, 9);
        Assert.Equal(p90, histogram.Percentile(0.9)!.Value, 9);
        Assert.Equal(max, histogram.Max);
        Assert.Null(new WaitHistogram(new SortedDictionary<int, long>()).Percentile(0.5));
    }
}
