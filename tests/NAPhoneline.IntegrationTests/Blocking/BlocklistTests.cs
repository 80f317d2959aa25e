using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using System.Xml.XPath;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NAPhoneline.Blocking;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Blocking;

// CONTRACT 15: the blocklist, BLOCK by text and the robocall screen, through signed webhooks and the admin API on
// real PostgreSQL. The clock: Tuesday 12:00 in San Diego; Pat (+16195550121) answers first.
[Collection(DatabaseCollection.Name)]
public sealed class BlocklistTests(TestDatabase database) : IAsyncLifetime
{
    const string Caller = "+16195550142", Other = "+16195550143", Pat = "+16195550121";
    readonly FakeTwilio twilio = new();
    PhonelineApp app = null!;
    HttpClient client = null!;

    public async Task InitializeAsync()
    {
        app = new PhonelineApp(database, new Dictionary<string, string?> { ["Telephony:ApiBaseUrl"] = twilio.Url });
        await database.ResetAsync();
        await DemoData.ImportAsync(app);
        client = app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        twilio.Dispose();
    }

    async Task<XDocument> CallAsync(string from, string sid) =>
        await (await client.PostTwilioAsync("/voice/incoming", TwilioRequests.Call(DemoData.HelplineNumber, from,
            sid))).ReadTwimlAsync();

    async Task<XDocument> TextAsync(string from, string body) =>
        await (await client.PostTwilioAsync("/sms/incoming", new Dictionary<string, string>
        {
            ["MessageSid"] = "SM-" + Guid.NewGuid().ToString("N"), ["From"] = from, ["To"] = DemoData.HelplineNumber,
            ["Body"] = body,
        })).ReadTwimlAsync();

    static bool Rejected(XDocument twiml) => twiml.XPathSelectElement("/Response/Reject") is not null
        && twiml.Root!.Elements().Count() == 1;

    async Task<HttpResponseMessage> BlockAsync(object body)
    {
        using var admin = app.CreateAdminClient();
        return await admin.PostAsJsonAsync("/admin/api/blocklist", body);
    }

    NpgsqlConnection Db() => new(database.ConnectionString);

