using System.Globalization;
using System.Resources;

namespace NAPhoneline.Shared.Voice;

// Spoken and texted words live in Resources/Prompts.resx (English) and Prompts.<lang>.resx (Spanish, Portuguese,
// French); each names the Twilio voice and BCP-47 code its Say and Gather use.
public sealed class Prompts(string language)
{
    public static readonly IReadOnlyList<string> Supported = ["en", "es", "pt", "fr"];

    static readonly ResourceManager Resources = new("NAPhoneline.Resources.Prompts", typeof(Prompts).Assembly);

    readonly CultureInfo culture = CultureInfo.GetCultureInfo(Supported.Contains(language) ? language : "en");

    public string Code => culture.TwoLetterISOLanguageName;
    public string SayLanguage => Text("Language");
    public string Voice => Text("Voice");

    public string Text(string key) =>
        Resources.GetString(key, culture) ?? throw new InvalidOperationException($"Prompt '{key}' is missing.");

    public string Text(string key, params object[] args) => string.Format(culture, Text(key), args);

    public static Prompts For(string? language) => new(language ?? "en");
}
