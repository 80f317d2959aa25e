using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using NAPhoneline.Shared.Voice;
using NAPhoneline.Sms;

namespace NAPhoneline.Tests.Ivr;

// Every prompt exists in every supported language, with the same blanks, a voice and a code for Twilio.
public sealed class PromptsTests
{
    static readonly ResourceManager Resources = new("NAPhoneline.Resources.Prompts", typeof(Prompts).Assembly);

    public static TheoryData<string> Translations() => new(Prompts.Supported.Where(l => l != "en"));

    public static TheoryData<string> Languages() => new(Prompts.Supported);

    [Fact]
    public void Portuguese_and_French_are_supported() => Assert.Equal(["en", "es", "pt", "fr"], Prompts.Supported);

    [Theory]
    [MemberData(nameof(Translations))]
    public void Every_English_prompt_is_translated_with_the_same_placeholders(string language)
    {
        var english = Resources.GetResourceSet(CultureInfo.InvariantCulture, true, true)!;
        // tryParents: false, so a key missing in the translation is not filled in from English.
        var translation = Resources.GetResourceSet(CultureInfo.GetCultureInfo(language), true, false);
        Assert.False(translation is null, $"no prompts for '{language}'");

        foreach (System.Collections.DictionaryEntry entry in english)
        {
            var key = (string)entry.Key;
            var translated = translation.GetString(key);
            Assert.False(string.IsNullOrWhiteSpace(translated), $"{language} prompt '{key}' is missing or empty");
            Assert.True(Placeholders((string)entry.Value!).SequenceEqual(Placeholders(translated)),
                $"{language} prompt '{key}' has placeholders {string.Join("", Placeholders(translated))}, "
                + $"English {string.Join("", Placeholders((string)entry.Value!))}");
        }
    }

    [Theory]
    [MemberData(nameof(Translations))]
    public void A_translation_has_no_prompt_that_English_lacks(string language)
    {
        var english = Resources.GetResourceSet(CultureInfo.InvariantCulture, true, true)!;
        var translation = Resources.GetResourceSet(CultureInfo.GetCultureInfo(language), true, false)!;

        foreach (System.Collections.DictionaryEntry entry in translation)
            Assert.False(english.GetString((string)entry.Key) is null, $"{language} has a stray '{entry.Key}'");
    }

    [Theory]
    [InlineData("en", "Polly.Joanna", "en-US")]
    [InlineData("es", "Polly.Lupe", "es-US")]
    [InlineData("pt", "Polly.Camila", "pt-BR")]
    [InlineData("fr", "Polly.Chantal", "fr-CA")]
    public void Each_language_has_its_own_voice_and_code(string language, string voice, string code)
    {
        var prompts = Prompts.For(language);

        Assert.Equal((voice, code, language), (prompts.Voice, prompts.SayLanguage, prompts.Code));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_language_sets_a_voice_and_a_code_of_its_own_language(string language)
    {
        var prompts = Prompts.For(language);

        Assert.StartsWith("Polly.", prompts.Voice, StringComparison.Ordinal);
        Assert.Matches("^" + language + "-[A-Z]{2}$", prompts.SayLanguage);
        // A date or a time in that language's pattern must format.
        var culture = CultureInfo.GetCultureInfo(prompts.SayLanguage);
        var when = NodaTime.Text.LocalDateTimePattern.Create(prompts.Text("DateFormat"), culture)
            .Format(new NodaTime.LocalDateTime(2026, 12, 1, 19, 30));
        Assert.Contains("19:30", when, StringComparison.Ordinal);
        Assert.Contains("30", new NodaTime.LocalTime(19, 30).ToString(prompts.Text("TimeFormat"), culture),
            StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void The_caller_language_whisper_names_every_language(string language)
    {
        var prompts = Prompts.For(language);

        foreach (var other in Prompts.Supported)
            Assert.DoesNotContain("{", prompts.Text("WhisperCallerLanguage", prompts.Text("LanguageName-" + other)),
                StringComparison.Ordinal);
        Assert.Equal("A pessoa que está ligando fala francês.",
            Prompts.For("pt").Text("WhisperCallerLanguage", Prompts.For("pt").Text("LanguageName-fr")));
    }

    // The examples the usage texts give ("por exemplo NÃO POSSO 4821") are answers the parser understands.
    [Theory]
    [MemberData(nameof(Languages))]
    public void The_keywords_each_language_asks_for_are_understood(string language)
    {
        var prompts = Prompts.For(language);

        foreach (var (key, kind) in new[]
                 {
                     ("ShiftReplyUsage", SmsCommandKind.ConfirmShift), ("CantUsage", SmsCommandKind.CantShift),
                     ("TakeUsage", SmsCommandKind.TakeShift), ("RequestCommandUsage", SmsCommandKind.Acknowledge),
                 })
        {
            var example = Regex.Match(prompts.Text(key), @"(?:\p{Lu}[\p{Lu}'’]* )+4821");
            Assert.True(example.Success, $"{language} {key} gives no example");
            Assert.Equal((kind, "4821"), (SmsCommand.Parse(example.Value, "en").Kind,
                SmsCommand.Parse(example.Value, "en").Text));
        }
    }

    [Fact]
    public void Unsupported_languages_fall_back_to_English()
    {
        Assert.Equal("en-US", Prompts.For("de").SayLanguage);
        Assert.Equal("en-US", Prompts.For(null).SayLanguage);
    }

    static string[] Placeholders(string text) =>
        Regex.Matches(text, @"\{\d+\}").Select(m => m.Value).Distinct().Order(StringComparer.Ordinal).ToArray();
}
