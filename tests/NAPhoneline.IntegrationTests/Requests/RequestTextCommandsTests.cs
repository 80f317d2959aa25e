using System.Xml.XPath;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.Requests;
using NAPhoneline.Shared.Requests;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Requests;

// ACK, DONE and CALL by text (CONTRACT 7) on a Twelfth Step request, with the demo roster on a Tuesday at 17:00 in
// San Diego, when Pat and Sam (both Twelfth Step volunteers) are on duty.
[Collection(DatabaseCollection.Name)]
public sealed class RequestTextCommandsTests(TestDatabase database) : IAsyncLifetime
{
    const string Pat = "+16195550121", Sam = "+16195550122", Alex = "+16195550123", Caller = "+16195550142";
    const string Recording = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE77";

    readonly FakeTwilio twilio = new();
    PhonelineApp app = null!;
    HttpClient client = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        app = new PhonelineApp(database, new Dictionary<string, string?> { ["Telephony:ApiBaseUrl"] = twilio.Url });
        app.Time.Advance(TimeSpan.FromHours(5));
        await DemoData.ImportAsync(app);
        client = app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        twilio.Dispose();
    }

    async Task<CreatedRequest> TwelfthStepAsync(string? callback = Caller)
    {
        await using var db = new NpgsqlConnection(database.ConnectionString);
        var body = await db.QuerySingleAsync<long>("select id from service_bodies where key = 'asc-sd'");
        return await app.Services.GetRequiredService<RequestStore>().CreateAsync(
            new NewRequest(RequestTypes.TwelfthStep, body, "helpline", "en", callback, Recording, null,
                DemoData.HelplineNumber),
            NodaTime.Instant.FromDateTimeOffset(app.Time.GetUtcNow()), CancellationToken.None);
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

    NpgsqlConnection Db() => new(database.ConnectionString);

    [Fact]
    public async Task A_Twelfth_Step_request_goes_to_the_on_duty_responders_and_the_first_ACK_gets_the_number()
    {
        var request = await TwelfthStepAsync();
        Assert.Equal(2, request.Notified);

        var notices = await twilio.WaitForMessagesAsync(2);
        Assert.Equal([Pat, Sam], notices.Select(m => m["To"]).Order());
        Assert.All(notices, m =>
        {
            Assert.Equal(DemoData.HelplineNumber, m["From"]);
            Assert.Contains($"ACK {request.Code}", m["Body"], StringComparison.Ordinal);
            Assert.DoesNotContain("5550142", m["Body"], StringComparison.Ordinal);
            Assert.DoesNotContain("RE77", m["Body"], StringComparison.Ordinal);
        });

        var taken = await TextAsync(Sam, $" ack {request.Code} ");
        Assert.Contains(Caller, taken, StringComparison.Ordinal);
        Assert.Contains(Recording, taken, StringComparison.Ordinal);
        Assert.Contains($"DONE {request.Code}", taken, StringComparison.Ordinal);

        var late = await TextAsync(Pat, $"ACK {request.Code}");
        Assert.Contains("taken by another member", late, StringComparison.Ordinal);
        Assert.DoesNotContain("5550142", late, StringComparison.Ordinal);
        var toPat = await twilio.WaitForMessagesAsync(3);
        Assert.Contains("taken by another member", toPat.Last(m => m["To"] == Pat)["Body"], StringComparison.Ordinal);
        Assert.DoesNotContain(toPat,
            m => m["To"] == Sam && m["Body"].Contains("taken by another", StringComparison.Ordinal));

        // Asking again is harmless: the taker gets the details again.
        Assert.Contains(Caller, await TextAsync(Sam, $"ACK {request.Code}"), StringComparison.Ordinal);
        await using var db = Db();
        Assert.Equal(("acknowledged", "Sam T."), await db.QuerySingleAsync<(string, string)>(
            "select r.status, p.name from requests r join request_recipients p on p.id = r.acknowledged_by"));
    }

    [Fact]
    public async Task ACK_or_DONE_from_a_number_that_was_not_told_is_refused_and_changes_nothing()
    {
        var request = await TwelfthStepAsync();

        Assert.Contains("was not sent to this phone", await TextAsync(Alex, $"ACK {request.Code}"),
            StringComparison.Ordinal);
        Assert.Contains("was not sent to this phone", await TextAsync(Caller, $"DONE {request.Code}"),
            StringComparison.Ordinal);
        Assert.Contains("only the member who took", (await TextAsync(Pat, $"CALL {request.Code}")).ToLowerInvariant(),
            StringComparison.Ordinal);

        await using var db = Db();
        Assert.Equal("open", await db.QuerySingleAsync<string>("select status from requests"));
        Assert.Equal(["notified"], await db.QueryAsync<string>("select kind from request_events order by id"));
    }

    [Fact]
    public async Task DONE_by_someone_other_than_the_taker_is_refused_and_by_the_taker_closes_it()
    {
        var request = await TwelfthStepAsync();
        await TextAsync(Pat, $"ACK {request.Code}");

        Assert.Contains("taken by another member", await TextAsync(Sam, $"DONE {request.Code}"),
            StringComparison.Ordinal);
        Assert.Contains("is closed", await TextAsync(Pat, $"done #{request.Code}"), StringComparison.Ordinal);
        Assert.Contains("is closed", await TextAsync(Pat, $"DONE {request.Code}"), StringComparison.Ordinal);

        await using var db = Db();
        Assert.Equal("resolved", await db.QuerySingleAsync<string>("select status from requests"));
        Assert.Equal(["notified", "acknowledged", "resolved"],
            await db.QueryAsync<string>("select kind from request_events order by id"));
    }

    [Theory]
    [InlineData("ACK")]
    [InlineData("ACK please")]
    [InlineData("DONE 12")]
    [InlineData("CALL 1234567")]
    public async Task A_command_without_a_code_explains_how_to_use_it(string body)
    {
        Assert.Contains("for example ACK 4821", await TextAsync(Pat, body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_code_is_answered_plainly()
    {
        Assert.Contains("There is no open request 9999", await TextAsync(Pat, "ACK 9999"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CALL_rings_the_taker_from_the_helpline_and_bridges_them_to_the_requester()
    {
        var request = await TwelfthStepAsync();
        await TextAsync(Pat, $"ACK {request.Code}");

        Assert.Contains("calling you now", await TextAsync(Pat, $"CALL {request.Code}"), StringComparison.Ordinal);
        for (var i = 0; i < 100 && twilio.Calls.Count == 0; i++) await Task.Delay(50);
        var call = Assert.Single(twilio.Calls);
        Assert.Equal((Pat, DemoData.HelplineNumber), (call["To"], call["From"]));
        Assert.Equal($"{PhonelineApp.PublicBaseUrl}/voice/requests/bridge?request={request.Id}", call["Url"]);

        // Pat answers the service's call: press 1, then the requester is dialled with the helpline's number shown.
        var leg = TwilioRequests.Call(to: Pat, from: DemoData.HelplineNumber, callSid: "CA-bridge");
        var whisper = await (await client.PostTwilioAsync($"/voice/requests/bridge?request={request.Id}", leg))
            .ReadTwimlAsync();
        var accept = whisper.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value;
        Assert.Contains(string.Join(' ', request.Code.ToCharArray()),
            whisper.XPathSelectElement("/Response/Gather/Say")!.Value, StringComparison.Ordinal);

        var dial = await (await client.PostTwilioAsync(accept, leg.With("Digits", "1"))).ReadTwimlAsync();
        Assert.Equal(DemoData.HelplineNumber, dial.XPathSelectElement("/Response/Dial")!.Attribute("callerId")!.Value);
        Assert.Equal(Caller, dial.XPathSelectElement("/Response/Dial/Number")!.Value);
        var hello = dial.XPathSelectElement("/Response/Dial/Number")!.Attribute("url")!.Value;
        Assert.Contains("returning your call",
            (await (await client.PostTwilioAsync(hello, leg)).ReadTwimlAsync()).Root!.Value,
            StringComparison.Ordinal);

        var ended = dial.XPathSelectElement("/Response/Dial")!.Attribute("action")!.Value;
        var bye = await (await client.PostTwilioAsync(ended,
            leg.With("DialCallStatus", "completed").With("DialCallDuration", "95"))).ReadTwimlAsync();
        Assert.NotNull(bye.XPathSelectElement("/Response/Hangup"));
        await using var db = Db();
        Assert.Equal("completed, 95 s",
            await db.QuerySingleAsync<string>("select detail from request_events where kind = 'bridged'"));
    }

    [Fact]
    public async Task The_bridge_refuses_a_phone_other_than_the_taker()
    {
        var request = await TwelfthStepAsync();
        await TextAsync(Pat, $"ACK {request.Code}");

        var response = await client.PostTwilioAsync($"/voice/requests/bridge?request={request.Id}",
            TwilioRequests.Call(to: Sam, from: DemoData.HelplineNumber));
        var twiml = await response.ReadTwimlAsync();
        Assert.Equal(["Hangup"], twiml.Root!.Elements().Select(e => e.Name.LocalName));
        var accept = await client.PostTwilioAsync($"/voice/requests/bridge-accept?request={request.Id}",
            TwilioRequests.Call(to: Sam, from: DemoData.HelplineNumber).With("Digits", "1"));
        Assert.Null((await accept.ReadTwimlAsync()).XPathSelectElement("/Response/Dial"));
    }

    [Fact]
    public async Task Without_an_on_duty_responder_a_Twelfth_Step_request_goes_to_the_helpline_chair()
    {
        // The operator's way: the configuration file, with nobody marked for Twelfth Step calls.
        using (var admin = app.CreateAdminClient())
            Assert.True((await admin.PutAsync("/admin/api/config", new StringContent(
                DemoData.HelplineJson.Replace("\"twelfthStep\": true", "\"twelfthStep\": false",
                    StringComparison.Ordinal),
                System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode);

        var request = await TwelfthStepAsync();

        var sms = Assert.Single(await twilio.WaitForMessagesAsync(1));
        Assert.Equal("+16195550111", sms["To"]);
        Assert.Contains("no on-duty member has taken it", sms["Body"], StringComparison.Ordinal);
        Assert.Contains(request.Code, sms["Body"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Numbers_of_a_closed_request_are_removed_after_thirty_days()
    {
        var request = await TwelfthStepAsync();
        await TextAsync(Pat, $"ACK {request.Code}");
        await TextAsync(Pat, $"DONE {request.Code}");
        var retention = app.Services.GetRequiredService<RequestRetention>();

        app.Time.Advance(TimeSpan.FromDays(29));
        Assert.Equal(0, await retention.PurgeAsync(CancellationToken.None));
        app.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await retention.PurgeAsync(CancellationToken.None));

        await using var db = Db();
        Assert.Equal((null, null),
            await db.QuerySingleAsync<(string?, string?)>("select callback_number, recording_url from requests"));
        Assert.DoesNotContain(await db.QueryAsync<string>("select phone from request_recipients"),
            p => p.StartsWith('+'));
        // the audit trail stays
        Assert.Equal(3, await db.QuerySingleAsync<int>("select count(*)::int from request_events"));
    }

    [Fact]
    public async Task A_deadline_for_Twelfth_Step_requests_imported_with_the_area_sets_when_the_first_step_runs_out()
    {
        using (var admin = app.CreateAdminClient())
        {
            var config = DemoData.HelplineJson.Replace("\"acknowledgeWithin\": \"00:30:00\"",
                "\"acknowledgeWithin\": \"00:30:00\", \"byType\": { \"twelfth-step\": \"00:10:00\" }",
                StringComparison.Ordinal);
            var response = await admin.PutAsync("/admin/api/config",
                new StringContent(config, System.Text.Encoding.UTF8, "application/json"));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        await TwelfthStepAsync();

        await using var db = Db();
        Assert.Equal(600,
            await db.QuerySingleAsync<int>("select extract(epoch from due_at - created_at)::int from requests"));
    }
}
