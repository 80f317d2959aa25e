using System.Diagnostics;
using System.Xml.XPath;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.State;

// Every instance answers from its own memory; an import on one reaches the others by NOTIFY, without a restart.
public sealed class ChangeNoticeTests(TestDatabase database) : DemoHelplineTest(database)
{
    [Fact]
    public async Task A_configuration_imported_on_one_instance_is_heard_on_another_within_seconds()
    {
        await using var other = new PhonelineApp(Database);
        var otherClient = other.CreateClient();
        Assert.Contains("San Diego Area", await GreetingAsync(otherClient), StringComparison.Ordinal);

        using (var admin = App.CreateAdminClient())
            Assert.True((await admin.PutAsync("/admin/api/config", new StringContent(
                DemoData.HelplineJson.Replace("\"name\": \"San Diego Area\"", "\"name\": \"San Diego County Area\"",
                    StringComparison.Ordinal),
                System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode);

        // The instance that imported knows at once; the other hears the notice.
        Assert.Contains("San Diego County Area", await GreetingAsync(Client), StringComparison.Ordinal);
        var clock = Stopwatch.StartNew();
        while (!(await GreetingAsync(otherClient)).Contains("San Diego County Area", StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the other instance did not reload within 5 s");
            await Task.Delay(50);
        }
    }

    static async Task<string> GreetingAsync(HttpClient client) =>
        (await (await client.PostTwilioAsync("/voice/incoming",
            TwilioRequests.Call(DemoData.HelplineNumber))).ReadTwimlAsync())
        .XPathSelectElement("/Response/Say")!.Value;
}
