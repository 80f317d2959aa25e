using System.Net;
using System.Xml.XPath;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Routing;

// Garbage in the routing webhooks still gets TwiML that moves the call on, never an error page.
public sealed class RoutingBadInputTests(TestDatabase database) : DemoHelplineTest(database)
{
    [Theory]
    [InlineData("/voice/route/next?call=abc&stage=volunteers&lang=en")]
    [InlineData("/voice/route/next?call=999999&stage=nonsense&lang=xx")]
    [InlineData("/voice/route/next")]
    public async Task A_broken_dial_action_still_reaches_a_person(string url)
    {
        var twiml = await (await Client.PostTwilioAsync(url,
            TwilioRequests.Call(DemoData.HelplineNumber).With("DialCallStatus", "no-answer"))).ReadTwimlAsync();

        Assert.NotNull(twiml.XPathSelectElement("/Response/Dial/Number")
            ?? twiml.XPathSelectElement("/Response/Record"));
    }

    [Theory]
    [InlineData("/voice/route/screen?leg=abc")]
    [InlineData("/voice/route/screen?leg=999999")]
    [InlineData("/voice/route/accept?leg=999999")]
    public async Task A_leg_that_is_not_ours_is_hung_up(string url)
    {
        var twiml = await (await Client.PostTwilioAsync(url, TwilioRequests.Call("+16195550121").With("Digits", "1")))
            .ReadTwimlAsync();

        Assert.NotNull(twiml.XPathSelectElement("/Response/Hangup"));
    }

    [Fact]
    public async Task A_voicemail_without_a_recording_is_thanked_and_creates_nothing()
    {
        var twiml = await (await Client.PostTwilioAsync("/voice/route/voicemail?call=abc&lang=en",
            TwilioRequests.Call(DemoData.HelplineNumber))).ReadTwimlAsync();

        Assert.Contains("did not receive a message", twiml.XPathSelectElement("/Response/Say")!.Value,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Routing_webhooks_need_a_signature_like_every_other()
    {
        var response = await Client.PostAsync("/voice/route/screen?leg=1",
            new FormUrlEncodedContent(TwilioRequests.Call("+16195550121")));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
