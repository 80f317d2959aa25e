using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.XPath;
using Dapper;
using NAPhoneline.IntegrationTests.Infrastructure;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Requests;

// The escalation ladder end to end: a real Hangfire server on the test database, the real clock, second-long
// deadlines, and Twilio's REST API faked on loopback. ASC PI chair -> RSC chair -> WSO, then "unanswered".
[Collection(DatabaseCollection.Name)]
public sealed class EscalationLadderTests(TestDatabase database) : IAsyncLifetime
{
    const string PiChair = "+16195550113", RscChair = "+13105550101", Wso = "+18187739999";
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(2);

    readonly FakeTwilio twilio = new();
    readonly List<PhonelineApp> apps = [];

    public async Task InitializeAsync() => await database.ResetAsync();

    public async Task DisposeAsync()
    {
        foreach (var app in apps) await app.DisposeAsync();
        twilio.Dispose();
    }

    PhonelineApp Start()
    {
        var app = new PhonelineApp(database, new Dictionary<string, string?>
        {
            ["Telephony:ApiBaseUrl"] = twilio.Url,
            ["Jobs:RunServer"] = "true",
            ["Jobs:PollInterval"] = "00:00:01",
        }, realTime: true);
        apps.Add(app);
        _ = app.Services; // starts the host: Hangfire server, ladder scheduler, outbox sender
        return app;
    }

    // The demo helpline with a two-second deadline at every level.
    static string ConfigWithShortDeadlines()
    {
        var config = JsonNode.Parse(DemoData.WithoutCoordinators(DemoData.HelplineJson))!;
        foreach (var body in config["serviceBodies"]!.AsArray())
            body!["escalation"] = new JsonObject { ["acknowledgeWithin"] = Deadline.ToString("c") };
        return config.ToJsonString();
    }

