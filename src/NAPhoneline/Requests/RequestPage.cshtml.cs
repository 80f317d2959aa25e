using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace NAPhoneline.Requests;

// GET /console/requests/{code}: one request, its trail, the message, and the actions (take, done, note).
public sealed class RequestPageModel(RequestDeskStore store, Shared.Privacy.NumberVault vault) : RequestDeskPage
{
    public DeskRequest Detail { get; private set; } = null!;
    public IReadOnlyList<DeskEvent> Trail { get; private set; } = [];
    public DateTimeZone Zone { get; private set; } = DateTimeZone.Utc;
    public string? Saved { get; private set; }
    public string? Refused { get; private set; }
    public string? NoteError { get; private set; }

    [BindProperty]
    public string? Note { get; set; }

    public bool IsTaker => Detail.TakenBy(Person);
    public bool MayTake => RequestDesk.MayTake(Detail.Status);
    public bool MayResolve => RequestDesk.MayResolve(Detail.Status, IsTaker, Person.Manages(Detail.ServiceBodyId));
    public bool HasRecording => Detail.RecordingUrl is not null && Detail.PurgedAt is null;
    public bool HearsRecording => HasRecording && RequestDesk.HearsRecording(Detail.Type, IsTaker);
    // Opened here to be shown: in full to the one who took the request, masked to everyone else.
    public string? Number => RequestDesk.ShownNumber(vault.TryUnprotect(Detail.CallbackNumber), IsTaker);
    public string RecordingPath => $"/console/requests/{Uri.EscapeDataString(Detail.Code)}/recording";

    public async Task<IActionResult> OnGetAsync(string code, string? saved, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct)) return Hidden();
        Saved = saved is "take" or "done" or "note" ? W["Saved-" + saved] : null;
        return Page();
    }

    public async Task<IActionResult> OnPostTakeAsync(string code, long id, CancellationToken ct) =>
        await AnswerAsync(code, "take", await store.TakeAsync(id, code, Person, Now, ct), ct);

    public async Task<IActionResult> OnPostDoneAsync(string code, long id, CancellationToken ct) =>
        await AnswerAsync(code, "done", await store.ResolveAsync(id, code, Person, Now, ct), ct);

    public async Task<IActionResult> OnPostNoteAsync(string code, long id, CancellationToken ct)
    {
        var problem = RequestDesk.CheckNote(Note, out var note);
        if (problem == NoteProblem.None)
            return await AnswerAsync(code, "note", await store.AddNoteAsync(id, code, Person, note, Now, ct), ct);
        // Answered on the form, with what was typed kept.
        if (!await LoadAsync(code, ct)) return Hidden();
        NoteError = problem == NoteProblem.Empty ? W["NoteEmpty"] : W.Format("NoteTooLong", RequestDesk.NoteMaxLength);
        return Page();
    }

    async Task<IActionResult> AnswerAsync(string code, string what, DeskOutcome outcome, CancellationToken ct)
    {
        if (outcome == DeskOutcome.NotFound) return Hidden();
        if (outcome == DeskOutcome.Done)
            return Redirect($"/console/requests/{Uri.EscapeDataString(code)}?saved={what}");
        if (!await LoadAsync(code, ct)) return Hidden();
        Refused = outcome switch
        {
            DeskOutcome.AlreadyYours => W["RefusedYours"],
            DeskOutcome.TakenByOther => W["RefusedTaken"],
            DeskOutcome.Closed => W["RefusedClosed"],
            _ => W["RefusedDone"],
        };
        return Page();
    }

    async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        var found = await store.FindAsync(code, Person, ct);
        if (found is null || !found.SeenBy(Person)) return false;
        Detail = found;
        Zone = ZoneOf(found.ServiceBodyId);
        Trail = await store.TrailAsync(found.Id, ct);
        return true;
    }

    static readonly HashSet<string> KnownEvents =
        ["notified", "escalated", "acknowledged", "resolved", "unanswered", "note", "journaled", "code-changed",
         "call-requested", "bridged"];

    public string EventName(string kind) => KnownEvents.Contains(kind) ? W["Event-" + kind] : kind;
}
