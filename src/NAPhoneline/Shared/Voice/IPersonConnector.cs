using NAPhoneline.State;
using NAPhoneline.Telephony.Twiml;

namespace NAPhoneline.Shared.Voice;

// "Talk to a member now", as the other features ask for it (a caller who cannot be helped otherwise goes to a
// person): Routing implements it; Meetings, Requests and the menu call it without knowing how it rings.
public interface IPersonConnector
{
    Task<VoiceResponse> ConnectAsync(CallerOnLine caller, Helpline helpline, Prompts prompts, string step,
        CancellationToken ct, VoiceResponse? preface = null, CallContext? context = null);
}

// Who is on the line, as every voice webhook tells: Twilio's CallSid, the caller's number and the number they dialled.
public sealed record CallerOnLine(string CallSid, string? From, string? To);

public enum GenderPreference { None, Female, Male }

// What the call has learnt on the way (CONTRACT 14): where the caller is (for a regional number), whether the call
// was routed already, and whom the caller asked to speak with (null: not asked yet).
public sealed record CallContext
{
    public CallerLocation? Location { get; init; }
    public bool Routed { get; init; }
    public GenderPreference? Gender { get; init; }
    // routing.screenCallers: the caller pressed the digit they were told (CONTRACT 15).
    public bool Screened { get; init; }

    public static string? Word(GenderPreference? gender) => gender switch
    {
        GenderPreference.Female => "female",
        GenderPreference.Male => "male",
        GenderPreference.None => "any",
        _ => null,
    };

    // The answer to the GenderChoice prompt: 1 a woman, 2 a man, 3, nothing or anything else: anyone.
    public static GenderPreference GenderFromKey(string? digits) => digits?.Trim() switch
    {
        "1" => GenderPreference.Female,
        "2" => GenderPreference.Male,
        _ => GenderPreference.None,
    };

    public static GenderPreference? ParseGender(string? word) => word switch
    {
        "female" => GenderPreference.Female,
        "male" => GenderPreference.Male,
        "any" => GenderPreference.None,
        _ => null,
    };
}

// Where a caller said they are: a postal code as keyed or heard (upper case, no spaces) and/or a place found for it.
// Unknown: the caller was asked and could not be understood.
public sealed record CallerLocation(string? PostalCode, string? PlaceName, double? Latitude, double? Longitude)
{
    public static readonly CallerLocation Unknown = new(null, null, null, null);

    public bool IsUnknown => PostalCode is null && PlaceName is null && Latitude is null;
}
