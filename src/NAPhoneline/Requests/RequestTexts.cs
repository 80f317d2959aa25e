using NAPhoneline.Shared.Requests;
using NAPhoneline.Shared.Voice;
using NAPhoneline.Shared;

namespace NAPhoneline.Requests;

// What the texts about a request say. A notification carries the code and what to do, never the requester's
// number: that goes only to whoever replies ACK (MISSION: Twelfth Step details only to the responder who takes it).
public static class RequestTexts
{
    const int MaxReason = 160;

    public static string Notification(
        RequestRow request, LadderBody origin, LadderBody notified, string? contactRole, EscalatedFrom? escalatedFrom)
    {
        var prompts = Prompts.For(notified.Language);
        // Named by what was asked for, also when an escalation contact further up is told.
        var role = RoleName(prompts, request.Role);
        var body = request.Type switch
        {
            RequestTypes.TwelfthStep when contactRole is null =>
                prompts.Text("NotifyTwelfthStep", origin.Name, request.Code),
            RequestTypes.TwelfthStep => prompts.Text("NotifyTwelfthStepContact", origin.Name, request.Code),
            RequestTypes.Callback => prompts.Text("NotifyCallback", origin.Name, request.Name ?? "",
                request.Organisation ?? "", role, Shorten(request.Reason), request.Code),
            _ => prompts.Text("NotifyMessage", origin.Name, role, request.Code),
        };
        // The one who calls back should be the man or woman the caller asked for.
        if (request.Type == RequestTypes.TwelfthStep && request.GenderPreference is "female" or "male")
            body += " " + prompts.Text("NotifyAskedFor-" + request.GenderPreference);
        return escalatedFrom is { } e
            ? prompts.Text("NotifyEscalated", e.Body.Name, Span(e.After)) + " " + body
            : body;
    }

    // The reply to whoever took the request: what they need to act, and the ways to do it.
    public static string Taken(RequestRow request, string language)
    {
        var prompts = Prompts.For(language);
        var about = request.Type == RequestTypes.Callback
            ? prompts.Text("TakenCallback", request.Code, request.Name ?? "", request.Organisation ?? "",
                Shorten(request.Reason))
            : request.RecordingUrl is { Length: > 0 } url
                ? prompts.Text("TakenMessage", request.Code, url)
                : prompts.Text("TakenNoMessage", request.Code);
        var how = E164.IsValid(request.CallbackNumber)
            ? prompts.Text("TakenCallThem", request.CallbackNumber!, request.Code)
            : prompts.Text("TakenNoNumber");
        return about + " " + how + " " + prompts.Text("TakenDone", request.Code);
    }

    public static string RoleName(Prompts prompts, string role) => role switch
    {
        "hi" => prompts.Text("RoleHandI"),
        "pi" => prompts.Text("RolePublicInformation"),
        "helpline" => prompts.Text("RoleHelpline"),
        _ => prompts.Text("RoleCommittee"),
    };

    // "30 min", "2 h", "1 h 30 min", "45 s": how long the level below had.
    static string Span(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => $"{(int)span.TotalSeconds} s",
        { TotalHours: < 1 } => $"{(int)span.TotalMinutes} min",
        { Minutes: 0 } => $"{(int)span.TotalHours} h",
        _ => $"{(int)span.TotalHours} h {span.Minutes} min",
    };

    static string Shorten(string? text)
    {
        var value = (text ?? "").ReplaceLineEndings(" ").Trim();
        return value.Length <= MaxReason ? value : value[..(MaxReason - 1)] + "…";
    }
}

public sealed record EscalatedFrom(LadderBody Body, TimeSpan After);
