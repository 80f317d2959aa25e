using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using NAPhoneline.Helplines;

namespace NAPhoneline.Tests.Helplines;

// The words of the Volunteers and Settings pages: every one in Spanish too, with the same placeholders.
public sealed partial class HelplinesWordsTests
{
    public static TheoryData<string> Files => new() { "VolunteersText", "SettingsText" };

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_English_word_has_a_Spanish_one_with_the_same_placeholders(string file)
    {
        var resources = new ResourceManager("NAPhoneline.Helplines." + file, typeof(VolunteerForm).Assembly);
        var english = resources.GetResourceSet(CultureInfo.InvariantCulture, true, true)!;
        var spanish = resources.GetResourceSet(CultureInfo.GetCultureInfo("es"), true, false)!;
        var count = 0;
        foreach (DictionaryEntry entry in english)
        {
            var key = (string)entry.Key;
            var translated = spanish.GetString(key);
            Assert.False(translated is null, $"{file}: Spanish '{key}' is missing");
            Assert.Equal(Placeholders((string)entry.Value!), Placeholders(translated!));
            count++;
        }
        Assert.True(count > 20);
    }

    static string[] Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal).ToArray();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
