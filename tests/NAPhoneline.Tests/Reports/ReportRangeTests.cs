using NAPhoneline.Reports;
using NodaTime;

namespace NAPhoneline.Tests.Reports;

public sealed class ReportRangeTests
{
    static readonly DateTimeZone LosAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];

    static ReportRange Range(string from, string to) => ReportRange.Parse(from, to).Range!;

    [Theory]
    [InlineData(null, "2026-11-30", "from")]
    [InlineData("2026-11-01", "", "to")]
    [InlineData("2026-13-01", "2026-11-30", "from")]
    [InlineData("2026-11-01", "30/11/2026", "to")]
    [InlineData("2026-11-30", "2026-11-01", "to")]
    [InlineData("2025-11-01", "2026-11-30", "to")]
    public void Bad_dates_and_ranges_name_the_field(string? from, string? to, string field)
    {
        var (range, errors) = ReportRange.Parse(from, to);
        Assert.Null(range);
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void One_day_and_a_leap_year_are_ranges()
    {
        Assert.Equal(new ReportRange(new LocalDate(2026, 11, 24), new LocalDate(2026, 11, 24)),
            Range("2026-11-24", "2026-11-24"));
        Assert.NotNull(ReportRange.Parse("2028-01-01", "2028-12-31").Range);
    }

    [Theory]
    [InlineData("2026-11-01", "2026-11-30", "2026-10-01", "2026-10-31")] // a whole month: the whole month before
    [InlineData("2027-03-01", "2027-03-31", "2027-02-01", "2027-02-28")]
    [InlineData("2026-12-15", "2026-12-20", "2026-11-15", "2026-11-20")] // otherwise a calendar month back
    [InlineData("2027-03-29", "2027-03-30", "2027-02-28", "2027-02-28")] // clamped to February's end
    [InlineData("2026-09-02", "2026-11-30", "2026-08-02", "2026-10-31")] // 90 days ending on a month's end
    public void The_previous_period_is_the_same_range_a_month_earlier(string from, string to, string pFrom,
        string pTo) =>
        Assert.Equal(Range(pFrom, pTo), Range(from, to).Previous());

    [Fact]
    public void A_day_is_the_bodys_own_25_hours_when_the_clocks_go_back()
    {
        var (since, until) = Range("2026-11-01", "2026-11-01").In(LosAngeles);
        Assert.Equal(Instant.FromUtc(2026, 11, 1, 7, 0), since); // midnight PDT
        Assert.Equal(Instant.FromUtc(2026, 11, 2, 8, 0), until); // midnight PST
        Assert.Equal(Duration.FromHours(25), until - since);
    }

    [Fact]
    public void November_ends_at_midnight_PST_so_23_30_on_the_30th_is_Novembers()
    {
        var (since, until) = Range("2026-11-01", "2026-11-30").In(LosAngeles);
        var lastCall = Instant.FromUtc(2026, 12, 1, 7, 30); // 23:30 PST on Nov 30
        Assert.True(lastCall >= since && lastCall < until);
        Assert.True(Instant.FromUtc(2026, 11, 1, 6, 30) < since); // 23:30 PDT on Oct 31 is October's
    }

    [Fact]
    public void A_day_is_23_hours_when_the_clocks_go_forward()
    {
        var (since, until) = Range("2027-03-14", "2027-03-14").In(LosAngeles);
        Assert.Equal(Duration.FromHours(23), until - since);
    }
}
