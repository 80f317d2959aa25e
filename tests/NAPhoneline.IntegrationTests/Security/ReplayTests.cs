using System.Xml.XPath;
using Dapper;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Security;

// Twilio's signature has no timestamp: a captured webhook verifies again. What a replay could repeat is keyed by the
// CallSid (a request's origin, unique in PostgreSQL), so the same signed request twice makes one request.
public sealed class ReplayTests(TestDatabase database) : DemoHelplineTest(database)
{
    [Fact]
    public async Task A_replayed_recording_webhook_makes_no_second_request()
    {
        var call = new CallFlow(Client, "CA-replayed", "+16195550142");
        await call.PostAsync("/voice/incoming");
        var confirm = await call.PostAsync("/voice/menu?lang=en&attempt=0", ("Digits", "3"));
        var record = await call.PostAsync(
            confirm.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value, ("Digits", "1"));
        var action = record.XPathSelectElement("/Response/Record")!.Attribute("action")!.Value;

        // The same signed request three times: the draft is gone after the first, the origin is taken.
        for (var i = 0; i < 3; i++)
            Assert.NotNull((await call.PostAsync(action, ("RecordingDuration", "0")))
                .XPathSelectElement("/Response/Hangup"));

        await App.CallRecordsWrittenAsync();
        await using var db = new NpgsqlConnection(Database.ConnectionString);
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("select count(*) from requests"));
    }
}
