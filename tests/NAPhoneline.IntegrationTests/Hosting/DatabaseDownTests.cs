using System.Net;
using System.Xml.XPath;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Hosting;

// Never dead air: with PostgreSQL stopped, a call still reaches Phoneline:FallbackNumber and texts still get an answer.
public sealed class DatabaseDownTests(TestDatabase database) : DemoHelplineTest(database)
{
    [PrivateClusterFact]
    public async Task A_call_while_PostgreSQL_is_stopped_still_dials_the_fallback_number()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/healthz")).StatusCode);

        await using (await Database.StopServerAsync())
        {
            var call = await Client.PostTwilioAsync("/voice/incoming", TwilioRequests.Call(DemoData.HelplineNumber));
            var text = await Client.PostTwilioAsync("/sms/incoming", new Dictionary<string, string>
            {
                ["MessageSid"] = "SM00000000000000000000000000000001", ["From"] = "+16195550142", ["To"] = DemoData.HelplineNumber, ["Body"] = "help",
            });
            var health = await Client.GetAsync("/healthz");

            var twiml = await call.ReadTwimlAsync();
            Assert.Contains("sorry", twiml.XPathSelectElement("/Response/Say")!.Value, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(PhonelineApp.FallbackNumber, twiml.XPathSelectElement("/Response/Dial/Number")?.Value);
            Assert.Equal(DemoData.HelplineNumber, twiml.XPathSelectElement("/Response/Dial")?.Attribute("callerId")?.Value);
            Assert.Contains(DemoData.HelplineNumber, (await text.ReadTwimlAsync()).XPathSelectElement("/Response/Message")!.Value, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Contains("database", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/healthz")).StatusCode);
    }
}
