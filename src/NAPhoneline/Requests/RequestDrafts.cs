using System.Collections.Concurrent;
using NodaTime;

namespace NAPhoneline.Requests;

public sealed record RequestDraft(string CallSid, string Type, long ServiceBodyId, string? CallbackNumber,
    bool Confirmed, string Language,
    Instant CreatedAt, string? GenderPreference = null);

// A voice request collects its callback number over several webhooks. The number waits here, in this instance's
// memory keyed by the call, never in a URL nor on a webhook's way to PostgreSQL; the draft becomes a request exactly
// once (record action or hang-up, whichever takes it first). A webhook that finds no draft (a restart, another
// instance) falls back to the calling number, which every webhook carries.
public sealed class RequestDrafts(TimeProvider time)
{
    static readonly Duration KeepFor = Duration.FromHours(2);
    readonly ConcurrentDictionary<string, RequestDraft> drafts = new(StringComparer.Ordinal);

    Instant Now => Instant.FromDateTimeOffset(time.GetUtcNow());

    public void Start(string callSid, string type, long serviceBodyId, string? callbackNumber, string language,
        string? genderPreference = null)
    {
        var now = Now;
        foreach (var old in drafts.Where(d => now - d.Value.CreatedAt > KeepFor)) drafts.TryRemove(old);
        drafts[callSid] = new RequestDraft(callSid, type, serviceBodyId, callbackNumber, false, language, now,
            genderPreference);
    }

    public RequestDraft? Find(string callSid) => drafts.GetValueOrDefault(callSid);

    public void SetNumber(string callSid, string callbackNumber) => Change(callSid,
        d => d with { CallbackNumber = callbackNumber, Confirmed = false });

    public void Confirm(string callSid) => Change(callSid,
        d => d.CallbackNumber is null ? d : d with { Confirmed = true });

    // Removes and returns the draft: whoever gets it makes the request, so a retried or duplicated webhook cannot.
    public RequestDraft? Take(string callSid, bool confirmedOnly)
    {
        while (drafts.TryGetValue(callSid, out var draft))
        {
            if (confirmedOnly && !draft.Confirmed) return null;
            if (drafts.TryRemove(new KeyValuePair<string, RequestDraft>(callSid, draft))) return draft;
        }
        return null;
    }

    void Change(string callSid, Func<RequestDraft, RequestDraft> change)
    {
        while (drafts.TryGetValue(callSid, out var draft) && !drafts.TryUpdate(callSid, change(draft), draft)) { }
    }
}