    [Fact]
    public async Task A_blocked_number_is_rejected_and_its_texts_get_no_reply_and_nothing_keeps_the_number()
    {
        var added = await BlockAsync(new { number = Caller, reason = "robocalls every night" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var entry = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("+1619***0142", entry.GetProperty("numberMasked").GetString());

        Assert.True(Rejected(await CallAsync(Caller, "CA-blocked-1")));
        Assert.False(Rejected(await CallAsync(Other, "CA-free-1")));
        Assert.Empty((await TextAsync(Caller, "HELP")).Root!.Elements());
        Assert.NotEmpty((await TextAsync(Other, "HELP")).Root!.Elements());
        // Nothing rang and nothing was texted for the blocked one.
        Assert.DoesNotContain(twilio.Messages, m => m["To"] == Caller);

        await app.Services.GetRequiredService<BlockedTally>().FlushAsync();
        await using var db = Db();
        Assert.Equal((1, 1), await db.QuerySingleAsync<(int, int)>(
            "select sum(calls)::int, sum(texts)::int from blocked_counts"));
        // The reports count them, the area's and its region's.
        using var reports = app.CreateAdminClient();
        foreach (var body in new[] { "asc-sd", "rsc-socal" })
        {
            var summary = await reports.GetFromJsonAsync<JsonElement>(
                $"/admin/api/reports/summary?serviceBody={body}&from=2026-11-01&to=2026-11-30");
            Assert.Equal("""{"calls":1,"texts":1}""", summary.GetProperty("blocked").GetRawText());
        }
        // The number is nowhere in clear: not in the blocklist, the audit log or the call record.
        var dump = string.Join("\n", await db.QueryAsync<string>("""
            select row_to_json(b)::text from blocklist b
            union all select row_to_json(a)::text from audit_log a where entity = 'blocklist'
            """));
        Assert.DoesNotContain("5550142", dump, StringComparison.Ordinal);
        using var admin = app.CreateAdminClient();
        Assert.DoesNotContain("5550142", await admin.GetStringAsync("/admin/api/blocklist"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prefixes_withheld_numbers_bodies_and_expiry_each_hold_and_volunteers_are_never_blocked()
    {
        Assert.Equal(HttpStatusCode.Created,
            (await BlockAsync(new { prefix = "+1619555", reason = "test" })).StatusCode);
        Assert.True(Rejected(await CallAsync(Other, "CA-prefix-1")));
        // Pat is a volunteer inside the prefix: never cut off.
        Assert.False(Rejected(await CallAsync(Pat, "CA-prefix-pat")));

        Assert.Equal(HttpStatusCode.Created, (await BlockAsync(new
        {
            anonymous = true, serviceBody = "asc-sd", until = app.Time.GetUtcNow().AddHours(1), reason = "silent calls",
        })).StatusCode);
        Assert.True(Rejected(await CallAsync("+266696687", "CA-anon-1")));
        Assert.True(Rejected(await CallAsync("", "CA-anon-2")));
        // An hour later the anonymous block has run out.
        app.Time.Advance(TimeSpan.FromHours(2));
        Assert.False(Rejected(await CallAsync("+266696687", "CA-anon-3")));

        // Another body's block does not reach San Diego.
        Assert.Equal(HttpStatusCode.Created, (await BlockAsync(new
        {
            number = "+14155550100", serviceBody = "rsc-socal", reason = "region-wide",
        })).StatusCode);
        Assert.True(Rejected(await CallAsync("+14155550100", "CA-region-block")));
    }

    [Theory]
    [InlineData("""{"reason": "nothing to block"}""", "number")]
    [InlineData("""{"number": "+16195550142", "prefix": "+1", "reason": "two"}""", "number")]
    [InlineData("""{"number": "not a number", "reason": "x"}""", "number")]
    [InlineData("""{"prefix": "1900", "reason": "x"}""", "prefix")]
    [InlineData("""{"number": "+16195550142", "serviceBody": "nope", "reason": "x"}""", "serviceBody")]
    [InlineData("""{"number": "+16195550142", "until": "2020-01-01T00:00:00Z", "reason": "x"}""", "until")]
    [InlineData("""{"number": "+16195550142"}""", "reason")]
    public async Task Bad_entries_are_refused_with_problem_details_and_nothing_is_blocked(string json, string field)
    {
        using var admin = app.CreateAdminClient();
        var response = await admin.PostAsync("/admin/api/blocklist",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
        await using var db = Db();
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from blocklist"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/admin/api/blocklist/999")).StatusCode);
    }

    [Fact]
    public async Task BLOCK_by_a_volunteer_blocks_the_caller_of_their_last_call_without_anyone_seeing_the_number()
    {
        var call = new CallFlow(client, "CA-nuisance", from: Caller);
        var dial = await call.AskForAMemberAsync();
        Assert.Equal(Pat, CallFlow.Number(dial).Value);
        await call.LegAnswersAsync(CallFlow.Number(dial), keys: "1");
        await call.DialEndsAsync(dial, "completed", duration: 40);
        await client.PostTwilioAsync("/voice/status", call.Form(("CallStatus", "completed")));
        await app.CallRecordsWrittenAsync();

        var reply = (await TextAsync(Pat, "block")).XPathSelectElement("/Response/Message")!.Value;
        Assert.StartsWith("Blocked until Thu Dec 24 12:00", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("0142", reply, StringComparison.Ordinal);
        // Texted again: one entry, the same answer.
        Assert.Equal(reply, (await TextAsync(Pat, "BLOCK")).XPathSelectElement("/Response/Message")!.Value);
        Assert.True(Rejected(await CallAsync(Caller, "CA-nuisance-2")));

        await using var db = Db();
        var entry = await db.QuerySingleAsync<(string Masked, string By, string Body)>("""
            select x.number_masked, x.created_by, b.key from blocklist x
            join service_bodies b on b.id = x.service_body_id
            """);
        Assert.Equal(("+1619***0142", "Pat R. (+1619***0121) by text", "asc-sd"), entry);

        // Not a volunteer, or no call answered in the past two hours: nobody is blocked.
        Assert.StartsWith("BLOCK is for helpline volunteers",
            (await TextAsync(Other, "BLOCK")).XPathSelectElement("/Response/Message")!.Value, StringComparison.Ordinal);
        app.Time.Advance(TimeSpan.FromHours(3));
        Assert.StartsWith("We found no helpline call",
            (await TextAsync(Pat, "BLOCK")).XPathSelectElement("/Response/Message")!.Value, StringComparison.Ordinal);
        Assert.Equal(1, await db.QuerySingleAsync<int>("select count(*)::int from blocklist"));
    }

    [Fact]
    public async Task Screening_callers_sends_a_caller_who_does_not_press_the_digit_to_the_voicemail()
    {
        using var admin = app.CreateAdminClient();
        var file = DemoData.HelplineJson.Replace("\"strategy\": \"round-robin\",",
            "\"strategy\": \"round-robin\", \"screenCallers\": true,", StringComparison.Ordinal);
        Assert.True((await admin.PutAsync("/admin/api/config",
            new StringContent(file, System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode);

        var person = new CallFlow(client, "CA-screen-ok", from: Other);
        var ask = await person.AskForAMemberAsync();
        var gather = ask.XPathSelectElement("/Response/Gather")!;
        var digit = System.Text.RegularExpressions.Regex.Match(gather.Element("Say")!.Value, @"press (\d)").Groups[1]
            .Value;
        Assert.Null(ask.XPathSelectElement("//Dial"));
        var rang = await person.PostAsync(gather.Attribute("action")!.Value, ("Digits", digit));
        Assert.Equal(Pat, CallFlow.Number(rang).Value);

        var robot = new CallFlow(client, "CA-screen-robot", from: Caller);
        var first = await robot.AskForAMemberAsync();
        var wrong = Wrong(first);
        var again = await robot.PostAsync(first.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value,
            ("Digits", wrong));
        Assert.Contains("That was not", again.XPathSelectElement("/Response/Gather/Say")!.Value,
            StringComparison.Ordinal);
        var voicemail = await robot.PostAsync(again.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value,
            ("Digits", ""));
        Assert.NotNull(voicemail.XPathSelectElement("/Response/Record"));
        Assert.Null(voicemail.XPathSelectElement("//Dial"));
    }

    static string Wrong(XDocument twiml)
    {
        var said = twiml.XPathSelectElement("/Response/Gather/Say")!.Value;
        var digit = System.Text.RegularExpressions.Regex.Match(said, @"press (\d)").Groups[1].Value;
        return digit == "1" ? "2" : "1";
    }
}
