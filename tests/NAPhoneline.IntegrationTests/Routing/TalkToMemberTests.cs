using System.Xml.XPath;
using Dapper;
using NAPhoneline.IntegrationTests.Infrastructure;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Routing;

// The test clock stands at Tuesday 12:00 in San Diego: the demo roster has Pat (+16195550121, en/es) and
// Jordan (+16195550124, en) on duty, in that rotation order.
[Collection(DatabaseCollection.Name)]
public sealed class TalkToMemberTests(TestDatabase database) : IAsyncLifetime
{
    const string Pat = "+16195550121", Jordan = "+16195550124";
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

    NpgsqlConnection Db() => new(database.ConnectionString);

    [Fact]
    public async Task Volunteer_A_does_not_press_1_and_volunteer_B_accepts()
    {
        var call = new CallFlow(client, "CA-walk-1");

        var first = await call.AskForAMemberAsync();
        Assert.Contains("Please hold", first.XPathSelectElement("/Response/Say")!.Value, StringComparison.Ordinal);
        Assert.Equal(Pat, CallFlow.Number(first).Value);
        Assert.Equal(DemoData.HelplineNumber, first.XPathSelectElement("/Response/Dial")!.Attribute("callerId")!.Value);
        Assert.Equal("20", first.XPathSelectElement("/Response/Dial")!.Attribute("timeout")!.Value);
        var declined = await call.LegAnswersAsync(CallFlow.Number(first), keys: "");
        Assert.NotNull(declined.XPathSelectElement("/Response/Hangup"));

        var second = await call.DialEndsAsync(first, "completed");
        Assert.Contains("still trying", second.XPathSelectElement("/Response/Say")!.Value, StringComparison.Ordinal);
        Assert.Equal(Jordan, CallFlow.Number(second).Value);
        var accepted = await call.LegAnswersAsync(CallFlow.Number(second), keys: "1");
        Assert.Null(accepted.XPathSelectElement("/Response/Hangup"));

        var done = await call.DialEndsAsync(second, "completed", duration: 300);
        Assert.NotNull(done.XPathSelectElement("/Response/Hangup"));
        Assert.Null(done.XPathSelectElement("/Response/Say"));

        await app.CallRecordsWrittenAsync();
        await using var db = Db();
        var record = await db.QuerySingleAsync<(string Outcome, string Answered, int Talk, string Caller,
            string[] Path)>("""
            select c.outcome, v.phone, c.talk_seconds, c.caller_masked, c.path
            from calls c join volunteers v on v.id = c.answered_by where c.call_sid = 'CA-walk-1'
            """);
        Assert.Equal(("answered", Jordan, 300, "+1619***0142"),
            (record.Outcome, record.Answered, record.Talk, record.Caller));
        Assert.Contains("menu:TalkToMember", record.Path);
        Assert.Equal(["unaccepted", "completed"],
            await db.QueryAsync<string>("select status from call_legs order by id"));
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from requests"));
    }

    // CONTRACT 13: Pat's Tuesday shift as a backup. Jordan rings first on every call (the rotation would have
    // started the second call with Pat); ringing at once, Pat joins from the second round.
    [Theory]
    [InlineData("round-robin")]
    [InlineData("simultaneous")]
    public async Task A_backup_on_duty_rings_only_after_the_others(string strategy)
    {
        const string patTuesday =
            "{\"volunteer\": \"v-pat\", \"serviceBody\": \"asc-sd\", \"day\": \"tuesday\", \"start\": \"10:00\", " +
            "\"end\": \"16:00\"";
        var file = DemoData.HelplineJson.Replace(patTuesday, patTuesday + ", \"backup\": true",
            StringComparison.Ordinal)
            .Replace("\"strategy\": \"round-robin\"", $"\"strategy\": \"{strategy}\"", StringComparison.Ordinal);
        Assert.NotEqual(DemoData.HelplineJson, file);
        using (var admin = app.CreateAdminClient())
            Assert.True((await admin.PutAsync("/admin/api/config", new StringContent(file, System.Text.Encoding.UTF8,
                "application/json"))).IsSuccessStatusCode);

        for (var i = 0; i < 2; i++)
        {
            var call = new CallFlow(client, $"CA-backup-{strategy}-{i}");
            var first = await call.AskForAMemberAsync();
            Assert.Equal([Jordan], first.XPathSelectElements("/Response/Dial/Number").Select(n => n.Value));
            var second = await call.DialEndsAsync(first, "no-answer");
            var rung = second.XPathSelectElements("/Response/Dial/Number").Select(n => n.Value).ToList();
            Assert.Contains(Pat, rung);
            Assert.Equal(strategy == "simultaneous" ? [Jordan, Pat] : [Pat], rung);
            await client.PostTwilioAsync("/voice/status", call.Form(("CallStatus", "completed")));
            await app.CallRecordsWrittenAsync();
        }
    }

