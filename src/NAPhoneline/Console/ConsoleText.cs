using System.Globalization;
using System.Resources;
using NAPhoneline.Shared.Voice;

namespace NAPhoneline.Console;

public static class ConsoleText
{
    static readonly ResourceManager Resources = new("NAPhoneline.Console.ConsoleText", typeof(ConsoleText).Assembly);

    public static CultureInfo Culture(string? language) =>
        CultureInfo.GetCultureInfo(language is not null && Prompts.Supported.Contains(language) ? language : "en");

    public static Words For(string? language) => new(Resources, Culture(language));

    // The console language of a visitor who has not signed in: the browser's first supported choice.
    public static string FromBrowser(HttpRequest request)
    {
        var header = request.GetTypedHeaders().AcceptLanguage;
        return header.OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value?.Split('-')[0].ToLowerInvariant())
            .FirstOrDefault(l => l is not null && Prompts.Supported.Contains(l)) ?? "en";
    }
}
