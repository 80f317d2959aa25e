using NodaTime;

namespace NAPhoneline.Shared.Calls;

public enum LegKind { Volunteer, Fallback, GlobalFallback, Contact }

public enum LegStatus { Ringing, Accepted, Completed, Unaccepted, NoAnswer, Busy, Failed, Canceled, Stale, Overlapped }

public enum CallEventKind { Started, Path, SearchStarted, LegStarted, LegAnswered, LegAccepted, LegEnded, DialEnded,
    Finished, Ended, Routed }

// The words the call_legs table has used since the first migration.
public static class CallWords
{
    public static string Kind(LegKind kind) => kind switch
    {
        LegKind.Fallback => "fallback",
        LegKind.GlobalFallback => "global-fallback",
        LegKind.Contact => "contact",
        _ => "volunteer",
    };

    public static string Status(LegStatus status) => status switch
    {
        LegStatus.NoAnswer => "no-answer",
        _ => status.ToString().ToLowerInvariant(),
    };

    // Twilio's DialCallStatus / CallStatus for a leg that did not connect; anything else is no answer.
    public static LegStatus Unconnected(string? twilioStatus) => twilioStatus switch
    {
        "busy" => LegStatus.Busy,
        "failed" => LegStatus.Failed,
        "canceled" => LegStatus.Canceled,
        _ => LegStatus.NoAnswer,
    };
}

// One fact about a call, written to PostgreSQL behind the caller (CallLog) or, while it is away, to the journal.
// Every event applies idempotently, so a batch that was written and then journaled too does no harm.
public sealed record CallEvent(CallEventKind Kind, long CallId, Instant At)
{
    public string? CallSid { get; init; }
    public long? ServiceBodyId { get; init; }
    public string? CallerMasked { get; init; }
    public string? CallerHash { get; init; }
    public string? Language { get; init; }
    public string? Step { get; init; }
    public long? LegId { get; init; }
    public long? VolunteerId { get; init; }
    public LegKind LegKind { get; init; }
    public int Round { get; init; }
    // DialEnded: the last round the ended Dial rang (legs of a later round are the next Dial's); null closes every
    // open leg, as journal entries written before this field did.
    public int? UpToRound { get; init; }
    public LegStatus? Status { get; init; }
    public string? Outcome { get; init; }
    public long? AnsweredBy { get; init; }
    public int? TalkSeconds { get; init; }
    // Routed (CONTRACT 14): the body dialled, the rule's word and the coverage entry that matched.
    public long? RoutedFrom { get; init; }
    public string? RouteReason { get; init; }
    public string? RouteMatch { get; init; }
}
