using System.Collections.Frozen;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using NAPhoneline.State;

namespace NAPhoneline.Shared.Voice;

// Spoken and texted words live in Resources/Prompts.resx (English) and Prompts.<lang>.resx (Spanish, Portuguese,
// French); each names the Twilio voice and BCP-47 code its Say and Gather use. A body may override any prompt in
// any of its languages (CONTRACT 14 `prompts`): For(language, helpline).
public sealed partial class Prompts(string language,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? overrides = null)
{
    public static readonly IReadOnlyList<string> Supported = ["en", "es", "pt", "fr"];

    // Not overridable: a wrong voice or language code makes Twilio drop the whole Say.
    public static readonly IReadOnlySet<string> Fixed = new HashSet<string>(StringComparer.Ordinal)
        { "Voice", "Language" };

    static readonly ResourceManager Resources = new("NAPhoneline.Resources.Prompts", typeof(Prompts).Assembly);

    // Every prompt's name and the {n} placeholders its English text uses, for checking overrides at import.
    public static readonly FrozenDictionary<string, IReadOnlySet<int>> Keys = Resources
        .GetResourceSet(CultureInfo.InvariantCulture, true, true)!.Cast<System.Collections.DictionaryEntry>()
        .ToFrozenDictionary(e => (string)e.Key, e => Placeholders((string)e.Value!), StringComparer.Ordinal);

    readonly CultureInfo culture = CultureInfo.GetCultureInfo(Supported.Contains(language) ? language : "en");

    public string Code => culture.TwoLetterISOLanguageName;
    public string SayLanguage => Text("Language");
    public string Voice => Text("Voice");

    public string Text(string key) =>
        (Fixed.Contains(key) ? null : Override(key))
        ?? Resources.GetString(key, culture) ?? throw new InvalidOperationException($"Prompt '{key}' is missing.");

    public string Text(string key, params object[] args)
    {
        if (Override(key) is { } own)
        {
            // Checked at import; should an override still not fit its arguments, the built-in words are said.
            try { return string.Format(culture, own, args); }
            catch (FormatException) { }
        }
        return string.Format(culture, Resources.GetString(key, culture)
            ?? throw new InvalidOperationException($"Prompt '{key}' is missing."), args);
    }

    string? Override(string key) =>
        overrides is not null && overrides.TryGetValue(Code, out var own) && own.TryGetValue(key, out var text)
            ? text : null;

    public static Prompts For(string? language) => new(language ?? "en");

    // The words of a helpline's callers: its own overrides first.
    public static Prompts For(string? language, Helpline? helpline) =>
        new(language ?? helpline?.Languages[0] ?? "en", helpline?.PromptOverrides);

    // The same language with a helpline's overrides, once the helpline is known.
    public Prompts For(Helpline? helpline) =>
        helpline?.PromptOverrides is null ? this : new(Code, helpline.PromptOverrides);

    public static IReadOnlySet<int> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
            .ToHashSet();

    [GeneratedRegex(@"(?<!\{)\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}
