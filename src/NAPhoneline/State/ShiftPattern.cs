using NodaTime;
using NodaTime.Text;

namespace NAPhoneline.State;

public enum PatternProblem
{
    UnknownRepeat, StartsOnMissing, NotADate, StartsOnOnlyBiweekly, WeekMissing, WeekOutOfRange, WeekOnlyMonthly,
    UntilBeforeFrom,
}

// How a shift repeats and the dates that bound it, as the configuration file and the console's form give them
// (CONTRACT 13), checked once for both: each problem names its field (repeat, startsOn, week, from, until).
public sealed record ShiftPattern(ShiftRepeat Repeat, LocalDate? StartsOn, int? Week, LocalDate? From,
    LocalDate? Until)
{
    public static readonly ShiftPattern Weekly = new(ShiftRepeat.Weekly, null, null, null, null);

    public static (ShiftPattern? Pattern, IReadOnlyList<(string Field, PatternProblem Problem)> Problems) Parse(
        string? repeat, string? startsOn, int? week, string? from, string? until)
    {
        var problems = new List<(string, PatternProblem)>();
        ShiftRepeat? kind = string.IsNullOrWhiteSpace(repeat) ? ShiftRepeat.Weekly
            : repeat.Trim().ToLowerInvariant() switch
            {
                "weekly" => ShiftRepeat.Weekly,
                "biweekly" => ShiftRepeat.Biweekly,
                "monthly" => ShiftRepeat.Monthly,
                _ => null,
            };
        if (kind is null) problems.Add(("repeat", PatternProblem.UnknownRepeat));
        var anchor = Date(startsOn, "startsOn", problems);
        if (kind == ShiftRepeat.Biweekly && string.IsNullOrWhiteSpace(startsOn))
            problems.Add(("startsOn", PatternProblem.StartsOnMissing));
        if (kind is not null and not ShiftRepeat.Biweekly && !string.IsNullOrWhiteSpace(startsOn))
            problems.Add(("startsOn", PatternProblem.StartsOnOnlyBiweekly));
        if (kind == ShiftRepeat.Monthly && week is null) problems.Add(("week", PatternProblem.WeekMissing));
        else if (kind == ShiftRepeat.Monthly && week is not (1 or 2 or 3 or 4 or -1))
            problems.Add(("week", PatternProblem.WeekOutOfRange));
        if (kind is not null and not ShiftRepeat.Monthly && week is not null)
            problems.Add(("week", PatternProblem.WeekOnlyMonthly));
        var first = Date(from, "from", problems);
        var last = Date(until, "until", problems);
        if (first is { } f && last is { } l && l < f) problems.Add(("until", PatternProblem.UntilBeforeFrom));
        return problems.Count > 0 ? (null, problems)
            : (new ShiftPattern(kind!.Value, anchor, kind == ShiftRepeat.Monthly ? week : null, first, last), problems);
    }

    public RosterShift ApplyTo(RosterShift shift) => shift with
    {
        Repeat = Repeat, StartsOn = StartsOn, Week = Week, From = From, Until = Until,
    };

    public static ShiftPattern Of(RosterShift shift) => new(shift.Repeat, shift.StartsOn, shift.Week, shift.From,
        shift.Until);

    static LocalDate? Date(string? text, string field, List<(string, PatternProblem)> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parsed = LocalDatePattern.Iso.Parse(text.Trim());
        if (parsed.Success) return parsed.Value;
        problems.Add((field, PatternProblem.NotADate));
        return null;
    }
}
