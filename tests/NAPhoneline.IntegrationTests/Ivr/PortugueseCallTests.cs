using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using System.Xml.XPath;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;

namespace NAPhoneline.IntegrationTests.Ivr;

// A helpline whose first language is Portuguese (or French), driven through signed webhooks: the caller hears the
// menu, the meetings and the wait for a member in that language only, and so does the volunteer who answers.
// The test clock stands at Tuesday 12:00 in San Diego; Pat (+16195550121) is first in the rotation.
public sealed partial class PortugueseCallTests(TestDatabase database) : DemoHelplineTest(database)
{
    const string Pat = "+16195550121";

    // Words of the English prompts; none may be heard in another language. The demo's meeting names and places
    // ("Just For Today" at "Central Library") are names, not prompts, and are taken out before looking.
    [GeneratedRegex(@"\b(press|please|thank|meetings?|miles|away|tonight|today|tomorrow|here are|open|closed"
        + @"|hold|member|caller|calling|connect\w*|you|the|and|to|of)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishWords();

    static readonly string[] DemoNames = DemoMeetingNames();

    async Task UseLanguagesAsync(string helplineLanguages, string patLanguages)
    {
        var file = DemoData.HelplineJson;
        // The first list is the service body's; Pat's is changed apart.
        var languages = new Regex(@"""languages"": \[\s*""en"",\s*""es""\s*\]").Replace(file, helplineLanguages, 1);
        var pat = languages.Replace("\"phone\": \"+16195550121\", \"languages\": [\"en\", \"es\"]",
            $"\"phone\": \"+16195550121\", \"languages\": {patLanguages}", StringComparison.Ordinal);
        Assert.NotEqual(file, languages);
        Assert.NotEqual(languages, pat);
        using var admin = App.CreateAdminClient();
        var response = await admin.PutAsync("/admin/api/config",
            new StringContent(pat, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    static List<XElement> Says(XDocument twiml) => twiml.Descendants("Say").ToList();

    static void AllIn(XDocument twiml, string code, string voice)
    {
        var says = Says(twiml);
        Assert.NotEmpty(says);
        foreach (var say in says)
        {
            Assert.Equal((code, voice), (say.Attribute("language")?.Value, say.Attribute("voice")?.Value));
            var text = DemoNames.Aggregate(say.Value, (t, name) => t.Replace(name, " ", StringComparison.Ordinal));
            Assert.False(EnglishWords().IsMatch(text), $"English in a {code} prompt: {say.Value}");
        }
    }

    [Theory]
    [InlineData("pt", "pt-BR", "Polly.Camila", "Para português, tecle 1", "tecle 2", "Tecle 1 para aceitar")]
    [InlineData("fr", "fr-CA", "Polly.Chantal", "Pour le français, appuyez sur 1", "appuyez sur 2",
        "Appuyez sur 1 pour accepter")]
    public async Task A_caller_hears_the_menu_the_meetings_and_the_wait_in_the_helplines_first_language(
        string language, string code, string voice, string option, string talk, string accept)
    {
        await UseLanguagesAsync($"\"languages\": [\"{language}\", \"en\"]", $"[\"{language}\", \"en\"]");
        await DemoData.ImportMeetingsAsync(App);
        var call = new CallFlow(Client, "CA-" + language + "-meetings");

        // Two languages: the greeting in the first, each option in its own language.
        var incoming = await call.PostAsync("/voice/incoming");
        Assert.Equal([code, code], incoming.XPathSelectElements("/Response/Say")
            .Select(s => s.Attribute("language")?.Value));
        var options = incoming.XPathSelectElements("/Response/Gather/Say").ToList();
        Assert.Equal([code, "en-US"], options.Select(s => s.Attribute("language")?.Value));
        Assert.Equal(option + ".", options[0].Value);

        var menu = await call.PostAsync("/voice/language", ("Digits", "1"));
        AllIn(menu, code, voice);
        var gather = menu.XPathSelectElement("/Response/Gather")!;
        Assert.Equal(code, gather.Attribute("language")?.Value);
        Assert.Contains(talk, gather.Element("Say")!.Value, StringComparison.Ordinal);
        Assert.Contains($"lang={language}", gather.Attribute("action")!.Value, StringComparison.Ordinal);

        var askPlace = await call.PostAsync(gather.Attribute("action")!.Value, ("Digits", "1"));
        AllIn(askPlace, code, voice);
        var placeGather = askPlace.XPathSelectElement("/Response/Gather")!;
        Assert.Equal(code, placeGather.Attribute("language")?.Value);

        var meetings = await call.PostAsync(placeGather.Attribute("action")!.Value, ("Digits", "92101"));
        AllIn(meetings, code, voice);
        Assert.True(Says(meetings).Count >= 3, "the intro, the meetings and the options");

        // 3 after the meetings: a member, through the screened leg.
        var next = meetings.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value;
        var dial = await call.PostAsync(next, ("Digits", "3"));
        AllIn(dial, code, voice);
        Assert.Equal(Pat, CallFlow.Number(dial).Value);

        var (whisper, accepted) = await AnswerLegAsync(call, CallFlow.Number(dial));
        AllIn(whisper, code, voice);
        Assert.StartsWith(accept, Says(whisper)[0].Value.Split(". ")[^1], StringComparison.Ordinal);
        Assert.Equal(2, Says(whisper).Count); // the caller speaks the helpline's language: nothing more to say
        AllIn(accepted, code, voice);
    }

    [Theory]
    [InlineData("pt", "pt-BR", "Polly.Camila", "tecle 2")]
    [InlineData("fr", "fr-CA", "Polly.Chantal", "appuyez sur 2")]
    public async Task Talk_to_a_member_in_that_language_from_the_main_menu(string language, string code,
        string voice, string talk)
    {
        await UseLanguagesAsync($"\"languages\": [\"{language}\", \"en\"]", $"[\"{language}\", \"en\"]");
        var call = new CallFlow(Client, "CA-" + language + "-member");

        await call.PostAsync("/voice/incoming");
        var menu = await call.PostAsync("/voice/language", ("Digits", "1"));
        Assert.Contains(talk, menu.XPathSelectElement("/Response/Gather/Say")!.Value, StringComparison.Ordinal);
        var dial = await call.PostAsync(menu.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value,
            ("Digits", "2"));

        AllIn(dial, code, voice);
        Assert.NotNull(dial.XPathSelectElement("/Response/Dial/Number"));
        var (whisper, accepted) = await AnswerLegAsync(call, CallFlow.Number(dial));
        AllIn(whisper, code, voice);
        AllIn(accepted, code, voice);
    }

    // An English helpline with Portuguese or French as its second language: the caller hears their own language,
    // the volunteer hears the helpline's, and is told which language the caller speaks.
    [Theory]
    [InlineData("pt", "pt-BR", "Polly.Camila", "The caller speaks Portuguese.")]
    [InlineData("fr", "fr-CA", "Polly.Chantal", "The caller speaks French.")]
    public async Task The_volunteer_is_told_the_callers_language_in_the_helplines(string language, string code,
        string voice, string told)
    {
        await UseLanguagesAsync($"\"languages\": [\"en\", \"{language}\"]", $"[\"en\", \"{language}\"]");
        var call = new CallFlow(Client, "CA-en-" + language);

        await call.PostAsync("/voice/incoming");
        var menu = await call.PostAsync("/voice/language", ("Digits", "2"));
        AllIn(menu, code, voice);
        var dial = await call.PostAsync(menu.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value,
            ("Digits", "2"));
        AllIn(dial, code, voice);

        var (whisper, accepted) = await AnswerLegAsync(call, CallFlow.Number(dial));
        var says = whisper.XPathSelectElements("/Response/Gather/Say").ToList();
        Assert.Equal(3, says.Count);
        Assert.Equal(told, says[1].Value);
        Assert.All(says, s => Assert.Equal("en-US", s.Attribute("language")?.Value));
        Assert.Equal("Connecting you now.", Says(accepted).Single().Value);
    }

    // The volunteer's phone answers the leg, hears the whisper and presses 1.
    static async Task<(XDocument Whisper, XDocument Accepted)> AnswerLegAsync(CallFlow call, XElement number)
    {
        var whisper = await call.PostAsync(number.Attribute("url")!.Value, ("To", number.Value),
            ("Direction", "outbound-dial"));
        var action = whisper.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value;
        var accepted = await call.PostAsync(action, ("To", number.Value), ("Digits", "1"));
        Assert.Null(accepted.XPathSelectElement("/Response/Hangup"));
        return (whisper, accepted);
    }

    static string[] DemoMeetingNames()
    {
        using var meetings = JsonDocument.Parse(DemoData.MeetingsJson);
        return meetings.RootElement.EnumerateArray()
            .SelectMany(m => new[] { "name", "location", "address", "city" }
                .Select(p => m.TryGetProperty(p, out var v) ? v.GetString() : null))
            .OfType<string>().Where(s => s.Length > 0).Distinct().OrderByDescending(s => s.Length).ToArray();
    }
}
