using NAPhoneline.State;
using NAPhoneline.Telephony.Twiml;

namespace NAPhoneline.Shared.Voice;

// "Talk to a member now", as the other features ask for it (a caller who cannot be helped otherwise goes to a
// person): Routing implements it; Meetings, Requests and the menu call it without knowing how it rings.
public interface IPersonConnector
{
    Task<VoiceResponse> ConnectAsync(CallerOnLine caller, Helpline helpline, Prompts prompts, string step,
        CancellationToken ct, VoiceResponse? preface = null);
}

// Who is on the line, as every voice webhook tells: Twilio's CallSid, the caller's number and the number they dialled.
public sealed record CallerOnLine(string CallSid, string? From, string? To);