    static async Task ImportAsync(PhonelineApp app)
    {
        using var client = app.CreateAdminClient();
        using var body = new StringContent(ConfigWithShortDeadlines(), System.Text.Encoding.UTF8, "application/json");
        var response = await client.PutAsync("/admin/api/config", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    static async Task<string> RequestCallbackAsync(PhonelineApp app)
    {
        using var client = app.CreateAdminClient();
        var response = await client.PostAsJsonAsync("/admin/api/callbacks", new
        {
            name = "Dr. Rivera", organisation = "Mercy Hospital", phone = "(619) 555-0177",
            reason = "A patient asks about meetings", serviceBody = "asc-sd", role = "pi",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>();
    }

    NpgsqlConnection Db() => new(database.ConnectionString);

    static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, int seconds = 20)
    {
        for (var i = 0; i < seconds * 10; i++)
        {
            if (await condition()) return;
            await Task.Delay(100);
        }
        Assert.Fail($"Timed out waiting for {what}.");
    }

    async Task<bool> UnansweredAsync()
    {
        await using var db = Db();
        return await db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from requests where unanswered_at is not null)");
    }

    Task WaitForTextToAsync(string phone) =>
        WaitUntilAsync(() => Task.FromResult(twilio.Delivered.Any(m => m["To"] == phone)), $"a text to {phone}");

    void AssertOneTextEach(string code)
    {
        // Texts are sent in the order of the steps (a retried one may arrive after the next step's).
        var delivered = twilio.Delivered.OrderBy(m => Array.IndexOf([PiChair, RscChair, Wso], m["To"])).ToList();
        Assert.Equal([PiChair, RscChair, Wso], delivered.Select(m => m["To"]));
        Assert.All(delivered, m =>
        {
            Assert.Equal(DemoData.HelplineNumber, m["From"]);
            Assert.Contains($"ACK {code}", m["Body"], StringComparison.Ordinal);
            Assert.DoesNotContain("5550177", m["Body"], StringComparison.Ordinal);
        });
        Assert.StartsWith("Not taken at San Diego Area within 2 s. ", delivered[1]["Body"], StringComparison.Ordinal);
        Assert.StartsWith("Not taken at Southern California Region within 2 s. ", delivered[2]["Body"],
            StringComparison.Ordinal);
    }

    // Each level was told only once the level below had had its full deadline, never before.
    async Task AssertNoStepEarlyAsync()
    {
        await using var db = Db();
        var told = (await db.QueryAsync<DateTime>("select notified_at from request_recipients order by level"))
            .ToList();
        Assert.Equal(3, told.Count);
        for (var i = 1; i < told.Count; i++)
            Assert.True(told[i] - told[i - 1] >= Deadline,
                $"level {i} was told {told[i] - told[i - 1]} after level {i - 1}");
    }

    [Fact]
    public async Task A_callback_nobody_acknowledges_reaches_the_ASC_then_the_RSC_then_the_WSO_once_each()
    {
        var app = Start();
        await ImportAsync(app);

        var code = await RequestCallbackAsync(app);
        await WaitUntilAsync(UnansweredAsync, "the request to be unanswered at the top");

        AssertOneTextEach(code);
        Assert.Contains("Dr. Rivera, Mercy Hospital", twilio.Delivered[0]["Body"], StringComparison.Ordinal);
        await AssertNoStepEarlyAsync();
        using var client = app.CreateAdminClient();
        var request = (await client.GetFromJsonAsync<JsonObject>($"/admin/api/requests/{code}"))!;
        Assert.Equal("open", request["status"]!.GetValue<string>());
        Assert.Equal("wso", request["responsibleBody"]!.GetValue<string>());
        Assert.Equal("+1619***0177", request["callbackNumber"]!.GetValue<string>());
        Assert.Equal(["notified", "escalated", "escalated", "unanswered"],
            request["events"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()));
        await Task.Delay(Deadline * 2); // nothing more happens after the top
        Assert.Equal(3, twilio.Messages.Count);
    }

    [Fact]
    public async Task Ack_by_the_RSC_chair_stops_the_ladder_and_gives_them_the_number()
    {
        var app = Start();
        await ImportAsync(app);
        var code = await RequestCallbackAsync(app);
        await WaitForTextToAsync(RscChair);

        var reply = await TextAsync(app, RscChair, $"ack {code}");

        Assert.Contains("+16195550177", reply, StringComparison.Ordinal);
        Assert.Contains($"CALL {code}", reply, StringComparison.Ordinal);
        // The ASC chair, told earlier, hears it is taken; the WSO never hears of it.
        await WaitUntilAsync(() => Task.FromResult(twilio.Delivered.Count(m => m["To"] == PiChair) == 2),
            "the 'taken' notice");
        await Task.Delay(Deadline * 2);
        Assert.DoesNotContain(twilio.Messages, m => m["To"] == Wso);
        Assert.Contains("taken by another member", twilio.Delivered.Last(m => m["To"] == PiChair)["Body"],
            StringComparison.Ordinal);
        await using var db = Db();
        Assert.Equal(("acknowledged", 1),
            await db.QuerySingleAsync<(string, int)>("select status, level from requests"));

        Assert.Contains("closed", await TextAsync(app, RscChair, $"DONE {code}"), StringComparison.Ordinal);
        Assert.Equal("resolved", await db.QuerySingleAsync<string>("select status from requests"));
    }

    [Fact]
    public async Task The_ladder_continues_across_a_restart_of_the_service_without_sending_a_step_twice()
    {
        var first = Start();
        await ImportAsync(first);
        var code = await RequestCallbackAsync(first);
        await WaitForTextToAsync(RscChair);

        // Every instance stops mid-ladder (the WSO step is scheduled in Hangfire, not yet due) and a new one starts.
        await first.DisposeAsync();
        apps.Remove(first);
        Start();

        await WaitUntilAsync(UnansweredAsync, "the request to be unanswered at the top after the restart");
        AssertOneTextEach(code);
        await AssertNoStepEarlyAsync();
    }

    [Fact]
    public async Task Two_instances_on_one_database_send_each_step_once()
    {
        var first = Start();
        Start();
        await ImportAsync(first);

        var code = await RequestCallbackAsync(first);
        await WaitUntilAsync(UnansweredAsync, "the request to be unanswered at the top");

        AssertOneTextEach(code);
    }

    [Fact]
    public async Task A_Twilio_error_on_a_step_is_retried_and_the_step_is_sent_once()
    {
        twilio.FailOnce(RscChair);
        var app = Start();
        await ImportAsync(app);

        var code = await RequestCallbackAsync(app);
        await WaitUntilAsync(UnansweredAsync, "the request to be unanswered at the top");
        await WaitForTextToAsync(Wso);

        Assert.Equal(2, twilio.Messages.Count(m => m["To"] == RscChair)); // the 500, then the retry
        AssertOneTextEach(code);
        await using var db = Db();
        Assert.Equal(1,
            await db.QuerySingleAsync<int>("select count(*)::int from request_recipients where phone = @RscChair",
            new { RscChair }));
    }

    static async Task<string> TextAsync(PhonelineApp app, string from, string body)
    {
        using var client = app.CreateClient();
        var response = await client.PostTwilioAsync("/sms/incoming", new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["AccountSid"] = PhonelineApp.AccountSid,
            ["From"] = from, ["To"] = DemoData.HelplineNumber, ["Body"] = body,
        });
        return (await response.ReadTwimlAsync()).XPathSelectElement("/Response/Message")!.Value;
    }
}
