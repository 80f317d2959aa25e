namespace NAPhoneline.Sms;

public enum SmsCommandKind
{
    Help, OptOut, Shifts, OpenMeetings, Acknowledge, Resolve, Call, ConfirmShift, CantShift, TakeShift, Other,
}

// What an inbound text asks for. Commands are case-insensitive and surrounding spaces are ignored (CONTRACT 7).
public sealed partial record SmsCommand(SmsCommandKind Kind, string Language, string Text)
{
    // Twilio answers the carrier opt-out keywords itself; a reply of ours would be blocked or, worse, unwanted.
    static readonly HashSet<string> OptOutWords = new(StringComparer.OrdinalIgnoreCase)
        { "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "START", "UNSTOP", "REVOKE", "OPTOUT" };

    public static SmsCommand Parse(string? body, string defaultLanguage)
    {
        var text = (body ?? "").Trim();
        var word = text.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToUpperInvariant() ?? "";
        return word switch
        {
            "HELP" or "INFO" => new(SmsCommandKind.Help, defaultLanguage == "es" ? "es" : "en", text),
            "AYUDA" => new(SmsCommandKind.Help, "es", text),
            "SHIFTS" or "SHIFT" => new(SmsCommandKind.Shifts, defaultLanguage, text),
            "TURNOS" => new(SmsCommandKind.Shifts, "es", text),
            // Request commands carry the code the notification gave ("ACK 4821", "done #4821"); Text is the code.
            "ACK" => new(SmsCommandKind.Acknowledge, defaultLanguage, CodeAfter(word, text)),
            "DONE" => new(SmsCommandKind.Resolve, defaultLanguage, CodeAfter(word, text)),
            "CALL" => new(SmsCommandKind.Call, defaultLanguage, CodeAfter(word, text)),
            // A shift reminder's answer (CONTRACT 13): "OK 4821".
            "OK" => new(SmsCommandKind.ConfirmShift, defaultLanguage, CodeAfter(word, text)),
            "CANT" or "CAN'T" or "CAN’T" => new(SmsCommandKind.CantShift, defaultLanguage, CodeAfter(word, text)),
            "TAKE" => new(SmsCommandKind.TakeShift, defaultLanguage, CodeAfter(word, text)),
            // The same in Spanish: "NO PUEDO 4821", "TOMO 5821".
            "TOMO" => new(SmsCommandKind.TakeShift, "es", CodeAfter(word, text)),
            "NO" when NoPuedo().Match(text) is { Success: true } m =>
                new(SmsCommandKind.CantShift, "es", CodeAfter(m.Value, text)),
            // Professionals bringing a client group: "OPEN 92101" lists open meetings only.
            "OPEN" when text.Length > 5 => new(SmsCommandKind.OpenMeetings, defaultLanguage, text[5..].Trim()),
            "ABIERTA" or "ABIERTAS" when text.IndexOf(' ') > 0 => new(SmsCommandKind.OpenMeetings, "es", text[text.IndexOf(' ')..].Trim()),
            _ when OptOutWords.Contains(word) => new(SmsCommandKind.OptOut, defaultLanguage, text),
            _ => new(SmsCommandKind.Other, defaultLanguage, text),
        };
    }

    // The digits after the command word; empty when there are none or anything else is there.
    static string CodeAfter(string word, string text)
    {
        var rest = text.Length > word.Length ? text[word.Length..].Trim().TrimStart('#').Trim() : "";
        return rest.Length is >= 4 and <= 6 && rest.All(char.IsAsciiDigit) ? rest : "";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^no\s+puedo",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex NoPuedo();
}
