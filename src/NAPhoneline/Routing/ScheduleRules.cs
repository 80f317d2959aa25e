using System.Globalization;
using NAPhoneline.State;
using NodaTime;
using NodaTime.Text;

namespace NAPhoneline.Routing;

// What a schedule form may hold, as typed (every value kept to show again). Repeat: weekly, biweekly or monthly;
// StartsOn: a date in one of a biweekly shift's weeks; WeekOfMonth: 1-4 or -1 (the last) for a monthly one.
public sealed record ShiftInput(string? Volunteer = null, string? Day = null, string? Start = null, string? End = null,
    string? Repeat = null, string? StartsOn = null, string? WeekOfMonth = null, string? From = null,
    string? Until = null, bool Backup = false)
{
    // A shift's values as its form shows them to be changed.
    public static ShiftInput Of(RosterShift s) => new(s.VolunteerId.ToString(CultureInfo.InvariantCulture),
        ScheduleRules.DayValue(s.Day), ScheduleRules.Time(s.Start), ScheduleRules.Time(s.End),
        ShiftColumns.Word(s.Repeat), s.StartsOn is { } a ? ScheduleRules.Date(a) : null,
        s.Week?.ToString(CultureInfo.InvariantCulture), s.From is { } f ? ScheduleRules.Date(f) : null,
        s.Until is { } u ? ScheduleRules.Date(u) : null, s.Backup);
}

public sealed record OverrideInput(string? Kind = null, string? Volunteer = null, string? Date = null,
    string? Start = null, string? End = null);

public sealed record ValidShift(long VolunteerId, IsoDayOfWeek Day, LocalTime Start, LocalTime End,
    ShiftPattern Pattern, bool Backup = false)
{
    public ValidShift(long volunteerId, IsoDayOfWeek day, LocalTime start, LocalTime end)
        : this(volunteerId, day, start, end, ShiftPattern.Weekly) { }

    public RosterShift ToShift() => Pattern.ApplyTo(new RosterShift(VolunteerId, Day, Start, End)) with
    {
        Backup = Backup,
    };
}

public sealed record ValidOverride(long VolunteerId, LocalDate Date, OverrideKind Kind, LocalTime? Start,
    LocalTime? End);

// Field name to the key of the words that say what is wrong with it.
public sealed class FormErrors : Dictionary<string, string>
{
    public FormErrors() : base(StringComparer.Ordinal) { }
}

// Pure rules of the schedule's forms. Times are 24-hour wall-clock times in the body's zone (HH:mm, or H:mm; an
// end of 24:00 is midnight). An end not after the start runs past midnight. The same start and end would be a
// 24-hour shift, easily typed by mistake: refused, except 00:00 to 00:00, which means the whole day.
public static class ScheduleRules
{
    public static readonly IsoDayOfWeek[] Week =
    [
        IsoDayOfWeek.Monday, IsoDayOfWeek.Tuesday, IsoDayOfWeek.Wednesday, IsoDayOfWeek.Thursday,
        IsoDayOfWeek.Friday, IsoDayOfWeek.Saturday, IsoDayOfWeek.Sunday,
    ];

    static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;

    public static string DayValue(IsoDayOfWeek day) => day.ToString().ToLowerInvariant();

    public static IsoDayOfWeek? ParseDay(string? text) =>
        Week.Cast<IsoDayOfWeek?>().FirstOrDefault(d => DayValue(d!.Value) == text?.Trim().ToLowerInvariant());

    // The shifts table counts days from 0 = Sunday (CONTRACT 5, migration 0001).
    public static short DbDay(IsoDayOfWeek day) => (short)((int)day % 7);

    public static LocalTime? ParseTime(string? text, bool isEnd = false)
    {
        var t = text?.Trim() ?? "";
        if (isEnd && t == "24:00") return LocalTime.Midnight;
        var parts = t.Split(':');
        if (parts.Length != 2 || parts[0].Length is < 1 or > 2 || parts[1].Length != 2
            || !parts.All(p => p.All(char.IsAsciiDigit))) return null;
        var h = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var m = int.Parse(parts[1], CultureInfo.InvariantCulture);
        return h < 24 && m < 60 ? new LocalTime(h, m) : null;
    }

    public static LocalDate? ParseDate(string? text) =>
        IsoDate.Parse(text?.Trim() ?? "") is { Success: true } r ? r.Value : null;

