using System.Text;
using System.Text.RegularExpressions;
using NAPhoneline.Shared.Voice;

namespace NAPhoneline.Sms;

public enum SmsCommandKind
{
    Help, OptOut, Shifts, OpenMeetings, Acknowledge, Resolve, Call, ConfirmShift, CantShift, TakeShift, Block, Other,
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
        // Accents are optional on a phone keyboard: "NAO POSSO" is "NÃO POSSO". Stripping keeps the length, so
        // an offset found in the plain text is one in the text.
        var plain = Plain(text);
        var word = plain.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        var helpLanguage = Prompts.Supported.Contains(defaultLanguage) ? defaultLanguage : "en";
        return word switch
        {
            "HELP" or "INFO" => new(SmsCommandKind.Help, helpLanguage, text),
            "AYUDA" => new(SmsCommandKind.Help, "es", text),
            "AJUDA" => new(SmsCommandKind.Help, "pt", text),
            "AIDE" => new(SmsCommandKind.Help, "fr", text),
            "SHIFTS" or "SHIFT" => new(SmsCommandKind.Shifts, defaultLanguage, text),
            // TURNOS is Spanish and Portuguese alike: the helpline's language decides.
            "TURNOS" => new(SmsCommandKind.Shifts, defaultLanguage == "pt" ? "pt" : "es", text),
            "QUARTS" or "HORAIRE" or "HORAIRES" => new(SmsCommandKind.Shifts, "fr", text),
            // Request commands carry the code the notification gave ("ACK 4821", "done #4821"); Text is the code.
            "ACK" => new(SmsCommandKind.Acknowledge, defaultLanguage, CodeAfter(word, text)),
            "DONE" => new(SmsCommandKind.Resolve, defaultLanguage, CodeAfter(word, text)),
            "CALL" => new(SmsCommandKind.Call, defaultLanguage, CodeAfter(word, text)),
            // A shift reminder's answer (CONTRACT 13): "OK 4821".
            "OK" => new(SmsCommandKind.ConfirmShift, defaultLanguage, CodeAfter(word, text)),
            "CANT" or "CAN'T" or "CAN’T" => new(SmsCommandKind.CantShift, defaultLanguage, CodeAfter(word, text)),
            "TAKE" => new(SmsCommandKind.TakeShift, defaultLanguage, CodeAfter(word, text)),
            // The same in Spanish ("NO PUEDO 4821", "TOMO 5821"), Portuguese ("NÃO POSSO 4821", "PEGO 5821")
            // and French ("JE NE PEUX PAS 4821", "JE PRENDS 5821").
            "TOMO" => new(SmsCommandKind.TakeShift, "es", CodeAfter(word, text)),
            "PEGO" => new(SmsCommandKind.TakeShift, "pt", CodeAfter(word, text)),
            "PRENDS" => new(SmsCommandKind.TakeShift, "fr", CodeAfter(word, text)),
            "NO" or "NAO" or "JE" when Phrase().Match(plain) is { Success: true } m =>
                new(m.Groups["cant"].Success ? SmsCommandKind.CantShift : SmsCommandKind.TakeShift,
                    word switch { "NO" => "es", "NAO" => "pt", _ => "fr" }, CodeAfter(m.Value, text)),
            // A volunteer blocks the caller of their last answered call (CONTRACT 15).
            "BLOCK" when plain.Length == 5 => new(SmsCommandKind.Block, defaultLanguage, text),
            "BLOQUEAR" when plain.Length == 8 => new(SmsCommandKind.Block, defaultLanguage == "pt" ? "pt" : "es", text),
            "BLOQUER" when plain.Length == 7 => new(SmsCommandKind.Block, "fr", text),
            // Professionals bringing a client group: "OPEN 92101" lists open meetings only.
            "OPEN" when text.Length > 5 => new(SmsCommandKind.OpenMeetings, defaultLanguage, text[5..].Trim()),
            "ABIERTA" or "ABIERTAS" when text.IndexOf(' ') > 0 => OpenIn("es", text),
            "ABERTA" or "ABERTAS" when text.IndexOf(' ') > 0 => OpenIn("pt", text),
            "OUVERTE" or "OUVERTES" when text.IndexOf(' ') > 0 => OpenIn("fr", text),
            _ when OptOutWords.Contains(word) => new(SmsCommandKind.OptOut, defaultLanguage, text),
            _ => new(SmsCommandKind.Other, defaultLanguage, text),
        };
    }

    static SmsCommand OpenIn(string language, string text) =>
        new(SmsCommandKind.OpenMeetings, language, text[text.IndexOf(' ')..].Trim());

    // Upper case without accents, one character for one: "Não" becomes "NAO".
    static string Plain(string text) => string.Create(text.Length, text, (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            // Half an emoji is not a string Normalize accepts.
            var c = source[i];
            span[i] = char.ToUpperInvariant(c < 128 || char.IsSurrogate(c) ? c
                : c.ToString().Normalize(NormalizationForm.FormD)[0]);
        }
    });

    // The digits after the command word; empty when there are none or anything else is there.
    static string CodeAfter(string word, string text)
    {
        var rest = text.Length > word.Length ? text[word.Length..].Trim().TrimStart('#').Trim() : "";
        return rest.Length is >= 4 and <= 6 && rest.All(char.IsAsciiDigit) ? rest : "";
    }

    // Two-word answers, on the plain text: NO PUEDO, NAO POSSO, JE NE PEUX PAS (or JE PEUX PAS), JE PRENDS.
    [GeneratedRegex(@"^(?:(?<cant>NO\s+PUEDO|NAO\s+POSSO|JE\s+(?:NE\s+)?PEUX\s+PAS)|JE\s+PRENDS)(?=\s|#|$)")]
    private static partial Regex Phrase();
}
