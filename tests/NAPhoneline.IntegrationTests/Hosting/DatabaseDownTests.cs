using System.Net;
using System.Xml.XPath;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;

namespace NAPhoneline.IntegrationTests.Hosting;

// Never dead air: with PostgreSQL stopped (connections refused), a call still gets the whole menu from memory and
// rings the volunteers on duty, and texts still get an answer.
public sealed class DatabaseDownTests(TestDatabase database) : DemoHelplineTest(database)
{
    [PrivateClusterFact]
    public async Task A_call_while_PostgreSQL_is_stopped_gets_the_menu_and_rings_the_volunteer_on_duty()
    {
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/healthz")).StatusCode);
        await NAPhoneline.Meetings.Places.PlaceFileWarmUp.Ready;

        await using (await Database.StopServerAsync())
        {
            var call = new CallFlow(Client, "CA-stopped");
            var greeting = await call.PostAsync("/voice/incoming");
            var dial = await call.PostAsync("/voice/menu?lang=en&attempt=0", ("Digits", "2"));
            var text = await Client.PostTwilioAsync("/sms/incoming", new Dictionary<string, string>
            {
                ["MessageSid"] = "SM00000000000000000000000000000001", ["From"] = "+16195550142",
                    ["To"] = DemoData.HelplineNumber, ["Body"] = "help",
            });
            var health = await Client.GetAsync("/healthz");
            var live = await Client.GetAsync("/healthz/live");

            Assert.Contains("San Diego Area", greeting.XPathSelectElement("/Response/Say")!.Value,
                StringComparison.Ordinal);
            Assert.NotNull(greeting.XPathSelectElement("/Response/Gather"));
            Assert.Equal("+16195550121", CallFlow.Number(dial).Value);
            Assert.Equal(DemoData.HelplineNumber,
                dial.XPathSelectElement("/Response/Dial")?.Attribute("callerId")?.Value);
            Assert.Contains(DemoData.HelplineNumber,
                (await text.ReadTwimlAsync()).XPathSelectElement("/Response/Message")!.Value, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Contains("degraded: database unavailable", await health.Content.ReadAsStringAsync(),
                StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Contains("\"degraded\"", await live.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await Outage.WaitUntilHealthyAsync(Client, TimeSpan.FromSeconds(10));
    }
}
