using NodaTime;

namespace NAPhoneline.Shared.Requests;

public static class RequestTypes
{
    public const string TwelfthStep = "twelfth-step", HandI = "hi", PublicInformation = "pi", Callback = "callback",
        Voicemail = "voicemail";

    public static readonly IReadOnlyList<string> All = [TwelfthStep, HandI, PublicInformation, Callback, Voicemail];
}

// What someone left for NA to act on. Origin names where it came from ("CA...:voicemail"), so the same request
// reaching PostgreSQL twice (record action and hang-up, or database and journal) is written once.
public sealed record NewRequest(string Type, long ServiceBodyId, string Role, string Language, string? CallbackNumber,
    string? RecordingUrl, long? CallId, string? HelplineNumber = null, string? Name = null, string? Organisation = null,
    string? Reason = null, string? Origin = null, string? GenderPreference = null);

public sealed record LeftRequest(string Code, bool Journaled, int Notified);

// Requests implements it; the voicemail at the end of "talk to a member" uses it. What the caller is told ("your
// request is recorded") comes after this returns: in PostgreSQL, or fsynced to the local journal.
public interface IRequestIntake
{
    Task<LeftRequest> LeaveAsync(NewRequest request, Instant now, CancellationToken ct);
}