    public static string Time(LocalTime time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string Date(LocalDate date) => IsoDate.Format(date);

    // The fields of a shift form in page order, the order its error summary lists them.
    public static readonly string[] ShiftFields =
        ["Volunteer", "Day", "Start", "End", "Repeat", "StartsOn", "WeekOfMonth", "From", "Until"];

    // volunteers: those who may serve on this body. existing: its other shifts (a move leaves out the one moved).
    // The pattern goes through ShiftPattern.Parse, so the form takes exactly what the configuration file takes.
    public static (ValidShift? Shift, FormErrors Errors) CheckShift(ShiftInput input, IReadOnlySet<long> volunteers,
        IReadOnlyList<RosterShift> existing)
    {
        var errors = new FormErrors();
        var volunteer = Volunteer(input.Volunteer, volunteers, errors);
        var day = ParseDay(input.Day);
        if (day is null) errors["Day"] = "DayRequired";
        var (start, end) = Times(input.Start, input.End, required: true, errors);
        var pattern = Pattern(input, errors);
        if (errors.Count > 0) return (null, errors);
        var shift = new ValidShift(volunteer!.Value, day!.Value, start!.Value, end!.Value, pattern!, input.Backup);
        if (existing.Any(e => SameShift(e, shift.ToShift()))) errors["Start"] = "DuplicateShift";
        return errors.Count > 0 ? (null, errors) : (shift, errors);
    }

    // The same volunteer at the same times on the same dates: backup or not, a second row would ring nobody more.
    // Two biweekly anchors in weeks an even number of weeks apart are the same weeks.
    public static bool SameShift(RosterShift a, RosterShift b) =>
        a.VolunteerId == b.VolunteerId && a.Day == b.Day && a.Start == b.Start && a.End == b.End
        && a.Repeat == b.Repeat && a.Week == b.Week && a.From == b.From && a.Until == b.Until
        && (a.Repeat != ShiftRepeat.Biweekly || SameWeeks(a.StartsOn, b.StartsOn));

    static bool SameWeeks(LocalDate? a, LocalDate? b) => a is { } x && b is { } y
        ? int.IsEvenInteger(Period.DaysBetween(ScheduleWeek.MondayOf(x), ScheduleWeek.MondayOf(y)) / 7)
        : a == b;

    // The pattern as the configuration file's rules take it, each problem on the form's own field. The week of the
    // month comes as the form's list gives it (1-4, or -1 for the last).
    static ShiftPattern? Pattern(ShiftInput input, FormErrors errors)
    {
        int? week = null;
        var weekText = input.WeekOfMonth?.Trim();
        // Not a number: 0, which the pattern finds out of range (or only for a monthly shift).
        if (!string.IsNullOrEmpty(weekText))
            week = int.TryParse(weekText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var w)
                ? w : 0;
        var (pattern, problems) = ShiftPattern.Parse(input.Repeat, input.StartsOn, week, input.From, input.Until);
        foreach (var (field, problem) in problems)
        {
            var name = PatternField(field);
            // One message a field, the first found.
            errors.TryAdd(name, "Pattern" + problem);
        }
        return pattern;
    }

    static string PatternField(string field) => field switch
    {
        "repeat" => "Repeat",
        "startsOn" => "StartsOn",
        "week" => "WeekOfMonth",
        "from" => "From",
        "until" => "Until",
        _ => field,
    };

    // How a shift repeats and what bounds it, as the words the page writes out (a weekly shift without dates: none).
    // Each key of ScheduleText; a monthly key takes the day's name, From and Until their date.
    public static IReadOnlyList<(string Key, LocalDate? Date)> PatternWords(RosterShift s)
    {
        var words = new List<(string, LocalDate?)>();
        if (s.Repeat == ShiftRepeat.Biweekly) words.Add(("EveryOtherWeek", null));
        if (s.Repeat == ShiftRepeat.Monthly && s.Week is { } n)
            words.Add((n == -1 ? "MonthlyLast" : "Monthly" + n.ToString(CultureInfo.InvariantCulture), null));
        if (s.From is { } from) words.Add(("FromDate", from));
        if (s.Until is { } until) words.Add(("UntilDate", until));
        return words;
    }

    // A move keeps the volunteer: the day, the times and the pattern are the form's (shown as they were).
    public static (ValidShift? Shift, FormErrors Errors) CheckMove(long volunteerId, ShiftInput input,
        IReadOnlyList<RosterShift> others) =>
        CheckShift(input with { Volunteer = volunteerId.ToString(CultureInfo.InvariantCulture) }, new HashSet<long>
            { volunteerId }, others);

    // A cover takes the whole date or start..end (both or neither); off is always the whole date.
    public static (ValidOverride? Override, FormErrors Errors) CheckOverride(OverrideInput input,
        IReadOnlySet<long> volunteers, LocalDate today, IReadOnlyList<ShiftOverride> existing)
    {
        var errors = new FormErrors();
        OverrideKind? kind = input.Kind switch { "cover" => OverrideKind.Cover, "off" => OverrideKind.Off, _ => null };
        if (kind is null) errors["Kind"] = "KindRequired";
        var volunteer = Volunteer(input.Volunteer, volunteers, errors);
        var date = FutureDate(input.Date, today, errors);
        LocalTime? start = null, end = null;
        var anyTime = !string.IsNullOrWhiteSpace(input.Start) || !string.IsNullOrWhiteSpace(input.End);
        if (kind == OverrideKind.Off && anyTime)
            errors["Start"] = "OffWholeDay";
        else if (kind == OverrideKind.Cover)
            (start, end) = Times(input.Start, input.End, required: false, errors);
        if (errors.Count > 0) return (null, errors);

        var o = new ValidOverride(volunteer!.Value, date!.Value, kind!.Value, start, end);
        if (o.Kind == OverrideKind.Off && existing.Any(e => e.Kind == OverrideKind.Off && e.VolunteerId == o.VolunteerId
                && e.Date == o.Date))
            errors["Date"] = "AlreadyOff";
        return errors.Count > 0 ? (null, errors) : (o, errors);
    }

    // A volunteer marks a date unavailable: an "off" override for themselves, on a date they have a shift.
    public static (LocalDate? Date, FormErrors Errors) CheckUnavailable(string? text, LocalDate today,
        long volunteerId, IReadOnlyList<RosterShift> shifts, IReadOnlyList<ShiftOverride> existing)
    {
        var errors = new FormErrors();
        var date = FutureDate(text, today, errors);
        if (date is { } d)
        {
            if (existing.Any(e => e.Kind == OverrideKind.Off && e.VolunteerId == volunteerId && e.Date == d))
                errors["Date"] = "AlreadyOff";
            else if (!shifts.Any(s => s.VolunteerId == volunteerId && s.OccursOn(d)))
                errors["Date"] = "NoShiftThatDay";
        }
        return errors.Count > 0 ? (null, errors) : (date, errors);
    }

    static long? Volunteer(string? text, IReadOnlySet<long> volunteers, FormErrors errors)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && volunteers.Contains(id))
            return id;
        errors["Volunteer"] = "VolunteerRequired";
        return null;
    }

    // Overrides are planned for the coming months; a date years away is a typing mistake.
    public const int MaxDaysAhead = 730;

    static LocalDate? FutureDate(string? text, LocalDate today, FormErrors errors)
    {
        var date = ParseDate(text);
        if (date is null) errors["Date"] = "DateFormat";
        else if (date < today) errors["Date"] = "DatePast";
        else if (date > today.PlusDays(MaxDaysAhead)) errors["Date"] = "DateTooFar";
        return errors.ContainsKey("Date") ? null : date;
    }

    // The week asked for in the address, when it is a date within a few years of today (else: this week).
    public static LocalDate WeekOf(string? text, LocalDate today) =>
        ParseDate(text) is { } d && d >= today.PlusDays(-3 * 366) && d <= today.PlusDays(3 * 366) ? d : today;

    static (LocalTime? Start, LocalTime? End) Times(string? startText, string? endText, bool required,
        FormErrors errors)
    {
        var noStart = string.IsNullOrWhiteSpace(startText);
        var noEnd = string.IsNullOrWhiteSpace(endText);
        if (!required && noStart && noEnd) return (null, null);
        if (!required && noStart != noEnd)
        {
            errors[noStart ? "Start" : "End"] = "BothOrNeither";
            return (null, null);
        }
        var start = ParseTime(startText);
        var end = ParseTime(endText, isEnd: true);
        if (start is null) errors["Start"] = noStart ? "TimeRequired" : "TimeFormat";
        if (end is null) errors["End"] = noEnd ? "TimeRequired" : "TimeFormat";
        if (start is { } s && end is { } e && s == e && s != LocalTime.Midnight) errors["End"] = "SameTimes";
        return (start, end);
    }
}
