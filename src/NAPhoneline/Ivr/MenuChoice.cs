using System.Globalization;
using System.Text;

namespace NAPhoneline.Ivr;

public enum MenuOption { Repeat = 0, FindMeeting = 1, TalkToMember = 2, TwelfthStep = 3, HospitalsAndInstitutions = 4, PublicInformation = 5 }

// What the caller did at the main menu. NoInput and Invalid carry the caller forward to a human after two tries.
public sealed record MenuChoice(MenuOption? Option, bool NoInput)
{
    public static MenuChoice Parse(string? digits, string? speech, string language)
    {
        var keys = digits?.Trim();
        if (!string.IsNullOrEmpty(keys))
            return keys.Length == 1 && keys[0] is >= '0' and <= '5'
                ? new((MenuOption)(keys[0] - '0'), false)
                : new(null, false);

        var said = Normalize(speech);
        if (said.Length == 0) return new(null, true);
        foreach (var (option, words) in language == "es" ? Spanish : English)
            if (words.Any(w => said.Contains(" " + w, StringComparison.Ordinal)))
                return new(option, false);
        return new(null, false);
    }

    // Most specific phrases first: "talk to someone about a meeting" should not be read as option 1 before 2.
    static readonly (MenuOption, string[])[] English =
    [
        (MenuOption.TwelfthStep, ["twelfth", "12th", "step call", "visit", "three"]),
        (MenuOption.HospitalsAndInstitutions, ["hospital", "institution", "h and i", "jail", "prison", "panel", "four"]),
        (MenuOption.PublicInformation, ["public information", "professional", "call back", "callback", "five"]),
        (MenuOption.TalkToMember, ["talk", "someone", "somebody", "member", "person", "help", "two"]),
        (MenuOption.FindMeeting, ["meeting", "one"]),
        (MenuOption.Repeat, ["repeat", "again", "menu", "zero"]),
    ];

    static readonly (MenuOption, string[])[] Spanish =
    [
        (MenuOption.TwelfthStep, ["paso doce", "duodecimo", "visita", "tres"]),
        (MenuOption.HospitalsAndInstitutions, ["hospital", "institucion", "carcel", "prision", "cuatro"]),
        (MenuOption.PublicInformation, ["informacion publica", "profesional", "llamada", "llamen", "cinco"]),
        (MenuOption.TalkToMember, ["hablar", "alguien", "miembro", "persona", "ayuda", "dos"]),
        (MenuOption.FindMeeting, ["reunion", "junta", "uno"]),
        (MenuOption.Repeat, ["repetir", "otra vez", "menu", "cero"]),
    ];

    // Lower case without accents or punctuation; words match at a word start, so "one" is not found in "someone"
    // while "hospital" still finds "hospitals".
    static string Normalize(string? speech)
    {
        if (string.IsNullOrWhiteSpace(speech)) return "";
        var plain = new StringBuilder(" ");
        foreach (var c in speech.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            plain.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }
        return plain.Append(' ').ToString();
    }
}
