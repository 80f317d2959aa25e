using NAPhoneline.Shared;
using NAPhoneline.Shared.Requests;

namespace NAPhoneline.Requests;

// What the inbox shows: open or taken (the default), one status, or everything.
public enum StatusFilter { Active, Open, Taken, Done, All }

public enum NoteProblem { None, Empty, TooLong }

// What a console action on a request came to.
public enum DeskOutcome { Done, NotFound, AlreadyYours, TakenByOther, Closed, NotAllowed }

// The console's rules for requests, free of storage and pages (CONTRACT 11): who may take a request, close it, see
// the callback number and hear the message.
public static class RequestDesk
{
    public const int NoteMaxLength = 500;
    public const int InboxLimit = 200;

    public static StatusFilter ParseStatus(string? value) => value switch
    {
        "open" => StatusFilter.Open,
        "taken" => StatusFilter.Taken,
        "done" => StatusFilter.Done,
        "all" => StatusFilter.All,
        _ => StatusFilter.Active,
    };

    public static string FilterValue(StatusFilter filter) => filter switch
    {
        StatusFilter.Open => "open",
        StatusFilter.Taken => "taken",
        StatusFilter.Done => "done",
        StatusFilter.All => "all",
        _ => "active",
    };

    // The stored statuses a filter shows.
    public static string[] Statuses(StatusFilter filter) => filter switch
    {
        StatusFilter.Open => ["open"],
        StatusFilter.Taken => ["acknowledged"],
        StatusFilter.Done => ["resolved"],
        StatusFilter.All => ["open", "acknowledged", "resolved"],
        _ => ["open", "acknowledged"],
    };

    public static string? ParseType(string? value) =>
        value is not null && RequestTypes.All.Contains(value) ? value : null;

    // Anyone who may see an open request may take it: the first to do so stops the ladder.
    public static bool MayTake(string status) => status == "open";

    // Closed by whoever took it, or by a coordinator of the request's body (also one nobody took).
    public static bool MayResolve(string status, bool isTaker, bool managesBody) =>
        status != "resolved" && ((isTaker && status == "acknowledged") || managesBody);

    // The full number goes to the person who took the request, as the ACK text gives it; others see it masked.
    public static string? ShownNumber(string? number, bool isTaker) =>
        number is null ? null : isTaker ? number : E164.Mask(number);

    // A Twelfth Step message (a first name, an area) is for the responder who takes it; other messages are for
    // everyone who sees the request, so they can decide who calls back.
    public static bool HearsRecording(string type, bool isTaker) => type != RequestTypes.TwelfthStep || isTaker;

    // A note is plain text: trimmed, control characters other than line breaks removed, limited in length.
    public static NoteProblem CheckNote(string? text, out string clean)
    {
        clean = new string((text ?? "").ReplaceLineEndings("\n").Where(c => c == '\n' || !char.IsControl(c)).ToArray())
            .Trim();
        return clean.Length == 0 ? NoteProblem.Empty
            : clean.Length > NoteMaxLength ? NoteProblem.TooLong
            : NoteProblem.None;
    }

    // Volunteers know each other by first name; officers see full names.
    public static string PersonName(string name, bool isVolunteer, bool viewerSeesFullNames) =>
        isVolunteer && !viewerSeesFullNames
            ? name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? name
            : name;
}