    [Fact]
    public async Task Nobody_on_duty_goes_to_the_helplines_fallback_then_the_global_one_then_voicemail()
    {
        var noShifts = DemoData.HelplineJson[..DemoData.HelplineJson.IndexOf("\"shifts\"", StringComparison.Ordinal)] +
            "\"shifts\": [] }";
        using (var admin = app.CreateAdminClient())
            Assert.True((await admin.PutAsync("/admin/api/config", new StringContent(
                noShifts.Replace("\"fallbackNumber\": \"+16195550199\"", "\"fallbackNumber\": \"+16195550198\"",
                    StringComparison.Ordinal),
                System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
        var call = new CallFlow(client, "CA-nobody");

        var fallback = await call.AskForAMemberAsync();
        Assert.Equal("+16195550198", CallFlow.Number(fallback).Value);
        Assert.NotNull(CallFlow.Number(fallback).Attribute("url")); // the fallback leg is screened too

        var global = await call.DialEndsAsync(fallback, "no-answer");
        Assert.Equal(PhonelineApp.FallbackNumber, CallFlow.Number(global).Value);

        var voicemail = await call.DialEndsAsync(global, "no-answer");
        Assert.Contains(voicemail.XPathSelectElements("/Response/Say"),
            say => say.Value.Contains("leave your first name", StringComparison.Ordinal));
        Assert.Equal("120", voicemail.XPathSelectElement("/Response/Record")!.Attribute("maxLength")!.Value);
        Assert.NotNull(voicemail.XPathSelectElement("/Response/Hangup"));
    }

    [Fact]
    public async Task Every_leg_failing_ends_in_a_voicemail_request_and_an_sms_to_the_helpline_contact()
    {
        var call = new CallFlow(client, "CA-voicemail");

        var pat = await call.AskForAMemberAsync();
        var jordan = await call.DialEndsAsync(pat, "no-answer");
        var global = await call.DialEndsAsync(jordan, "busy");
        var voicemail = await call.DialEndsAsync(global, "failed");
        var recordAction = voicemail.XPathSelectElement("/Response/Record")!.Attribute("action")!.Value;
        var thanks = await call.PostAsync(recordAction, ("RecordingUrl",
            "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE123"), ("RecordingDuration", "14"));

        Assert.Contains("call you back", thanks.XPathSelectElement("/Response/Say")!.Value, StringComparison.Ordinal);
        await app.CallRecordsWrittenAsync();
        await using var db = Db();
        var request =
            await db.QuerySingleAsync<(string Code, string Type, string Callback, string Recording, string Status)>(
            "select code, type, callback_number, recording_url, status from requests");
        Assert.Matches("^[0-9]{4}$", request.Code);
        Assert.Equal(("voicemail", "+16195550142", "open"), (request.Type, PhonelineApp.Open(request.Callback),
            request.Status));
        var sms = Assert.Single(await twilio.WaitForMessagesAsync(1));
        Assert.Equal("+16195550111", sms["To"]);
        Assert.Equal(DemoData.HelplineNumber, sms["From"]);
        Assert.Contains(request.Code, sms["Body"], StringComparison.Ordinal);
        Assert.Contains($"ACK {request.Code}", sms["Body"], StringComparison.Ordinal);
        // Neither the caller's number nor the recording is in the message: they go to whoever replies ACK.
        Assert.DoesNotContain("RE123", sms["Body"], StringComparison.Ordinal);
        Assert.DoesNotContain("5550142", sms["Body"], StringComparison.Ordinal);
        Assert.Equal("voicemail",
            await db.QuerySingleAsync<string>("select outcome from calls where call_sid = 'CA-voicemail'"));
        Assert.Equal(["no-answer", "busy", "failed"],
            await db.QueryAsync<string>("select status from call_legs order by id"));
    }

    [Fact]
    public async Task Two_concurrent_calls_start_with_different_volunteers_and_a_third_finds_both_busy()
    {
        var calls = Enumerable.Range(1, 2).Select(i => new CallFlow(client, $"CA-concurrent-{i}")).ToList();

        var first = await Task.WhenAll(calls.Select(c => c.AskForAMemberAsync()));
        var third = await new CallFlow(client, "CA-concurrent-3").AskForAMemberAsync();

        Assert.Equal([Pat, Jordan], first.Select(t => CallFlow.Number(t).Value).Order());
        Assert.Equal(PhonelineApp.FallbackNumber, CallFlow.Number(third).Value);
    }

    [Fact]
    public async Task Round_robin_starts_each_new_call_with_the_next_volunteer()
    {
        var starters = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var call = new CallFlow(client, $"CA-rr-{i}");
            starters.Add(CallFlow.Number(await call.AskForAMemberAsync()).Value);
            await client.PostTwilioAsync("/voice/status", call.Form(("CallStatus", "completed")));
        }

        Assert.Equal([Pat, Jordan, Pat], starters);
    }

    [Fact]
    public async Task A_spanish_call_tries_a_spanish_speaker_first()
    {
        var english = new CallFlow(client, "CA-en");
        Assert.Equal(Pat, CallFlow.Number(await english.AskForAMemberAsync()).Value);
        await client.PostTwilioAsync("/voice/status", english.Form(("CallStatus", "completed")));

        var spanish = await new CallFlow(client, "CA-es").AskForAMemberAsync("es");

        Assert.Equal(Pat, CallFlow.Number(spanish).Value); // rotation says Jordan, but only Pat speaks Spanish
        Assert.Equal("es-US", spanish.XPathSelectElement("/Response/Say")!.Attribute("language")!.Value);
    }

    [Fact]
    public async Task The_search_for_a_volunteer_is_bounded_by_max_wait()
    {
        var call = new CallFlow(client, "CA-slow");
        var first = await call.AskForAMemberAsync();

        app.Time.Advance(TimeSpan.FromSeconds(118));
        var next = await call.DialEndsAsync(first, "no-answer");

        Assert.Equal(PhonelineApp.FallbackNumber, CallFlow.Number(next).Value);
    }

    [Fact]
    public async Task A_leg_that_accepts_after_another_leg_took_the_call_is_hung_up()
    {
        var call = new CallFlow(client, "CA-race");
        var first = await call.AskForAMemberAsync();
        await call.LegAnswersAsync(CallFlow.Number(first), "1");

        var late = await call.PostAsync(CallFlow.Number(first).Attribute("url")!.Value);

        Assert.NotNull(late.XPathSelectElement("/Response/Hangup"));
    }

    async Task UseStrategy(string strategy)
    {
        using var admin = app.CreateAdminClient();
        var json = DemoData.HelplineJson.Replace("\"strategy\": \"round-robin\"", $"\"strategy\": \"{strategy}\"",
            StringComparison.Ordinal);
        Assert.True((await admin.PutAsync("/admin/api/config",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Simultaneous_rings_everyone_and_a_voicemail_that_picks_up_does_not_end_the_search()
    {
        await UseStrategy("simultaneous");
        var call = new CallFlow(client, "CA-sim");

        var first = await call.AskForAMemberAsync();
        var numbers = first.XPathSelectElements("/Response/Dial/Number").ToList();
        Assert.Equal([Pat, Jordan], numbers.Select(n => n.Value).Order());
        // Pat's voicemail answers first and hears the prompt, but nobody presses 1.
        await call.LegAnswersAsync(numbers.Single(n => n.Value == Pat), keys: "");

        var second = await call.DialEndsAsync(first, "completed");
        Assert.Equal([Jordan], second.XPathSelectElements("/Response/Dial/Number").Select(n => n.Value));
        await call.LegAnswersAsync(CallFlow.Number(second), keys: "1");
        Assert.NotNull((await call.DialEndsAsync(second, "completed", 90)).XPathSelectElement("/Response/Hangup"));
    }

    [Fact]
    public async Task Random_rings_each_on_duty_volunteer_once_before_the_fallback()
    {
        await UseStrategy("random");
        var call = new CallFlow(client, "CA-random");

        var first = await call.AskForAMemberAsync();
        var second = await call.DialEndsAsync(first, "no-answer");
        var third = await call.DialEndsAsync(second, "no-answer");

        Assert.Equal([Pat, Jordan], new[] { CallFlow.Number(first).Value, CallFlow.Number(second).Value }.Order());
        Assert.Equal(PhonelineApp.FallbackNumber, CallFlow.Number(third).Value);
    }

    [Fact]
    public async Task Two_service_instances_sharing_the_database_never_ring_the_same_volunteer_at_once()
    {
        await using var second = new PhonelineApp(database);
        var other = second.CreateClient();

        var answers = await Task.WhenAll(
            new CallFlow(client, "CA-instance-a").AskForAMemberAsync(),
            new CallFlow(other, "CA-instance-b").AskForAMemberAsync());

        Assert.Equal([Pat, Jordan], answers.Select(t => CallFlow.Number(t).Value).Order());
    }
}
