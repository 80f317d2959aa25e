using System.Globalization;
using System.Resources;
using NAPhoneline.Shared.Voice;

namespace NAPhoneline.Console;

public static class ConsoleText
{
    static readonly ResourceManager Resources = new("NAPhoneline.Console.ConsoleText", typeof(ConsoleText).Assembly);

    public static CultureInfo Culture(string? language) =>
        CultureInfo.GetCultureInfo(Supported(language) ?? "en");

    public static Words For(string? language) => new(Resources, Culture(language));

    // Each language's name in that language, as the language switches show it.
    public static string Name(string language) => language switch
    {
        "en" => "English",
        "es" => "Español",
        "pt" => "Português",
        "fr" => "Français",
        _ => language,
    };

    // The language itself when the console speaks it, else null.
    public static string? Supported(string? language) =>
        language is not null && Prompts.Supported.Contains(language) ? language : null;

    // The console language of a visitor who has not signed in: the browser's first supported choice (pt-BR: pt).
    public static string FromBrowser(HttpRequest request)
    {
        var header = request.GetTypedHeaders().AcceptLanguage;
        return header.OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant())
            .FirstOrDefault(l => l is not null && Prompts.Supported.Contains(l)) ?? "en";
    }
}
