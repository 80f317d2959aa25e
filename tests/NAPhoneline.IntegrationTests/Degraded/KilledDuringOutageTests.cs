using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;
using System.Xml.XPath;
using Dapper;
using NAPhoneline.IntegrationTests.Infrastructure;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Degraded;

// The service's own process, killed (SIGKILL) while PostgreSQL is frozen, right after a caller was told their
// Twelfth Step request is recorded: the next start moves the journaled request into PostgreSQL, once.
[Collection(DatabaseCollection.Name)]
public sealed class KilledDuringOutageTests(TestDatabase database) : IAsyncLifetime
{
    readonly FakeTwilio twilio = new();
    readonly string journal = Path.Combine(Path.GetTempPath(),
        "naphoneline-journal-" + Guid.NewGuid().ToString("N")[..12]);

    public Task InitializeAsync() => database.ResetAsync();

    public Task DisposeAsync()
    {
        twilio.Dispose();
        if (Directory.Exists(journal)) Directory.Delete(journal, recursive: true);
        return Task.CompletedTask;
    }

    [PrivateClusterFact]
    public async Task A_kill_during_the_outage_loses_nothing_that_was_journaled()
    {
        await using (var first = await ServiceProcess.StartAsync(database, journal, twilio.Url))
        {
            using (var config = new HttpRequestMessage(HttpMethod.Put, "/admin/api/config"))
            {
                config.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PhonelineApp.AdminKey);
                config.Content = new StringContent(DemoData.HelplineJson, System.Text.Encoding.UTF8,
                    "application/json");
                Assert.True((await first.Client.SendAsync(config)).IsSuccessStatusCode);
            }

            await using (database.Freeze())
            {
                var form = TwilioRequests.Call(DemoData.HelplineNumber, "+16195550142", "CA-killed");
                async Task<XDocument> Post(string url, params (string Key, string Value)[] extra)
                {
                    var f = new Dictionary<string, string>(form);
                    foreach (var (k, v) in extra) f[k] = v;
                    // A fresh process compiles each path on first use: the 1 s bound is the in-process tests'.
                    return await Outage.WithinAsync(TimeSpan.FromSeconds(2),
                        async () => await (await first.PostTwilioAsync(url, f)).ReadTwimlAsync(), url);
                }
                await Post("/voice/incoming");
                var confirm = await Post(first.Url + "/voice/menu?lang=en&attempt=0", ("Digits", "3"));
                var record = await Post(confirm.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value,
                    ("Digits", "1"));
                var thanks = await Post(record.XPathSelectElement("/Response/Record")!.Attribute("action")!.Value,
                    ("RecordingUrl", "https://api.twilio.com/recordings/RE-killed"), ("RecordingDuration", "10"));
                Assert.Contains("Thank you", thanks.XPathSelectElement("/Response/Say")!.Value,
                    StringComparison.Ordinal);

                first.Kill();
                Assert.Contains("\"kind\":\"Request\"", await File.ReadAllTextAsync(Path.Combine(journal,
                    "journal.jsonl")), StringComparison.Ordinal);
            }
        }

        await using var second = await ServiceProcess.StartAsync(database, journal, twilio.Url);
        await using var db = new NpgsqlConnection(database.ConnectionString);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await db.QuerySingleAsync<int>("select count(*)::int from requests") == 0
            && clock.Elapsed < TimeSpan.FromSeconds(15))
            await Task.Delay(200);
        var request = await db.QuerySingleAsync<(string Type, string Callback,
            string Origin)>("select type, callback_number, origin from requests");
        Assert.Equal(("twelfth-step", "+16195550142", "CA-killed:twelfth-step"),
            request with { Callback = PhonelineApp.Open(request.Callback)! });
        // The ladder carries on from the first deadline the journal recorded: open at level 0, its step not yet handed
        // to Hangfire (LadderScheduler does that), due 30 minutes (the area's deadline) after the caller left it.
        var ladder = await db.QuerySingleAsync<(string Status, int Level, int Scheduled, double Minutes)>("""
            select status, level, scheduled_level, extract(epoch from due_at - created_at) / 60 from requests
            """);
        Assert.Equal(("open", 0, -1, 30.0), ladder);
        Assert.Equal(["notified", "journaled"],
            await db.QueryAsync<string>("select kind from request_events order by at, id"));
        using var list = new HttpRequestMessage(HttpMethod.Get, "/admin/api/requests");
        list.Headers.Authorization = new AuthenticationHeaderValue("Bearer", PhonelineApp.AdminKey);
        var requests = JsonDocument.Parse(await (await second.Client.SendAsync(list)).Content.ReadAsStringAsync())
            .RootElement;
        Assert.Single(requests.EnumerateArray());
    }
}
