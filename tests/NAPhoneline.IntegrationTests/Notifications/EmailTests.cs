using System.Net;
using System.Text.Json;
using System.Xml.XPath;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;
using NAPhoneline.Notifications;
using Npgsql;
using NodaTime;

namespace NAPhoneline.IntegrationTests.Notifications;

// Email as a second channel (issue 12), against a real SMTP server on loopback: a voicemail left through signed
// webhooks reaches the helpline contact's address with the recording attached, and the outbox holds up when the
// server is away, when two senders race, and when email is off. The clock starts Tue 2026-11-24 12:00 San Diego.
[Collection(DatabaseCollection.Name)]
public sealed class EmailTests(TestDatabase database) : IAsyncLifetime
{
    const string ChairEmail = "helpline-chair@sandiegona.test";
    // A recording of the test account, so the service fetches it from the fake Twilio with its credentials.
    const string Recording = $"https://api.twilio.com/2010-04-01/Accounts/{PhonelineApp.AccountSid}/Recordings/RE1";

    readonly FakeTwilio twilio = new();
    readonly LoopbackSmtp smtp = new();
    PhonelineApp app = null!;

    public async Task InitializeAsync()
    {
        EmailSender.PollInterval = TimeSpan.FromMilliseconds(100);
        await database.ResetAsync();
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
            if (Directory.Exists(app.JournalFolder)) Directory.Delete(app.JournalFolder, recursive: true);
        }
        await smtp.DisposeAsync();
        twilio.Dispose();
    }

    async Task StartAsync(bool email = true, bool smtpUp = true)
    {
        var settings = new Dictionary<string, string?> { ["Telephony:ApiBaseUrl"] = twilio.Url };
        if (email)
        {
            settings["Smtp:Host"] = "127.0.0.1";
            settings["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Smtp:Security"] = "None";
            settings["Smtp:From"] = "NA Helpline <helpline@sandiegona.test>";
        }
        if (smtpUp) await smtp.StartAsync();
        app = new PhonelineApp(database, settings);
        Assert.Equal(HttpStatusCode.OK, (await PutConfigAsync(DemoWithEmail(ChairEmail))).StatusCode);
    }

    // The demo helpline, its helpline chair with an email address.
    static string DemoWithEmail(string email) => DemoData.HelplineJson.Replace("\"phone\": \"+16195550111\"",
        $"\"phone\": \"+16195550111\", \"email\": \"Helpline Chair <{email}>\"", StringComparison.Ordinal);

    async Task<HttpResponseMessage> PutConfigAsync(string json)
    {
        using var admin = app.CreateAdminClient();
        using var body = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return await admin.PutAsync("/admin/api/config", body);
    }

    // Nobody answers: the volunteers, the helpline's fallback and the global one ring out; the caller leaves a
    // voicemail and hangs up.
    async Task LeaveVoicemailAsync(string recording = Recording)
    {
        using var client = app.CreateClient();
        var call = new CallFlow(client, "CA-email-voicemail");
        var twiml = await call.AskForAMemberAsync();
        for (var i = 0; twiml.XPathSelectElement("/Response/Dial") is not null; i++)
        {
            Assert.True(i < 10, "the chain never reached voicemail");
            app.Time.Advance(TimeSpan.FromSeconds(21));
            twiml = await call.DialEndsAsync(twiml, "no-answer");
        }
        var record = twiml.XPathSelectElement("/Response/Record")!;
        await call.PostAsync(record.Attribute("action")!.Value, ("RecordingUrl", recording),
            ("RecordingDuration", "12"));
        await client.PostTwilioAsync("/voice/status", call.Form(("CallStatus", "completed")));
        await app.CallRecordsWrittenAsync();
    }

    NpgsqlConnection Db() => new(database.ConnectionString);

    async Task<(int Queued, int Sent)> OutboxAsync()
    {
        await using var db = Db();
        return await db.QuerySingleAsync<(int, int)>(
            "select count(*)::int, count(sent_at)::int from outbox_email");
    }

    async Task<string> ScrapeMetricsAsync()
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/metrics";
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
        });
        using var reader = new StreamReader(context.Response.Body);
        return await reader.ReadToEndAsync();
    }

    static string Text(MimeMessage message) => (message.TextBody ?? "").ReplaceLineEndings("\n");

    [Fact]
    public async Task A_voicemail_reaches_the_helpline_contact_by_email_with_the_recording_attached()
    {
        await StartAsync();

        await LeaveVoicemailAsync();

        var message = Assert.Single(await smtp.WaitForAsync(1));
        await using var db = Db();
        var code = await db.QuerySingleAsync<string>("select code from requests where type = 'voicemail'");
        Assert.Equal(ChairEmail, Assert.Single(message.To.Mailboxes).Address);
        Assert.Equal("helpline@sandiegona.test", Assert.Single(message.From.Mailboxes).Address);
        Assert.Equal($"NA helpline: a voicemail, request {code}", message.Subject);
        // The words of the text the chair got, and the request's page in the console.
        var sms = Assert.Single(await twilio.WaitForMessagesAsync(1), m => m["To"] == "+16195550111");
        Assert.StartsWith(sms["Body"], Text(message), StringComparison.Ordinal);
        Assert.Contains($"{PhonelineApp.PublicBaseUrl}/console/requests/{code}", Text(message),
            StringComparison.Ordinal);
        var audio = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal(("audio/mpeg", $"request-{code}.mp3"), (audio.ContentType.MimeType, audio.FileName));
        using var bytes = new MemoryStream();
        await audio.Content!.DecodeToAsync(bytes);
        Assert.Equal(FakeTwilio.RecordingBody, bytes.ToArray());
        Assert.Single(twilio.RecordingFetches);
        // Never the caller's number.
        Assert.DoesNotContain("0142", message.ToString(), StringComparison.Ordinal);
        for (var i = 0; i < 40 && (await OutboxAsync()).Sent == 0; i++) await Task.Delay(50);
        Assert.Equal((1, 1), await OutboxAsync());
        Assert.True(await db.QuerySingleAsync<bool>("select attached from outbox_email"));
    }

    [Fact]
    public async Task A_voicemail_nobody_takes_reaches_the_escalation_contact_up_the_ladder_by_email()
    {
        await StartAsync();
        // Only the region's chair has an address; the area's helpline chair is texted alone.
        Assert.Equal(HttpStatusCode.OK, (await PutConfigAsync(DemoData.HelplineJson.Replace(
            "\"phone\": \"+13105550101\"", "\"phone\": \"+13105550101\", \"email\": \"rsc-chair@socalna.test\"",
            StringComparison.Ordinal))).StatusCode);

        await LeaveVoicemailAsync();
        await Task.Delay(300);
        Assert.Equal((0, 0), await OutboxAsync());
        app.Time.Advance(TimeSpan.FromMinutes(30));
        await using var db = Db();
        var id = await db.QuerySingleAsync<long>("select id from requests where type = 'voicemail'");
        await app.Services.GetRequiredService<NAPhoneline.Requests.EscalationJob>().StepAsync(id, 0,
            Instant.FromDateTimeOffset(app.Time.GetUtcNow()), CancellationToken.None);

        var message = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal("rsc-chair@socalna.test", Assert.Single(message.To.Mailboxes).Address);
        Assert.StartsWith("Not taken at San Diego Area within 30 min.", Text(message), StringComparison.Ordinal);
        Assert.Single(message.Attachments);
    }

    [Fact]
    public async Task A_voicemail_left_while_the_database_is_unavailable_is_emailed_once_it_is_back()
    {
        await StartAsync();
        var breaker = app.Services.GetRequiredService<NAPhoneline.Data.DatabaseBreaker>();

        breaker.Trip("test: database unavailable");
        await LeaveVoicemailAsync();
        Assert.True(File.Exists(Path.Combine(app.JournalFolder, "journal.jsonl")));
        breaker.Restore();
        var replayer = app.Services.GetRequiredService<NAPhoneline.Shared.Journal.JournalReplayer>();
        await replayer.ReplayAsync(CancellationToken.None);
        await replayer.ReplayAsync(CancellationToken.None); // a second replay queues nothing more

        var message = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal(ChairEmail, Assert.Single(message.To.Mailboxes).Address);
        Assert.Single(message.Attachments);
        await Task.Delay(300);
        Assert.Equal((1, 1), await OutboxAsync());
    }

    [Fact]
    public async Task A_recording_that_cannot_be_fetched_is_left_out_after_the_retries_and_the_email_says_so()
    {
        await StartAsync();

        // Not a recording of this account: the service never fetches it, and never sends the credentials there.
        await LeaveVoicemailAsync("https://api.twilio.com/2010-04-01/Accounts/ACother/Recordings/RE9");
        for (var attempt = 1; attempt < EmailSender.RecordingTries; attempt++)
        {
            await using var db = Db();
            for (var i = 0; i < 100 && await db.QuerySingleAsync<int>("select attempts from outbox_email") < attempt;
                 i++) await Task.Delay(20);
            Assert.Empty(smtp.Received);
            app.Time.Advance(TimeSpan.FromSeconds(Math.Pow(2, attempt)));
        }

        var message = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Empty(message.Attachments);
        Assert.Contains("We could not fetch the recording, so it is not attached.", Text(message),
            StringComparison.Ordinal);
        Assert.Contains($"{PhonelineApp.PublicBaseUrl}/console/requests/", Text(message), StringComparison.Ordinal);
        Assert.Empty(twilio.RecordingFetches);
    }

    [Fact]
    public async Task While_the_mail_server_is_down_the_email_waits_and_is_delivered_once_when_it_is_back()
    {
        await StartAsync(smtpUp: false);
        var now = Instant.FromDateTimeOffset(app.Time.GetUtcNow());

        await app.Services.GetRequiredService<EmailOutbox>()
            .QueueAsync(ChairEmail, "Daily digest", "No gaps in the next 7 days.", now, CancellationToken.None);
        await using var db = Db();
        for (var i = 0; i < 100 && await db.QuerySingleAsync<int>("select attempts from outbox_email") == 0; i++)
            await Task.Delay(50);
        Assert.StartsWith("smtp:", await db.QuerySingleAsync<string>("select last_error from outbox_email"),
            StringComparison.Ordinal);
        // Operators see it waiting on /metrics.
        await app.Services.GetRequiredService<EmailSender>().CountBacklogAsync(CancellationToken.None);
        var metrics = await ScrapeMetricsAsync();
        Assert.Matches("""(?m)^naphoneline_outbox_backlog\{[^}]*box="email"[^}]*\} 1\b""", metrics);
        Assert.Matches("""(?m)^naphoneline_send_failures_total\{[^}]*channel="email",final="false"[^}]*\} [1-9]""",
            metrics);
        await smtp.StartAsync();
        await Task.Delay(300);
        Assert.Empty(smtp.Received); // not before its back-off
        app.Time.Advance(TimeSpan.FromSeconds(2));

        var message = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal(("Daily digest", "No gaps in the next 7 days."), (message.Subject, Text(message).TrimEnd()));
        await Task.Delay(500);
        Assert.Single(smtp.Received);
        Assert.Equal((1, 1), await OutboxAsync());
        Assert.Equal(2, await db.QuerySingleAsync<int>("select attempts from outbox_email"));
    }

    [Fact]
    public async Task An_address_the_server_refuses_is_given_up_at_once_and_holds_up_no_other_email()
    {
        await StartAsync();
        smtp.Refuse("gone@sandiegona.test");
        var now = Instant.FromDateTimeOffset(app.Time.GetUtcNow());
        var outbox = app.Services.GetRequiredService<EmailOutbox>();

        await outbox.QueueAsync("gone@sandiegona.test", "Daily digest", "Gaps: none.", now, CancellationToken.None);
        await outbox.QueueAsync(ChairEmail, "Daily digest", "Gaps: none.", now, CancellationToken.None);

        var message = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal(ChairEmail, Assert.Single(message.To.Mailboxes).Address);
        await using var db = Db();
        var (attempts, sent, error) = (await db.QueryAsync<(string To, int, DateTime?, string)>(
                "select to_address, attempts, sent_at, last_error from outbox_email"))
            .Where(r => PhonelineApp.Open(r.To) == "gone@sandiegona.test").Select(r => (r.Item2, r.Item3, r.Item4))
            .Single();
        Assert.Equal((EmailSender.MaxAttempts, (DateTime?)null), (attempts, sent));
        Assert.StartsWith("smtp:", error, StringComparison.Ordinal);
        app.Time.Advance(TimeSpan.FromHours(3));
        await Task.Delay(300);
        Assert.Single(smtp.Received); // never tried again
    }

    [Fact]
    public async Task Two_senders_at_once_send_each_email_once()
    {
        await StartAsync();
        var now = Instant.FromDateTimeOffset(app.Time.GetUtcNow());
        const int Count = 20;
        var emails = Enumerable.Range(1, Count)
            .Select(n => new OutgoingEmail($"member{n}@sandiegona.test", $"Email {n}", $"Body {n}")).ToList();
        var senders = Enumerable.Range(0, 2)
            .Select(_ => ActivatorUtilities.CreateInstance<EmailSender>(app.Services)).ToList();
        await using (var db = Db())
        {
            await db.OpenAsync();
            await app.Services.GetRequiredService<EmailOutbox>().QueueAsync(db, null, emails, now,
                CancellationToken.None);
        }

        // Both extra senders race each other and the service's own one.
        await Task.WhenAll(senders.Select(s => Task.Run(async () =>
        {
            while (await s.SendOneAsync(CancellationToken.None)) { }
        })));

        var received = await smtp.WaitForAsync(Count);
        await Task.Delay(300);
        Assert.Equal(Count, smtp.Received.Count);
        Assert.Equal(Enumerable.Range(1, Count).Select(n => $"Email {n}").Order(),
            received.Select(m => m.Subject).Order());
        Assert.Equal(Count, received.Select(m => m.MessageId).Distinct().Count());
        for (var i = 0; i < 40 && (await OutboxAsync()).Sent < Count; i++) await Task.Delay(50);
        Assert.Equal((Count, Count), await OutboxAsync());
    }

    [Fact]
    public async Task A_bad_address_in_the_configuration_is_a_clear_import_error()
    {
        await StartAsync();

        var response = await PutConfigAsync(DemoData.HelplineJson.Replace("\"phone\": \"+16195550111\"",
            "\"phone\": \"+16195550111\", \"email\": \"helpline chair at sandiegona\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        var error = errors.GetProperty("serviceBodies[asc-sd].contacts[0].email")[0].GetString();
        Assert.Contains("'helpline chair at sandiegona' is not an email address", error, StringComparison.Ordinal);
        // Nothing changed: the address imported before is still there.
        await using var db = Db();
        Assert.Equal($"Helpline Chair <{ChairEmail}>", await db.QuerySingleAsync<string>(
            "select email from contacts where phone = '+16195550111'"));
    }

    [Fact]
    public async Task A_changed_address_is_in_the_audit_log_masked()
    {
        await StartAsync();

        Assert.Equal(HttpStatusCode.OK, (await PutConfigAsync(DemoWithEmail("chair2@sandiegona.test"))).StatusCode);

        await using var db = Db();
        var (before, after) = await db.QuerySingleAsync<(string, string)>("""
            select before::text, after::text from audit_log where entity_key = 'asc-sd' order by id desc limit 1
            """);
        Assert.Contains("he***@sandiegona.test", before, StringComparison.Ordinal);
        Assert.Contains("ch***@sandiegona.test", after, StringComparison.Ordinal);
        Assert.DoesNotContain("chair2@", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_Smtp_Host_a_voicemail_is_texted_and_no_email_is_queued()
    {
        await StartAsync(email: false);

        await LeaveVoicemailAsync();

        Assert.Contains(await twilio.WaitForMessagesAsync(1), m => m["To"] == "+16195550111");
        await Task.Delay(300);
        Assert.Equal((0, 0), await OutboxAsync());
        Assert.Empty(smtp.Received);
    }

    [Fact]
    public void Bad_Smtp_settings_stop_start_up_naming_the_key()
    {
        using var bad = new PhonelineApp(database, new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "smtp.example.org", ["Smtp:Security"] = "None", ["Smtp:From"] = "",
        });

        var error = Record.Exception(() => bad.CreateClient());

        Assert.NotNull(error);
        var text = error.ToString();
        Assert.Contains("Smtp:From is required", text, StringComparison.Ordinal);
        Assert.Contains("Smtp:Security None", text, StringComparison.Ordinal);
    }
}
