using System.Net;
using System.Xml.XPath;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;

namespace NAPhoneline.IntegrationTests.Ivr;

// CONTRACT 14: a body's own words (prompts) and recorded greeting (greetingAudio), through signed webhooks.
public sealed class PromptOverridesTests(TestDatabase database) : DemoHelplineTest(database)
{
    async Task<HttpResponseMessage> ImportAsync(string words)
    {
        var file = DemoData.HelplineJson.Replace("\"postalCodeDigits\": 5,", "\"postalCodeDigits\": 5, " + words,
            StringComparison.Ordinal);
        using var admin = App.CreateAdminClient();
        return await admin.PutAsync("/admin/api/config",
            new StringContent(file, System.Text.Encoding.UTF8, "application/json"));
    }

    [Fact]
    public async Task A_bodys_own_words_replace_the_prompts_and_a_recording_the_greeting()
    {
        var imported = await ImportAsync("""
            "prompts": {
              "en": { "Menu": "For meetings press 1. To talk with an addict in recovery press 2.",
                      "ConnectingToMember": "One moment: a member of NA is on the way." },
              "es": { "Menu": "Para reuniones oprima 1. Para hablar con un adicto en recuperación oprima 2." }
            },
            "greetingAudio": { "en": "https://example.org/audio/welcome-en.mp3" },
            """);
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        var call = new CallFlow(Client, "CA-words-1");

        var incoming = await call.PostAsync("/voice/incoming");
        // English first: the recording, and the emergency number is still said.
        Assert.Equal("https://example.org/audio/welcome-en.mp3", incoming.XPathSelectElement("/Response/Play")!.Value);
        Assert.Contains("emergency", incoming.XPathSelectElement("/Response/Say")!.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(incoming.Descendants("Say"), s => s.Value.Contains("Thank you for calling",
            StringComparison.Ordinal));

        var menu = await call.PostAsync(incoming.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value,
            ("Digits", "1"));
        Assert.Equal("For meetings press 1. To talk with an addict in recovery press 2.",
            menu.XPathSelectElement("/Response/Gather/Say")!.Value);
        var talk = await call.PostAsync("/voice/menu?lang=en&attempt=0", ("Digits", "2"));
        Assert.Equal("One moment: a member of NA is on the way.", talk.XPathSelectElement("/Response/Say")!.Value);
        // Words not overridden are the built-in ones.
        Assert.Contains(talk.Descendants("Say"), s => s.Value == "One moment: a member of NA is on the way.");

        // The Spanish caller hears the Spanish words of this body.
        var spanish = new CallFlow(Client, "CA-words-2");
        await spanish.PostAsync("/voice/incoming");
        var es = await spanish.PostAsync("/voice/language", ("Digits", "2"));
        Assert.Equal("Para reuniones oprima 1. Para hablar con un adicto en recuperación oprima 2.",
            es.XPathSelectElement("/Response/Gather/Say")!.Value);
        Assert.Equal("es-US", es.XPathSelectElement("/Response/Gather/Say")!.Attribute("language")!.Value);
    }

    [Theory]
    [InlineData("\"prompts\": { \"en\": { \"Greting\": \"Hi\" } },", "prompts.en.Greting")]
    [InlineData("\"prompts\": { \"fr\": { \"Greeting\": \"Bonjour {0}\" } },", "prompts.fr")]
    [InlineData("\"prompts\": { \"en\": { \"Greeting\": \"Hi {0}, {3}\" } },", "prompts.en.Greeting")]
    [InlineData("\"prompts\": { \"en\": { \"Voice\": \"Polly.Nobody\" } },", "prompts.en.Voice")]
    [InlineData("\"greetingAudio\": { \"en\": \"http://example.org/a.mp3\" },", "greetingAudio.en")]
    public async Task Words_that_could_not_be_said_are_refused_with_their_field(string words, string field)
    {
        var response = await ImportAsync(words);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
