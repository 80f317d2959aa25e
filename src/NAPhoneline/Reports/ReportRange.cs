using NodaTime;
using NodaTime.Text;

namespace NAPhoneline.Reports;

public enum RangeProblem { Missing, NotADate, ToBeforeFrom, TooLong }

public enum RangePreset { ThisMonth, LastMonth, Last90Days, Custom }

// A report's dates: from..to, both included, as the body's wall clock reads them (CONTRACT 12).
public sealed record ReportRange(LocalDate From, LocalDate To)
{
    // A year and a day: a leap year fits; anything longer is a different question than a committee's.
    public const int MaxDays = 366;

    static readonly LocalDatePattern Iso = LocalDatePattern.Iso;

    // The problems of a query's from/to, by field name (empty when the range is good).
    public static (ReportRange? Range, IReadOnlyDictionary<string, RangeProblem> Errors) Parse(string? from,
        string? to)
    {
        var errors = new Dictionary<string, RangeProblem>();
        var f = Date(from, "from", errors);
        var t = Date(to, "to", errors);
        if (f is { } a && t is { } b)
        {
            if (b < a) errors["to"] = RangeProblem.ToBeforeFrom;
            else if (Period.DaysBetween(a, b) + 1 > MaxDays) errors["to"] = RangeProblem.TooLong;
        }
        return errors.Count == 0 ? (new ReportRange(f!.Value, t!.Value), errors) : (null, errors);
    }

    // The admin API's words for a problem (the console has its own, in two languages).
    public static string Describe(RangeProblem problem) => problem switch
    {
        RangeProblem.Missing => "is required (YYYY-MM-DD)",
        RangeProblem.NotADate => "is not a date (YYYY-MM-DD)",
        RangeProblem.ToBeforeFrom => "must not be before from",
        _ => $"the range is longer than {MaxDays} days",
    };

    static LocalDate? Date(string? text, string field, Dictionary<string, RangeProblem> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) { errors[field] = RangeProblem.Missing; return null; }
        var parsed = Iso.Parse(text.Trim());
        if (parsed.Success) return parsed.Value;
        errors[field] = RangeProblem.NotADate;
        return null;
    }

    // The console's presets, from the body's today: this month so far, all of last month, the last 90 days.
    public static ReportRange? For(RangePreset preset, LocalDate today) => preset switch
    {
        RangePreset.ThisMonth => new(new LocalDate(today.Year, today.Month, 1), today),
        RangePreset.LastMonth => new(new LocalDate(today.Year, today.Month, 1).PlusMonths(-1),
            new LocalDate(today.Year, today.Month, 1).PlusDays(-1)),
        RangePreset.Last90Days => new(today.PlusDays(-89), today),
        _ => null,
    };

    public static RangePreset? ParsePreset(string? text) => text switch
    {
        null or "" or "this-month" => RangePreset.ThisMonth,
        "last-month" => RangePreset.LastMonth,
        "last-90-days" => RangePreset.Last90Days,
        "custom" => RangePreset.Custom,
        _ => null,
    };

    public static string Name(RangePreset preset) => preset switch
    {
        RangePreset.LastMonth => "last-month",
        RangePreset.Last90Days => "last-90-days",
        RangePreset.Custom => "custom",
        _ => "this-month",
    };

    // The same range a month earlier: a range ending on a month's last day ends on the previous month's last day
    // (November -> all of October), otherwise both ends move back one calendar month (clamped: Mar 31 -> Feb 28).
    public ReportRange Previous()
    {
        var from = From.PlusMonths(-1);
        var to = To.PlusMonths(-1);
        if (To.Day == CalendarDays(To)) to = new LocalDate(to.Year, to.Month, CalendarDays(to));
        return new ReportRange(from, to);
    }

    static int CalendarDays(LocalDate d) => CalendarSystem.Iso.GetDaysInMonth(d.Year, d.Month);

    // The instants the range covers in a zone: [start of From, start of the day after To). A day is 23 or 25 hours
    // across a DST change.
    public (Instant Since, Instant Until) In(DateTimeZone zone) =>
        (From.AtStartOfDayInZone(zone).ToInstant(), To.PlusDays(1).AtStartOfDayInZone(zone).ToInstant());
}
