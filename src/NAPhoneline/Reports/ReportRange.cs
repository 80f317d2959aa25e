using NodaTime;
using NodaTime.Text;

namespace NAPhoneline.Reports;

// A report's dates: from..to, both included, as the body's wall clock reads them (CONTRACT 12).
public sealed record ReportRange(LocalDate From, LocalDate To)
{
    // A year and a day: a leap year fits; anything longer is a different question than a committee's.
    public const int MaxDays = 366;

    static readonly LocalDatePattern Iso = LocalDatePattern.Iso;

    // The problems of a query's from/to, by field name (empty when the range is good).
    public static (ReportRange? Range, IReadOnlyDictionary<string, string[]> Errors) Parse(string? from, string? to)
    {
        var errors = new Dictionary<string, string[]>();
        var f = Date(from, "from", errors);
        var t = Date(to, "to", errors);
        if (f is { } a && t is { } b)
        {
            if (b < a) errors["to"] = ["must not be before from"];
            else if (Period.DaysBetween(a, b) + 1 > MaxDays) errors["to"] = [$"the range is longer than {MaxDays} days"];
        }
        return errors.Count == 0 ? (new ReportRange(f!.Value, t!.Value), errors) : (null, errors);
    }

    static LocalDate? Date(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) { errors[field] = ["is required (YYYY-MM-DD)"]; return null; }
        var parsed = Iso.Parse(text.Trim());
        if (parsed.Success) return parsed.Value;
        errors[field] = ["is not a date (YYYY-MM-DD)"];
        return null;
    }

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
