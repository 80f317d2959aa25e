using System.Globalization;
using System.Text;

namespace NAPhoneline.Ivr;

public enum MenuOption
{
    Repeat = 0, FindMeeting = 1, TalkToMember = 2, TwelfthStep = 3, HospitalsAndInstitutions = 4, PublicInformation = 5
}

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
        var vocabulary = language switch { "es" => Spanish, "pt" => Portuguese, "fr" => French, _ => English };
        foreach (var (option, words) in vocabulary)
            if (words.Any(w => said.Contains(" " + w, StringComparison.Ordinal)))
                return new(option, false);
        return new(null, false);
    }

    // Most specific phrases first: "talk to someone about a meeting" should not be read as option 1 before 2.
    static readonly (MenuOption, string[])[] English =
    [
        (MenuOption.TwelfthStep, ["twelfth", "12th", "step call", "visit", "three"]),
        (MenuOption.HospitalsAndInstitutions,
            ["hospital", "institution", "h and i", "jail", "prison", "panel", "four"]),
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

    // Prefixes cover the plurals ("hospita": hospital, hospitais). "um " and "un " with a space are whole words:
    // as prefixes they would also find "uma" and "une", the articles of almost any sentence.
    static readonly (MenuOption, string[])[] Portuguese =
    [
        (MenuOption.TwelfthStep, ["passo doze", "decimo segundo", "visita", "tres"]),
        (MenuOption.HospitalsAndInstitutions, ["hospita", "instituic", "cadeia", "prisao", "presidio", "quatro"]),
        (MenuOption.PublicInformation,
            ["informacao ao publico", "informacao publica", "profissional", "ligar de volta", "retorn", "cinco"]),
        (MenuOption.TalkToMember, ["falar", "conversar", "alguem", "membro", "pessoa", "ajuda", "dois"]),
        (MenuOption.FindMeeting, ["reuni", "grupo", "um "]),
        (MenuOption.Repeat, ["repetir", "de novo", "outra vez", "menu", "zero"]),
    ];

    static readonly (MenuOption, string[])[] French =
    [
        (MenuOption.TwelfthStep, ["douzieme", "12e", "visite", "trois"]),
        (MenuOption.HospitalsAndInstitutions, ["hopita", "institution", "prison", "detention", "quatre"]),
        (MenuOption.PublicInformation, ["information publique", "professionnel", "rappel", "cinq"]),
        (MenuOption.TalkToMember, ["parler", "quelqu un", "membre", "personne", "aide", "deux"]),
        (MenuOption.FindMeeting, ["reunion", "groupe", "un "]),
        (MenuOption.Repeat, ["repeter", "reentendre", "encore", "menu", "zero"]),
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
