using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using System.Xml.XPath;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;
using NAPhoneline.Notifications;
using NAPhoneline.Shared.Privacy;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Requests;

// Issue 14, bullet 5 (CONTRACT 15): caller numbers rest encrypted under Privacy:Key; a person or Twilio still gets
// them where they need them (the ACK reply, the CALL bridge), and `rotate-key` moves everything to a new key.
// Demo roster, a Tuesday at 17:00 in San Diego: Pat and Sam (Twelfth Step volunteers) are on duty.
[Collection(DatabaseCollection.Name)]
public sealed class NumbersAtRestTests(TestDatabase database) : IAsyncLifetime
{
    const string Pat = "+16195550121", Caller = "+16195550142", Professional = "+16195550177";
    // Obviously test keys: 32 bytes of 0x08 (the key after a rotation).
    static readonly string NewKey = Convert.ToBase64String(Enumerable.Repeat((byte)8, 32).ToArray());

    readonly FakeTwilio twilio = new();
    PhonelineApp app = null!;
    HttpClient client = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        app = Start();
        await DemoData.ImportAsync(app);
        client = app.CreateClient();
    }

    PhonelineApp Start(IDictionary<string, string?>? privacy = null)
    {
        var settings = new Dictionary<string, string?> { ["Telephony:ApiBaseUrl"] = twilio.Url };
        foreach (var (k, v) in privacy ?? new Dictionary<string, string?>()) settings[k] = v;
        var started = new PhonelineApp(database, settings);
        started.Time.Advance(TimeSpan.FromHours(5));
        return started;
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        twilio.Dispose();
    }

    NpgsqlConnection Db() => new(database.ConnectionString);

    static string Said(XDocument twiml) => string.Join(" ", twiml.XPathSelectElements("//Say").Select(s => s.Value));

    // A Twelfth Step request by voice from the caller's phone, the number confirmed; its code from Pat's text.
    async Task<string> TwelfthStepByVoiceAsync()
    {
        var call = new CallFlow(client, "CA-at-rest", Caller);
        await call.PostAsync("/voice/incoming");
        var confirm = await call.PostAsync("/voice/menu?lang=en&attempt=0", ("Digits", "3"));
        var record = await call.PostAsync(confirm.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value,
            ("Digits", "1"));
        var thanks = await call.PostAsync(record.XPathSelectElement("/Response/Record")!.Attribute("action")!.Value,
            ("RecordingUrl", "https://api.twilio.com/recordings/RE-rest"), ("RecordingDuration", "9"));
        Assert.Contains("ending in 0 1 4 2", Said(thanks), StringComparison.Ordinal);
        await app.CallRecordsWrittenAsync();
        var texts = await twilio.WaitForMessagesAsync(2);
        return System.Text.RegularExpressions.Regex.Match(texts.First(m => m["To"] == Pat)["Body"], @"ACK (\d{4})")
            .Groups[1].Value;
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

    async Task CallbackByAdminApiAsync()
    {
        using var admin = app.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/admin/api/callbacks", new
        {
            name = "Dr. Rivera", organisation = "Mercy Hospital", phone = "619-555-0177",
            reason = "Patient group wants meetings", serviceBody = "asc-sd", role = "pi",
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
    }

    // Every row of the tables that hold caller numbers, as text, and the journal file.
    async Task<string> AtRestAsync()
    {
        await using var db = Db();
        var rows = new List<string>();
        foreach (var table in new[] { "requests", "request_events", "outbox_sms", "outbox_email", "outbox_calls" })
            rows.AddRange(await db.QueryAsync<string>($"select row_to_json(t)::text from {table} t"));
        var journal = Path.Combine(app.JournalFolder, "journal.jsonl");
        if (File.Exists(journal)) rows.Add(await File.ReadAllTextAsync(journal));
        return string.Join("\n", rows);
    }

    static void NoNumberIn(string text)
    {
        foreach (var digits in new[] { "6195550142", "619-555-0142", "5550142", "6195550177", "5550177" })
            Assert.DoesNotContain(digits, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_caller_number_rests_in_clear_yet_the_taker_gets_it_and_the_bridge_dials_it()
    {
        var code = await TwelfthStepByVoiceAsync();
        await CallbackByAdminApiAsync();
        // A text to a caller that names their own number (the meeting list's kind of text, queued in the outbox).
        await app.Services.GetRequiredService<MessageOutbox>().QueueAsync(Caller, DemoData.HelplineNumber,
            $"Meetings near you. We will call {Caller} back.",
            NodaTime.Instant.FromDateTimeOffset(app.Time.GetUtcNow()), CancellationToken.None);

        // Pat takes the Twelfth Step request: the reply carries the caller's number.
        Assert.Contains(Caller, await TextAsync(Pat, $"ACK {code}"), StringComparison.Ordinal);
        Assert.Contains("calling you now", await TextAsync(Pat, $"CALL {code}"), StringComparison.Ordinal);
        await using (var db = Db())
        {
            var id = await db.QuerySingleAsync<long>("select id from requests where code = @code", new { code });
            var leg = TwilioRequests.Call(to: Pat, from: DemoData.HelplineNumber, callSid: "CA-bridge");
            var dial = await (await client.PostTwilioAsync($"/voice/requests/bridge-accept?request={id}",
                leg.With("Digits", "1"))).ReadTwimlAsync();
            Assert.Equal(Caller, dial.XPathSelectElement("/Response/Dial/Number")!.Value);
        }
        // The caller's own text goes to them, opened just before the REST call.
        for (var i = 0; i < 100 && !twilio.Messages.Any(m => m["To"] == Caller); i++) await Task.Delay(50);
        Assert.Contains(twilio.Messages,
            m => m["To"] == Caller && m["Body"].Contains(Caller, StringComparison.Ordinal));

        var atRest = await AtRestAsync();
        NoNumberIn(atRest);
        await using var check = Db();
        var requests = (await check.QueryAsync<(string Callback, string? Hash)>(
            "select callback_number, callback_hash from requests order by id")).ToList();
        Assert.Equal([Caller, Professional], requests.Select(r => PhonelineApp.Open(r.Callback)));
        var hashes = app.Services.GetRequiredService<NumberHashes>();
        Assert.Equal([hashes.Hash(Caller), hashes.Hash(Professional)], requests.Select(r => r.Hash));
        Assert.All(await check.QueryAsync<string>("select to_number from outbox_sms"),
            to => Assert.True(NumberVault.IsProtected(to)));
    }

    [Fact]
    public async Task Rotate_key_moves_every_value_to_the_new_key_and_a_second_run_finds_none()
    {
        var code = await TwelfthStepByVoiceAsync();
        await CallbackByAdminApiAsync();
        var oldPrefix = app.Services.GetRequiredService<NumberVault>().CurrentPrefix;
        // A row written before numbers were encrypted: clear, no hash.
        await using (var db = Db())
            await db.ExecuteAsync("""
                insert into outbox_sms (to_number, from_number, body, created_at, due_at, sent_at)
                values ('+16195550142', '+16195550100', 'Old text for +16195550142', now(), now(), now())
                """);
        await app.DisposeAsync();

        app = Start(new Dictionary<string, string?>
        {
            ["Privacy:Key"] = NewKey, ["Privacy:PreviousKeys:0"] = PhonelineApp.PrivacyKey,
        });
        client = app.CreateClient();
        // Before the rotation the old key's values still read: the taker still gets the number.
        Assert.Contains(Caller, await TextAsync(Pat, $"ACK {code}"), StringComparison.Ordinal);

        var rotation = app.Services.GetRequiredService<KeyRotation>();
        var counts = await rotation.RunAsync(CancellationToken.None);
        Assert.Equal(2, counts.Single(c => c.Table == "requests").Reencrypted);
        Assert.True(counts.Single(c => c.Table == "outbox_sms").Reencrypted >= 3);
        Assert.All(counts, c => Assert.Equal(0, c.Unopened));
        Assert.All(await rotation.RunAsync(CancellationToken.None), c => Assert.Equal(0, c.Reencrypted));

        var vault = app.Services.GetRequiredService<NumberVault>();
        var atRest = await AtRestAsync();
        NoNumberIn(atRest);
        Assert.DoesNotContain(oldPrefix, atRest, StringComparison.Ordinal);
        await using var check = Db();
        var values = (await check.QueryAsync<string>("select callback_number from requests union all "
            + "select to_number from outbox_sms union all select body from outbox_sms")).ToList();
        Assert.All(values, v => Assert.StartsWith(vault.CurrentPrefix, v, StringComparison.Ordinal));
        Assert.Contains("Old text for +16195550142", values.Select(v => vault.Unprotect(v)));
        // The keyed hashes follow the current key too.
        var hashes = app.Services.GetRequiredService<NumberHashes>();
        Assert.Equal([hashes.Hash(Caller), hashes.Hash(Professional)],
            await check.QueryAsync<string>("select callback_hash from requests order by id"));

        // Without the previous key everything still reads.
        await app.DisposeAsync();
        app = Start(new Dictionary<string, string?> { ["Privacy:Key"] = NewKey });
        client = app.CreateClient();
        using var admin = app.CreateAdminClient();
        var view = await admin.GetFromJsonAsync<JsonObject>($"/admin/api/requests/{code}");
        Assert.Equal("+1619***0142", view!["callbackNumber"]!.GetValue<string>());
    }
}
