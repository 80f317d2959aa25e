using System.Net;
using System.Xml.XPath;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Ivr;

public sealed class IncomingCallTests(TestDatabase database) : DemoHelplineTest(database)
{
    [Fact]
    public async Task Greets_with_the_helpline_name_and_an_emergency_notice_then_offers_both_languages()
    {
        var response = await Client.PostTwilioAsync("/voice/incoming", TwilioRequests.Call(DemoData.HelplineNumber));

        var twiml = await response.ReadTwimlAsync();
        var says = twiml.XPathSelectElements("/Response/Say").Select(s => s.Value).ToList();
        Assert.Contains("San Diego Area", says[0], StringComparison.Ordinal);
        Assert.Contains("dial 911", says[1], StringComparison.Ordinal);
        var gather = twiml.XPathSelectElement("/Response/Gather")!;
        Assert.Equal(PhonelineApp.PublicBaseUrl + "/voice/language", gather.Attribute("action")?.Value);
        Assert.Equal(["en-US", "es-US"], gather.Elements("Say").Select(s => s.Attribute("language")?.Value));
        Assert.Contains("español", gather.Elements("Say").Last().Value, StringComparison.Ordinal);
        Assert.Equal(PhonelineApp.PublicBaseUrl + "/voice/language",
            twiml.XPathSelectElement("/Response/Redirect")?.Value);
    }

    [Theory]
    [InlineData("1", "en-US", "press 1")]
    [InlineData("2", "es-US", "oprima 1")]
    [InlineData("", "en-US", "press 1")]
    [InlineData("9", "en-US", "press 1")]
    public async Task The_language_choice_leads_to_the_six_option_menu_in_that_language(string digits, string language,
        string firstOption)
    {
        var response = await Client.PostTwilioAsync("/voice/language",
            TwilioRequests.Call(DemoData.HelplineNumber).With("Digits", digits));

        var gather = (await response.ReadTwimlAsync()).XPathSelectElement("/Response/Gather")!;
        Assert.Equal("dtmf speech", gather.Attribute("input")?.Value);
        Assert.Equal("1", gather.Attribute("numDigits")?.Value);
        Assert.Equal(language, gather.Attribute("language")?.Value);
        Assert.StartsWith(PhonelineApp.PublicBaseUrl + "/voice/menu?lang=", gather.Attribute("action")?.Value,
            StringComparison.Ordinal);
        var menu = gather.Element("Say")!.Value;
        Assert.Contains(firstOption, menu, StringComparison.Ordinal);
        foreach (var option in new[] { "1", "2", "3", "4", "5", "0" })
            Assert.Contains(" " + option + ".", menu, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_signature_gets_403_with_an_empty_body()
    {
        var call = TwilioRequests.Call(DemoData.HelplineNumber);

        var forged = await Client.PostTwilioAsync("/voice/incoming", call, signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        var tampered = new HttpRequestMessage(HttpMethod.Post, "/voice/incoming")
        {
            Content = new FormUrlEncodedContent(call.With("Digits", "2"))
        };
        tampered.Headers.Add("X-Twilio-Signature", NAPhoneline.Telephony.Webhooks.SignatureValidator.ComputeSignature(
            PhonelineApp.AuthToken, PhonelineApp.PublicBaseUrl + "/voice/incoming", call));
        var tamperedResponse = await Client.SendAsync(tampered);

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Empty(await forged.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.Forbidden, tamperedResponse.StatusCode);
    }

    [Fact]
    public async Task A_missing_signature_gets_403_not_500()
    {
        var response = await Client.PostAsync("/voice/incoming",
            new FormUrlEncodedContent(TwilioRequests.Call(DemoData.HelplineNumber)));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_number_gets_a_generic_greeting_and_the_fallback_route()
    {
        var response = await Client.PostTwilioAsync("/voice/incoming", TwilioRequests.Call("+14155550100"));

        var twiml = await response.ReadTwimlAsync();
        Assert.Contains("Narcotics Anonymous", twiml.XPathSelectElement("/Response/Say")!.Value,
            StringComparison.Ordinal);
        Assert.Equal(PhonelineApp.FallbackNumber, twiml.XPathSelectElement("/Response/Dial/Number")?.Value);
        Assert.Equal("+14155550100", twiml.XPathSelectElement("/Response/Dial")?.Attribute("callerId")?.Value);
    }

    [Fact]
    public async Task The_status_callback_answers_204()
    {
        var response = await Client.PostTwilioAsync("/voice/status",
            TwilioRequests.Call(DemoData.HelplineNumber).With("CallStatus", "completed").With("CallDuration", "42"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
