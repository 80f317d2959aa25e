using System.Globalization;
using NodaTime;
using NodaTime.Text;

namespace NAPhoneline.Reports;

// Where each bar, tick and label of the "calls over time" SVG goes (viewBox units), decided without a page: one
// bar per date, stacked answered / missed / other from the bottom, a y axis of round steps, and date labels spaced
// for the range (every date up to a week, Mondays up to a month, the 1st and 15th up to a quarter, then the 1st of
// each month), so 366 thin bars stay legible on a 390 px phone.
public sealed record DayChart(double Width, double Height, double PlotLeft, double PlotRight, double PlotTop,
    double PlotBottom, IReadOnlyList<DayBar> Bars, IReadOnlyList<AxisTick> YTicks, IReadOnlyList<AxisTick> XLabels)
{
    // Sized for a phone: 360 units across about 320 px, so the 11-unit labels read at about 10 px.
    public const double ViewWidth = 360;
    public const double ViewHeight = 196;
    public const double FontSize = 11;
    const double Left = 28, Right = 352, Top = 8, Bottom = 160;

    public static DayChart For(IReadOnlyList<DayFigures> days, CultureInfo culture)
    {
        var max = days.Count == 0 ? 0 : days.Max(d => d.Calls);
        var step = NiceStep(max);
        var top = Math.Max(step, (int)Math.Ceiling((double)max / step) * step);
        double Y(int value) => Bottom - (Bottom - Top) * value / top;

        var slot = days.Count == 0 ? 0 : (Right - Left) / days.Count;
        // A gap between bars only where there is room for one.
        var width = slot >= 3 ? slot * 0.75 : slot;
        var bars = new List<DayBar>(days.Count);
        var labels = new List<AxisTick>();
        var every = LabelRule(days.Count);
        for (var i = 0; i < days.Count; i++)
        {
            var d = days[i];
            var date = LocalDatePattern.Iso.Parse(d.Date).Value;
            var x = Left + i * slot + (slot - width) / 2;
            // Missed and answered are disjoint subsets of the calls; "other" is the rest (not offered, misdials,
            // in progress).
            var answered = Math.Min(d.Answered, d.Calls);
            var missed = Math.Min(d.Missed, d.Calls - answered);
            bars.Add(new DayBar(d, x, width,
                Stack(Y, 0, answered), Stack(Y, answered, missed), Stack(Y, answered + missed,
                    d.Calls - answered - missed)));
            // Centred under its bar, but kept whole inside the viewBox at either end.
            if (every(date))
                labels.Add(new AxisTick(Math.Clamp(x + width / 2, 14, ViewWidth - 18),
                    Label(date, days.Count, culture),
                    days.Count > 92 && date.Month == 1 ? date.Year.ToString(CultureInfo.InvariantCulture) : null));
        }
        // Past a quarter the labels are months with the year under each January; under the first month too, unless
        // a January follows within two months (two years side by side would touch).
        var januarySoon = labels.Skip(1).Take(2).Any(l => l.Under is not null);
        if (days.Count > 92 && labels.Count > 0 && labels[0].Under is null && !januarySoon)
        {
            var year = LocalDatePattern.Iso.Parse(days[0].Date).Value.Year;
            labels[0] = labels[0] with { Under = year.ToString(CultureInfo.InvariantCulture) };
        }
        var ticks = new List<AxisTick>();
        for (var v = 0; v <= top; v += step)
            ticks.Add(new AxisTick(Y(v), v.ToString("N0", culture)));
        return new DayChart(ViewWidth, ViewHeight, Left, Right, Top, Bottom, bars, ticks, labels);
    }

    // SVG coordinates: invariant whatever the page's language (a comma is no decimal mark in SVG).
    public static string At(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    static BarSegment Stack(Func<int, double> y, int below, int count) =>
        new(y(below + count), y(below) - y(below + count), count);

    // 1, 2 or 5 times a power of ten, so the axis has at most five steps.
    public static int NiceStep(int max)
    {
        for (var power = 1; ; power *= 10)
            foreach (var f in (int[])[1, 2, 5])
                if (max <= f * power * 5) return f * power;
    }

    static Func<LocalDate, bool> LabelRule(int days) => days switch
    {
        <= 7 => _ => true,
        <= 31 => d => d.DayOfWeek == IsoDayOfWeek.Monday,
        <= 92 => d => d.Day is 1 or 15,
        _ => d => d.Day == 1,
    };

    // "24 Nov" (a quarter at most), or the month alone ("Nov") for the long ranges, in the page's language.
    static string Label(LocalDate date, int days, CultureInfo culture)
    {
        var month = culture.DateTimeFormat.GetAbbreviatedMonthName(date.Month).TrimEnd('.');
        return days > 92 ? month : $"{date.Day} {month}";
    }
}

// One date's bar: the segments from the bottom, each with its top (Y) and height in viewBox units.
public sealed record DayBar(DayFigures Day, double X, double Width, BarSegment Answered, BarSegment Missed,
    BarSegment Other);

public sealed record BarSegment(double Y, double Height, int Count);

// A label on an axis at a position (y for the value axis, the bar's centre for dates), with a second line under it
// (the year of a month label).
public sealed record AxisTick(double At, string Text, string? Under = null);
