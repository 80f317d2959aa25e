using System.Globalization;
using System.Resources;
using NAPhoneline.Shared.Voice;

namespace NAPhoneline.Tests.Ivr;

public sealed class PromptsTests
{
    static readonly ResourceManager Resources = new("NAPhoneline.Resources.Prompts", typeof(Prompts).Assembly);

    [Fact]
    public void Every_English_prompt_has_a_Spanish_translation_with_the_same_placeholders()
    {
        var english = Resources.GetResourceSet(CultureInfo.InvariantCulture, true, true)!;
        var spanish = Resources.GetResourceSet(CultureInfo.GetCultureInfo("es"), true, false)!;

        foreach (System.Collections.DictionaryEntry entry in english)
        {
            var key = (string)entry.Key;
            var translated = spanish.GetString(key);
            Assert.False(translated is null, $"Spanish prompt '{key}' is missing");
            Assert.Equal(Placeholders((string)entry.Value!), Placeholders(translated!));
        }
    }

    [Fact]
    public void Unsupported_languages_fall_back_to_English()
    {
        Assert.Equal("en-US", Prompts.For("fr").SayLanguage);
        Assert.Equal("es-US", Prompts.For("es").SayLanguage);
    }

    static string[] Placeholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+\}").Select(m => m.Value).Order(StringComparer.Ordinal).ToArray();
}
