using NodaTime;

namespace NAPhoneline.Routing;

// How a call ended, in the three words a coordinator filters by (and the Now page counts by); Other is a call
// that never looked for a person (meetings, a request, the fallback route) or is still going on.
public enum CallCategory { Answered, Missed, Voicemail, Other }

// The rules of the console's call log (/console/calls). Pure.
public static class CallHistory
{
    public const int PageSize = 50;

    // The same definitions as CallHistoryStore's SQL and the Now page's counts: answered by anyone, a voicemail
    // left, or a search for a person that ended neither way.
    public static CallCategory Category(string? outcome, bool searchStarted) =>
        outcome is not null && outcome.StartsWith("answered", StringComparison.Ordinal) ? CallCategory.Answered
        : outcome == "voicemail" ? CallCategory.Voicemail
        : searchStarted ? CallCategory.Missed
        : CallCategory.Other;

    public static CallCategory? ParseFilter(string? text) => text switch
    {
        "answered" => CallCategory.Answered,
        "missed" => CallCategory.Missed,
        "voicemail" => CallCategory.Voicemail,
        _ => null,
    };

    public static string Name(CallCategory category) => category.ToString().ToLowerInvariant();

    // The calls of the dates from..to (both included) as the body's wall clock reads them: a day is 23 or 25
    // hours across a DST change.
    public static (Instant From, Instant Until) Days(LocalDate from, LocalDate to, DateTimeZone zone) =>
        (from.AtStartOfDayInZone(zone).ToInstant(), to.PlusDays(1).AtStartOfDayInZone(zone).ToInstant());

    // The resource key of a step of calls.path ("menu:TalkToMember" -> "Step-menu-TalkToMember"); steps this
    // version does not know are shown as recorded.
    public static string StepKey(string step) => "Step-" + step.Replace(':', '-');

    public static string OutcomeKey(string? outcome, bool ended) =>
        outcome is null ? (ended ? "Outcome-ended" : "Outcome-in-progress") : "Outcome-" + outcome.Replace(':', '-');
}
