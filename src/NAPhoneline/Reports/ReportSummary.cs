namespace NAPhoneline.Reports;

// GET /admin/api/reports/summary (CONTRACT 12): the figures of a range and of the same range a month earlier.
// docs/REPORTS.md defines each figure and gives its SQL.
public sealed record ReportSummary(string ServiceBody, string TimeZone, ReportFigures Current, ReportFigures Previous);

public sealed record ReportFigures(
    string From,
    string To,
    int Calls,
    IReadOnlyDictionary<string, int> ByOption,
    TalkToMemberFigures TalkToMember,
    int[][] MissedByHour,
    IReadOnlyList<DayFigures> ByDay,
    RequestFigures Requests,
    MeetingFigures Meetings,
    BlockedFigures Blocked,
    // The console's per-volunteer table; not part of the JSON (names of people).
    [property: System.Text.Json.Serialization.JsonIgnore] IReadOnlyList<VolunteerLegs> Legs);

public sealed record TalkToMemberFigures(int Offered, int Answered, int Abandoned, int Voicemail, int Misdials,
    int Missed, double? AnswerRate, Percentiles SecondsToAnswer, long TalkSeconds);

public sealed record Percentiles(double? P50, double? P90, double? Max);

public sealed record RequestFigures(int Created, IReadOnlyDictionary<string, int> ByType, int Acknowledged,
    int Unanswered, Percentiles MinutesToAck, IReadOnlyDictionary<string, int> ReachedLevel);

public sealed record MeetingFigures(int Searches, int Texted);

// Calls rejected and texts left unanswered because the caller was blocked (CONTRACT 15; an extension of 12).
public sealed record BlockedFigures(int Calls, int Texts);

// Calls over time (an extension of CONTRACT 12): one entry per date of the range, in the body's zone.
public sealed record DayFigures(string Date, int Calls, int Offered, int Answered, int Missed);
