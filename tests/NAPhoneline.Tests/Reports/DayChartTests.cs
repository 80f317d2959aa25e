using System.Globalization;
using NAPhoneline.Reports;
using NodaTime;
using NodaTime.Text;

namespace NAPhoneline.Tests.Reports;

public sealed class DayChartTests
{
    static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    static readonly CultureInfo Spanish = CultureInfo.GetCultureInfo("es-ES");

    static IReadOnlyList<DayFigures> Days(string from, int count, Func<int, DayFigures>? day = null) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var date = LocalDatePattern.Iso.Format(LocalDatePattern.Iso.Parse(from).Value.PlusDays(i));
            return day?.Invoke(i) is { } d ? d with { Date = date } : new DayFigures(date, 0, 0, 0, 0);
        }).ToList();

    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 1)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(10, 2)]
    [InlineData(11, 5)]
    [InlineData(26, 10)]
    [InlineData(240, 50)]
    [InlineData(1800, 500)]
    public void The_value_axis_has_round_steps_and_at_most_five_of_them(int max, int step) =>
        Assert.Equal(step, DayChart.NiceStep(max));

    [Fact]
    public void A_bar_stacks_answered_missed_and_the_rest_from_the_bottom()
    {
        var chart = DayChart.For(Days("2026-11-24", 1, _ => new DayFigures("", 10, 8, 5, 3)), English);
        var bar = Assert.Single(chart.Bars);
        Assert.Equal((5, 3, 2), (bar.Answered.Count, bar.Missed.Count, bar.Other.Count));
        Assert.Equal(chart.PlotBottom, bar.Answered.Y + bar.Answered.Height, 6);
        Assert.Equal(bar.Answered.Y, bar.Missed.Y + bar.Missed.Height, 6);
        Assert.Equal(bar.Missed.Y, bar.Other.Y + bar.Other.Height, 6);
        // 10 calls on an axis of steps of 2 up to 10: the bar is the plot's full height.
        Assert.Equal(chart.PlotTop, bar.Other.Y, 6);
        Assert.Equal(["0", "2", "4", "6", "8", "10"], chart.YTicks.Select(t => t.Text));
    }

    [Fact]
    public void A_month_is_labelled_on_Mondays_in_the_pages_language()
    {
        var days = Days("2026-11-01", 30);
        Assert.Equal(["2 Nov", "9 Nov", "16 Nov", "23 Nov", "30 Nov"],
            DayChart.For(days, English).XLabels.Select(l => l.Text));
        Assert.Equal(["2 nov", "9 nov", "16 nov", "23 nov", "30 nov"],
            DayChart.For(days, Spanish).XLabels.Select(l => l.Text));
    }

    [Fact]
    public void A_week_labels_every_date_and_a_quarter_the_1st_and_15th()
    {
        Assert.Equal(7, DayChart.For(Days("2026-11-18", 7), English).XLabels.Count);
        Assert.Equal(["1 Sep", "15 Sep", "1 Oct", "15 Oct", "1 Nov", "15 Nov"],
            DayChart.For(Days("2026-08-27", 90), English).XLabels.Select(l => l.Text));
    }

    [Fact]
    public void A_year_has_thin_bars_inside_the_view_and_a_label_per_month()
    {
        var chart = DayChart.For(Days("2025-11-25", 366, i => new DayFigures("", i % 40, 0, i % 7, i % 3)), English);
        Assert.Equal(366, chart.Bars.Count);
        Assert.All(chart.Bars, b => Assert.True(b.Width > 0.5 && b.X >= chart.PlotLeft
            && b.X + b.Width <= chart.PlotRight + 1e-6));
        Assert.Equal(["Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"],
            chart.XLabels.Select(l => l.Text));
        // The year under January; not under December just before it (the two would touch).
        Assert.Equal(["2026"], chart.XLabels.Select(l => l.Under).OfType<string>());
        Assert.Equal("2026", DayChart.For(Days("2026-04-01", 200), English).XLabels[0].Under);
        Assert.All(chart.XLabels, l => Assert.InRange(l.At, chart.PlotLeft, DayChart.ViewWidth - 18));
        // Month labels (3 or 4 letters of 11 units, about 20-26 wide) at least 24 units apart: none overlaps.
        Assert.All(chart.XLabels.Zip(chart.XLabels.Skip(1)), p => Assert.True(p.Second.At - p.First.At >= 24));
    }

    [Fact]
    public void Coordinates_are_written_with_a_dot_whatever_the_language()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = Spanish;
            Assert.Equal("12.5", DayChart.At(12.5));
            Assert.Equal("360", DayChart.At(DayChart.ViewWidth));
        }
        finally { CultureInfo.CurrentCulture = before; }
    }
}
