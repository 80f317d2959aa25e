using NodaTime;

namespace NAPhoneline.State;

// A row of `shifts` as every reader selects it (`ShiftColumns.Select`, with the table aliased or not), and the
// RosterShift it stands for: one mapping for the directory, the console's schedule and the volunteer's own shifts.
public class ShiftColumns
{
    // The columns after id, volunteer and body, in the names this class maps.
    public const string Select = "day, start_time, end_time, repeat, starts_on, week, from_date, until_date, backup";

    public long VolunteerId { get; init; }
    public short Day { get; init; }
    public TimeOnly StartTime { get; init; }
    public TimeOnly EndTime { get; init; }
    public string Repeat { get; init; } = "weekly";
    public DateOnly? StartsOn { get; init; }
    public short? Week { get; init; }
    public DateOnly? FromDate { get; init; }
    public DateOnly? UntilDate { get; init; }
    public bool Backup { get; init; }

    public RosterShift ToShift() => new(VolunteerId, Day == 0 ? IsoDayOfWeek.Sunday : (IsoDayOfWeek)Day,
        LocalTime.FromTimeOnly(StartTime), LocalTime.FromTimeOnly(EndTime))
    {
        Repeat = RepeatOf(Repeat),
        StartsOn = StartsOn is { } s ? LocalDate.FromDateOnly(s) : null,
        Week = Week,
        From = FromDate is { } f ? LocalDate.FromDateOnly(f) : null,
        Until = UntilDate is { } u ? LocalDate.FromDateOnly(u) : null,
        Backup = Backup,
    };

    public static ShiftRepeat RepeatOf(string word) => word switch
    {
        "biweekly" => ShiftRepeat.Biweekly,
        "monthly" => ShiftRepeat.Monthly,
        _ => ShiftRepeat.Weekly,
    };

    public static string Word(ShiftRepeat repeat) => repeat switch
    {
        ShiftRepeat.Biweekly => "biweekly",
        ShiftRepeat.Monthly => "monthly",
        _ => "weekly",
    };
}
