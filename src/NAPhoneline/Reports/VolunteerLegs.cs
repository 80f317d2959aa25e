using NAPhoneline.Shared.Calls;

namespace NAPhoneline.Reports;

// Legs of a period's calls of one kind, and for volunteer legs of one volunteer (VolunteerId null: another kind,
// or a volunteer since removed), summed from the rows of call_days (rolled up or read from the calls; 0027).
public sealed record LegCount(LegKind Kind, long? VolunteerId, int Rung, int Answered)
{
    public static LegKind KindOf(string kind) => kind switch
    {
        "fallback" => LegKind.Fallback,
        "global-fallback" => LegKind.GlobalFallback,
        "contact" => LegKind.Contact,
        _ => LegKind.Volunteer,
    };
}

// One line of the console's per-volunteer table: a volunteer (Name as stored; null when the volunteer was
// removed), or one line per other kind of leg (fallback, global fallback, contact: Name null). docs/REPORTS.md,
// "The console".
public sealed record VolunteerLegs(LegKind Kind, long? VolunteerId, string? Name, int Rung, int Answered)
{
    public int Missed => Rung - Answered;

    // Answered legs over legs rung (never null: a line exists only for someone rung).
    public double AnswerShare => (double)Answered / Rung;
}
