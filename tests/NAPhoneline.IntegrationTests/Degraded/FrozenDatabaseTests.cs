using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using System.Xml.XPath;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;
using NAPhoneline.Shared.Journal;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Degraded;

// PostgreSQL frozen with SIGSTOP (connections accepted, nothing answers: a failover, a full disk, a lost network
// path). The test clock stands at Tuesday 12:00 in San Diego: Pat (+16195550121, Twelfth Step) and Jordan
// (+16195550124) are on duty, in that rotation order.
[Collection(DatabaseCollection.Name)]
public sealed partial class FrozenDatabaseTests(TestDatabase database) : IAsyncLifetime
{
    const string Pat = "+16195550121", Jordan = "+16195550124", Caller = "+16195550142";
    readonly FakeTwilio twilio = new();
    PhonelineApp app = null!;
    HttpClient client = null!;

    public async Task InitializeAsync()
    {
        app = new PhonelineApp(database, new Dictionary<string, string?> { ["Telephony:ApiBaseUrl"] = twilio.Url });
        await database.ResetAsync();
        await DemoData.ImportAsync(app);
        client = app.CreateClient();
        // The place file is read in the background at start-up: not during the measured steps.
        await NAPhoneline.Meetings.Places.PlaceFileWarmUp.Ready;
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        twilio.Dispose();
        if (Directory.Exists(app.JournalFolder)) Directory.Delete(app.JournalFolder, recursive: true);
    }

    NpgsqlConnection Db() => new(database.ConnectionString);

    static Task<XDocument> Step(CallFlow call, string url, string what, params (string, string)[] form) =>
        Outage.WebhookAsync(() => call.PostAsync(url, form), what);

