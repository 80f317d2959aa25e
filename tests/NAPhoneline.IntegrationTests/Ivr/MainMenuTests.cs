using System.Xml.XPath;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Ivr;

public sealed class MainMenuTests(TestDatabase database) : DemoHelplineTest(database)
{
    Task<HttpResponseMessage> Choose(string query, string? digits = null, string? speech = null)
    {
        var form = TwilioRequests.Call(DemoData.HelplineNumber);
        if (digits is not null) form["Digits"] = digits;
        if (speech is not null) form["SpeechResult"] = speech;
        return Client.PostTwilioAsync("/voice/menu" + query, form);
    }

    [Fact]
    public async Task Silence_once_asks_again_and_silence_twice_goes_to_a_human()
    {
        var first = await (await Choose("?lang=en&attempt=0")).ReadTwimlAsync();
        var retry = first.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value;
        var second = await (await Client.PostTwilioAsync(retry, TwilioRequests.Call(DemoData.HelplineNumber)))
            .ReadTwimlAsync();

        Assert.Contains("did not hear", first.XPathSelectElement("/Response/Say")!.Value, StringComparison.Ordinal);
        Assert.EndsWith("attempt=1", retry, StringComparison.Ordinal);
        Assert.Null(second.XPathSelectElement("/Response/Gather"));
        Assert.StartsWith(PhonelineApp.PublicBaseUrl + "/voice/route/screen?leg=",
            second.XPathSelectElement("/Response/Dial/Number")?.Attribute("url")?.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9")]
    [InlineData("##")]
    [InlineData("12345678901234567890")]
    public async Task Garbage_digits_get_an_apology_and_the_menu_again(string digits)
    {
        var twiml = await (await Choose("?lang=en&attempt=0", digits: digits)).ReadTwimlAsync();

        Assert.Contains("not one of the choices", twiml.XPathSelectElement("/Response/Say")!.Value,
            StringComparison.Ordinal);
        Assert.NotNull(twiml.XPathSelectElement("/Response/Gather"));
    }

    [Fact]
    public async Task Zero_repeats_the_menu_without_counting_a_failed_try()
    {
        var twiml = await (await Choose("?lang=en&attempt=1", digits: "0")).ReadTwimlAsync();

        Assert.EndsWith("attempt=0", twiml.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "I need to talk to someone")]
    [InlineData("es", "quiero hablar con alguien")]
    public async Task Speech_is_understood_in_the_callers_language(string language, string speech)
    {
        var twiml = await (await Choose($"?lang={language}&attempt=0", speech: speech)).ReadTwimlAsync();

        Assert.StartsWith("+1619555012", twiml.XPathSelectElement("/Response/Dial/Number")?.Value,
            StringComparison.Ordinal);
        Assert.Equal(language + "-US", twiml.XPathSelectElement("/Response/Say")?.Attribute("language")?.Value);
    }

    [Theory]
    [InlineData("no-answer", true)]
    [InlineData("busy", true)]
    [InlineData("completed", false)]
    public async Task After_the_fallback_dial_the_caller_hears_what_happened_unless_they_were_connected(string status,
        bool message)
    {
        var twiml = await (await Client.PostTwilioAsync("/voice/fallback-ended?lang=en&emergency=911",
            TwilioRequests.Call(DemoData.HelplineNumber).With("DialCallStatus", status))).ReadTwimlAsync();

        Assert.Equal(message, twiml.XPathSelectElement("/Response/Say") is not null);
        Assert.NotNull(twiml.XPathSelectElement("/Response/Hangup"));
    }

    [Theory]
    [InlineData("?lang=xx&attempt=abc")]
    [InlineData("?attempt=-5")]
    [InlineData("")]
    public async Task A_mangled_menu_url_still_gets_the_menu(string query)
    {
        var twiml = await (await Choose(query, digits: "7")).ReadTwimlAsync();

        Assert.Equal("en-US", twiml.XPathSelectElement("/Response/Gather")?.Attribute("language")?.Value);
    }
}
