using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using NAPhoneline.Console;

namespace NAPhoneline.Tests.Console;

// Every word exists in every language the console speaks, with the same placeholders as in English, and no
// translated entry is a copy left in English by mistake.
public sealed partial class ConsoleTextTests
{
    static readonly string Source = Path.Combine(RepositoryRoot(), "src", "NAPhoneline");
    static readonly string[] Translations = ["es", "pt", "fr"];

    // The same in English and in a translation on purpose: the same word in that language.
    static readonly HashSet<(string Language, string Value)> SameWord =
    [
        ("es", "No"),
        ("fr", "Code"), ("fr", "Configuration"), ("fr", "Contact"), ("fr", "Date"), ("fr", "Message"),
        ("fr", "Note"), ("fr", "Type"), ("fr", "{0} (minutes)"),
    ];

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Source, "*.resx", SearchOption.AllDirectories)
                     .Where(f => !Translations.Any(l => f.EndsWith($".{l}.resx", StringComparison.Ordinal))
                         && !f.Contains("/bin/") && !f.Contains("/obj/")))
            data.Add(Path.GetRelativePath(Source, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_key_is_in_every_language_with_the_english_placeholders(string file)
    {
        var english = Keys(Path.Combine(Source, file));
        var problems = new List<string>();
        foreach (var language in Translations)
        {
            var path = Path.Combine(Source, file.Replace(".resx", $".{language}.resx", StringComparison.Ordinal));
            if (!File.Exists(path))
            {
                problems.Add($"{language}: no {Path.GetFileName(path)}");
                continue;
            }
            var translated = Keys(path);
            problems.AddRange(english.Keys.Except(translated.Keys).Select(k => $"{language}: {k} is missing"));
            problems.AddRange(translated.Keys.Except(english.Keys).Select(k => $"{language}: {k} is not in English"));
            foreach (var (key, text) in english.Where(e => translated.ContainsKey(e.Key)))
            {
                var value = translated[key];
                if (string.IsNullOrWhiteSpace(value)) problems.Add($"{language}: {key} is empty");
                else if (!Placeholders(text).SequenceEqual(Placeholders(value)))
                    problems.Add($"{language}: {key} has {string.Join("", Placeholders(value))}, English "
                        + string.Join("", Placeholders(text)));
                else if (value == text && !IsFormat(key, value) && !SameWord.Contains((language, value)))
                    problems.Add($"{language}: {key} is still in English: {value}");
            }
        }
        Assert.True(problems.Count == 0, $"{file}:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void The_console_words_load_in_every_language()
    {
        var words = new ResourceManager("NAPhoneline.Console.ConsoleText", typeof(Words).Assembly);
        string SignIn(string language) => words.GetString("SignIn", CultureInfo.GetCultureInfo(language))!;
        Assert.Equal(("Sign in", "Entrar", "Entrar", "Se connecter"),
            (SignIn("en"), SignIn("es"), SignIn("pt"), SignIn("fr")));
        Assert.Equal("Agora", ConsoleText.For("pt")["NavNow"]);
        Assert.Equal("Maintenant", ConsoleText.For("fr")["NavNow"]);
    }

    [Theory]
    [InlineData("pt-BR,pt;q=0.9,en;q=0.8", "pt")]
    [InlineData("fr-CA", "fr")]
    [InlineData("de-DE,fr;q=0.7,en;q=0.5", "fr")]
    [InlineData("es-MX", "es")]
    [InlineData("de-DE", "en")]
    public void A_browser_gets_its_first_language_the_console_speaks(string acceptLanguage, string expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.AcceptLanguage = acceptLanguage;
        Assert.Equal(expected, ConsoleText.FromBrowser(context.Request));
    }

    [Fact]
    public void Each_language_is_named_in_itself()
    {
        Assert.Equal(["English", "Español", "Português", "Français"],
            NAPhoneline.Shared.Voice.Prompts.Supported.Select(ConsoleText.Name));
    }

    // A format, a unit or a code reads the same in every language: nothing but placeholders, digits, punctuation,
    // units (min, h, s, km, UTC) and the H&I abbreviation; or a date pattern.
    static bool IsFormat(string key, string value) =>
        key.EndsWith("Pattern", StringComparison.Ordinal)
        || FormatOnly().IsMatch(PlaceholderRegex().Replace(value, ""));

    static IEnumerable<string> Placeholders(string text) =>
        PlaceholderRegex().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal);

    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex PlaceholderRegex();

    [GeneratedRegex(@"^(\W|\d|\b(min|h|s|km|UTC|H&I)\b)*$")]
    private static partial Regex FormatOnly();

    static Dictionary<string, string> Keys(string path) =>
        XDocument.Load(path).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NAPhoneline.sln"))) return dir.FullName;
        throw new InvalidOperationException("NAPhoneline.sln not found");
    }
}