    [PrivateClusterFact]
    public async Task Mid_call_and_between_calls_every_webhook_answers_within_a_second_and_rings_the_volunteers_on_duty()
    {
        // A call while PostgreSQL answers takes Pat, the first in the rotation, and ends.
        var before = new CallFlow(client, "CA-before");
        await before.PostAsync("/voice/incoming");
        Assert.Equal(Pat,
            CallFlow.Number(await before.PostAsync("/voice/menu?lang=en&attempt=0", ("Digits", "2"))).Value);
        await client.PostTwilioAsync("/voice/status", before.Form(("CallStatus", "completed"), ("CallDuration", "20")));

        // The next call starts while PostgreSQL answers; it freezes before the caller presses 2.
        var first = new CallFlow(client, "CA-frozen-1");
        await first.PostAsync("/voice/incoming");

        await using (database.Freeze())
        {
            // The rotation goes on from memory: Jordan, then Pat again.
            var dial = await Step(first, "/voice/menu?lang=en&attempt=0", "menu 2", ("Digits", "2"));
            Assert.Equal(Jordan, CallFlow.Number(dial).Value);
            Assert.Equal(DemoData.HelplineNumber,
                dial.XPathSelectElement("/Response/Dial")!.Attribute("callerId")!.Value);
            var number = CallFlow.Number(dial);
            var whisper = await Step(first, number.Attribute("url")!.Value, "whisper", ("To", Jordan), ("Direction",
                "outbound-dial"));
            Assert.Contains("Press 1 to accept", whisper.XPathSelectElement("/Response/Gather/Say")!.Value,
                StringComparison.Ordinal);
            var accept = await Step(first, whisper.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value,
                "accept",
                ("To", Jordan), ("Digits", "1"));
            Assert.Null(accept.XPathSelectElement("/Response/Hangup"));
            var done = await Step(first, dial.XPathSelectElement("/Response/Dial")!.Attribute("action")!.Value,
                "dial ended",
                ("DialCallStatus", "completed"), ("DialCallDuration", "240"));
            Assert.Equal(["Hangup"], done.Root!.Elements().Select(e => e.Name.LocalName));

            // A new call during the same freeze: the greeting, the menu, and the next volunteer in the rotation.
            var second = new CallFlow(client, "CA-frozen-2", "+16195550143");
            var greeting = await Step(second, "/voice/incoming", "incoming");
            Assert.Contains("San Diego Area", greeting.XPathSelectElement("/Response/Say")!.Value,
                StringComparison.Ordinal);
            var language = await Step(second,
                greeting.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value, "language",
                ("Digits", "1"));
            var menu = language.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value;
            var nextDial = await Step(second, menu, "menu 2", ("Digits", "2"));
            Assert.Equal(Pat, CallFlow.Number(nextDial).Value);
            var hungUp = await Outage.WebhookAsync(() => client.PostTwilioAsync("/voice/status",
                second.Form(("CallStatus", "completed"), ("CallDuration", "30"))), "status");
            Assert.Equal(HttpStatusCode.NoContent, hungUp.StatusCode);

            var health = await client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Contains("degraded", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
        }

        var back = await Outage.WaitUntilHealthyAsync(client, TimeSpan.FromSeconds(5));
        Assert.True(back < TimeSpan.FromSeconds(5));
        // What the calls did during the freeze is in PostgreSQL afterwards, once.
        await app.Services.GetRequiredService<JournalReplayer>().ReplayAsync(CancellationToken.None);
        await app.CallRecordsWrittenAsync();
        await using var db = Db();
        var answered = await db.QuerySingleAsync<(string Outcome, string Phone, int Talk)>("""
            select c.outcome, v.phone, c.talk_seconds from calls c join volunteers v on v.id = c.answered_by
            where c.call_sid = 'CA-frozen-1'
            """);
        Assert.Equal(("answered", Jordan, 240), answered);
        Assert.Equal(["completed"], await db.QueryAsync<string>("""
            select l.status from call_legs l join calls c on c.id = l.call_id
            where c.call_sid = 'CA-frozen-1' order by l.id
            """));
        Assert.Equal("caller-hung-up",
            await db.QuerySingleAsync<string>("select outcome from calls where call_sid = 'CA-frozen-2'"));
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from call_legs where ended_at is null"));
    }

    [PrivateClusterFact]
    public async Task A_Twelfth_Step_request_left_during_a_freeze_texts_its_responder_at_once_and_is_in_PostgreSQL_once_after()
    {
        await using (database.Freeze())
        {
            var call = new CallFlow(client, "CA-frozen-12", Caller);
            await Step(call, "/voice/incoming", "incoming");
            var confirm = await Step(call, "/voice/menu?lang=en&attempt=0", "menu 3", ("Digits", "3"));
            var record = await Step(call, confirm.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value,
                "confirm number",
                ("Digits", "1"));
            var thanks = await Step(call, record.XPathSelectElement("/Response/Record")!.Attribute("action")!.Value,
                "recorded",
                ("RecordingUrl", "https://api.twilio.com/recordings/RE-frozen"), ("RecordingDuration", "12"));
            Assert.Contains("0 1 4 2", thanks.XPathSelectElement("/Response/Say")!.Value, StringComparison.Ordinal);

            // Pat hears of it at once, from the helpline number, without the caller's number: the database is still
            // frozen.
            var sms = Assert.Single(await twilio.WaitForMessagesAsync(1));
            Assert.Equal((Pat, DemoData.HelplineNumber), (sms["To"], sms["From"]));
            Assert.DoesNotContain("0142", sms["Body"], StringComparison.Ordinal);
            var code = CodeIn().Match(sms["Body"]).Value;
            Assert.True(File.Exists(Path.Combine(app.JournalFolder, "journal.jsonl")));
            // The journal keeps the request encrypted (NumberVault): the caller's number is not in the file.
            Assert.DoesNotContain("5550142", await File.ReadAllTextAsync(Path.Combine(app.JournalFolder,
                "journal.jsonl")), StringComparison.Ordinal);

            // Pat takes it, still during the freeze: the number comes back at once.
            var taken = await Outage.WebhookAsync(() => TextAsync(Pat, $"ACK {code}"), "ACK");
            Assert.Contains(Caller, taken, StringComparison.Ordinal);
        }

        await Outage.WaitUntilHealthyAsync(client, TimeSpan.FromSeconds(5));
        await app.Services.GetRequiredService<JournalReplayer>().ReplayAsync(CancellationToken.None);
        // a second replay adds nothing
        await app.Services.GetRequiredService<JournalReplayer>().ReplayAsync(CancellationToken.None);

        using var admin = app.CreateAdminClient();
        var list = JsonDocument.Parse(await admin.GetStringAsync("/admin/api/requests")).RootElement;
        var request = Assert.Single(list.EnumerateArray());
        Assert.Equal("twelfth-step", request.GetProperty("type").GetString());
        Assert.Equal("acknowledged", request.GetProperty("status").GetString());
        var detail = JsonDocument.Parse(
            await admin.GetStringAsync($"/admin/api/requests/{request.GetProperty("code").GetString()}")).RootElement;
        var trail = detail.GetProperty("events").EnumerateArray().Select(e =>
            e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["notified", "journaled", "acknowledged"], trail);

        await using var db = Db();
        Assert.Equal(1, await db.QuerySingleAsync<int>("select count(*)::int from requests"));
        Assert.Equal(Pat, await db.QuerySingleAsync<string>("select phone from request_recipients"));
        // The text that went out during the freeze is recorded as sent, and not sent again.
        Assert.Equal(1, (await db.QueryAsync<string>("select to_number from outbox_sms where sent_at is not null"))
            .Count(to => PhonelineApp.Open(to) == Pat));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.Single(twilio.Messages, m => m["To"] == Pat && m["Body"].Contains("Twelfth Step",
            StringComparison.Ordinal));
        Assert.Equal(1,
            await db.QuerySingleAsync<int>("select count(*)::int from journal_applied where kind = 'Request'"));
    }

    [PrivateClusterFact]
    public async Task An_ACK_for_a_request_made_before_the_freeze_is_noted_and_applied_when_the_database_returns()
    {
        var call = new CallFlow(client, "CA-before-freeze", Caller);
        await call.PostAsync("/voice/incoming");
        var confirm = await call.PostAsync("/voice/menu?lang=en&attempt=0", ("Digits", "3"));
        var record = await call.PostAsync(confirm.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value,
            ("Digits", "1"));
        await call.PostAsync(record.XPathSelectElement("/Response/Record")!.Attribute("action")!.Value,
            ("RecordingUrl", "https://api.twilio.com/recordings/RE-before"), ("RecordingDuration", "8"));
        var code = CodeIn().Match(Assert.Single(await twilio.WaitForMessagesAsync(1))["Body"]).Value;

        await using (database.Freeze())
        {
            var noted = await Outage.WebhookAsync(() => TextAsync(Pat, $"ACK {code}"), "ACK");
            Assert.Contains("noted", noted, StringComparison.Ordinal);
        }

        await Outage.WaitUntilHealthyAsync(client, TimeSpan.FromSeconds(5));
        await app.Services.GetRequiredService<JournalReplayer>().ReplayAsync(CancellationToken.None);
        await using var db = Db();
        Assert.Equal("acknowledged", await db.QuerySingleAsync<string>("select status from requests"));
        // Pat gets the real answer (with the number) once it is recorded.
        var messages = await twilio.WaitForMessagesAsync(2);
        Assert.Contains(messages, m => m["To"] == Pat && m["Body"].Contains(Caller, StringComparison.Ordinal));
    }

    async Task<string> TextAsync(string from, string body)
    {
        var response = await client.PostTwilioAsync("/sms/incoming", new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["AccountSid"] = PhonelineApp.AccountSid,
            ["From"] = from, ["To"] = DemoData.HelplineNumber, ["Body"] = body,
        });
        return (await response.ReadTwimlAsync()).XPathSelectElement("/Response/Message")!.Value;
    }

    [GeneratedRegex(@"\b\d{4,5}\b")]
    private static partial Regex CodeIn();
}
