using System.Globalization;
using System.Resources;
using System.Xml.Linq;

namespace NAPhoneline.Tests.Console;

// Every console word exists in every language, and no Spanish entry is a copy left in English by mistake.
public sealed class ConsoleTextTests
{
    static readonly string Source = Path.Combine(RepositoryRoot(), "src", "NAPhoneline");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Source, "*.resx", SearchOption.AllDirectories)
                     .Where(f => !f.EndsWith(".es.resx", StringComparison.Ordinal) && !f.Contains("/bin/")
                         && !f.Contains("/obj/")))
            data.Add(Path.GetRelativePath(Source, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_key_is_in_english_and_spanish(string file)
    {
        var english = Keys(Path.Combine(Source, file));
        var spanish = Keys(Path.Combine(Source, file.Replace(".resx", ".es.resx", StringComparison.Ordinal)));
        Assert.Empty(english.Keys.Except(spanish.Keys));
        Assert.Empty(spanish.Keys.Except(english.Keys));
        Assert.All(english.Keys, k => Assert.False(string.IsNullOrWhiteSpace(spanish[k]), $"{file}: {k} is empty"));
    }

    [Fact]
    public void The_console_words_load_in_both_languages()
    {
        var words = new ResourceManager("NAPhoneline.Console.ConsoleText", typeof(NAPhoneline.Console.Words).Assembly);
        Assert.Equal("Sign in", words.GetString("SignIn", CultureInfo.GetCultureInfo("en")));
        Assert.Equal("Entrar", words.GetString("SignIn", CultureInfo.GetCultureInfo("es")));
    }

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
