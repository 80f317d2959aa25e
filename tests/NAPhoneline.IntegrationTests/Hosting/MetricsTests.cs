using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.XPath;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;
using NAPhoneline.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NAPhoneline.IntegrationTests.Hosting;

// CONTRACT 12, GET /metrics: what Prometheus on the host reads after calls made through signed webhooks. The test
// server has no socket, so each scrape sets the connection's address as Kestrel would (loopback, or nginx on
// loopback passing the person's address in X-Forwarded-For).
[Collection(DatabaseCollection.Name)]
public sealed partial class MetricsTests(TestDatabase database) : IAsyncLifetime
{
    const string AnsweredCaller = "+16195550142", VoicemailCaller = "+16195550143";
    readonly FakeTwilio twilio = new();
    PhonelineApp app = null!;
    HttpClient client = null!;

    TestDatabase Database { get; } = database;

    public async Task InitializeAsync()
    {
        app = new PhonelineApp(Database, new Dictionary<string, string?> { ["Telephony:ApiBaseUrl"] = twilio.Url });
        await Database.ResetAsync();
        await DemoData.ImportAsync(app);
        client = app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        twilio.Dispose();
        if (Directory.Exists(app.JournalFolder)) Directory.Delete(app.JournalFolder, recursive: true);
    }

    async Task<(int Status, string Text)> ScrapeAsync(IPAddress? from, string? forwardedFor = null, string? key = null)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/metrics";
            c.Connection.RemoteIpAddress = from;
            if (forwardedFor is not null) c.Request.Headers["X-Forwarded-For"] = forwardedFor;
            if (key is not null) c.Request.Headers.Authorization = "Bearer " + key;
        });
        using var reader = new StreamReader(context.Response.Body);
        return (context.Response.StatusCode, await reader.ReadToEndAsync());
    }

    static double Sample(string text, string metric, params string[] labels)
    {
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(metric + "{", StringComparison.Ordinal)
            && labels.All(x => l.Contains(x, StringComparison.Ordinal)));
        Assert.True(line is not null, $"no {metric} with {string.Join(", ", labels)} in:\n{text}");
        return double.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture);
    }

    // 12:00 Pat declines, Jordan answers; then a call where every leg fails and the caller leaves a voicemail;
    // then one where the caller hangs up while it rings.
    async Task MakeCallsAsync()
    {
        var answered = new CallFlow(client, "CA-metrics-answered", AnsweredCaller);
        var toPat = await answered.AskForAMemberAsync();
        await answered.LegAnswersAsync(CallFlow.Number(toPat), keys: "");
        var toJordan = await answered.DialEndsAsync(toPat, "completed");
        await answered.LegAnswersAsync(CallFlow.Number(toJordan), keys: "1");
        await answered.DialEndsAsync(toJordan, "completed", duration: 300);
        await client.PostTwilioAsync("/voice/status", answered.Form(("CallStatus", "completed")));
        await app.CallRecordsWrittenAsync();

        app.Time.Advance(TimeSpan.FromMinutes(5));
        var voicemail = new CallFlow(client, "CA-metrics-voicemail", VoicemailCaller);
        var first = await voicemail.AskForAMemberAsync();
        var second = await voicemail.DialEndsAsync(first, "no-answer");
        var global = await voicemail.DialEndsAsync(second, "busy");
        var record = await voicemail.DialEndsAsync(global, "failed");
        await voicemail.PostAsync(record.XPathSelectElement("/Response/Record")!.Attribute("action")!.Value,
            ("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1"),
            ("RecordingDuration", "14"));
        await client.PostTwilioAsync("/voice/status", voicemail.Form(("CallStatus", "completed")));
        await app.CallRecordsWrittenAsync();

        // A third caller hangs up while it rings: no outcome word until the call's end says so.
        app.Time.Advance(TimeSpan.FromMinutes(5));
        var gone = new CallFlow(client, "CA-metrics-gone", AnsweredCaller);
        await gone.AskForAMemberAsync();
        app.Time.Advance(TimeSpan.FromSeconds(20));
        await client.PostTwilioAsync("/voice/status", gone.Form(("CallStatus", "completed")));
        await app.CallRecordsWrittenAsync();
    }

    [Fact]
    public async Task After_calls_the_scrape_shows_webhook_routes_outcomes_fallbacks_and_coverage_but_no_caller()
    {
        await MakeCallsAsync();

        var (status, text) = await ScrapeAsync(IPAddress.Loopback);

        Assert.Equal(200, status);
        Assert.True(Sample(text, "naphoneline_webhook_duration_seconds_count", "route=\"/voice/incoming\"",
            "status=\"2xx\"") >= 2);
        Assert.True(Sample(text, "naphoneline_webhook_duration_seconds_count", "route=\"/voice/menu\"") >= 2);
        Assert.True(Sample(text, "naphoneline_webhook_duration_seconds_bucket", "route=\"/voice/incoming\"",
            "le=\"1\"") >= 2);
        Assert.Equal(1, Sample(text, "naphoneline_calls_total", "outcome=\"answered\""));
        Assert.Equal(1, Sample(text, "naphoneline_calls_total", "outcome=\"voicemail\""));
        // Counted when the call log writes it, once: the ends of the two calls above are not hang-ups.
        Assert.Equal(1, Sample(text, "naphoneline_calls_total", "outcome=\"caller-hung-up\""));
        Assert.Equal(1, Sample(text, "naphoneline_fallbacks_total", "stage=\"voicemail\""));
        Assert.Equal(0, Sample(text, "naphoneline_degraded"));
        // Tuesday 12:00 in San Diego: Pat and Jordan on duty at the area.
        Assert.Equal(2, Sample(text, "naphoneline_on_duty", "service_body=\"asc-sd\""));
        Assert.True(Sample(text, "naphoneline_covered_for_seconds", "service_body=\"asc-sd\"") > 0);
        // The region above has no helpline number of its own: no roster to watch, no gauge to alert on.
        Assert.DoesNotContain("service_body=\"rsc-socal\"", text, StringComparison.Ordinal);
        // Route templates only: no raw query (?lang=) and never a caller's number or a CallSid.
        Assert.DoesNotContain("?", string.Concat(Routes().Matches(text).Select(m => m.Value)),
            StringComparison.Ordinal);
        Assert.DoesNotContain("5550142", text, StringComparison.Ordinal);
        Assert.DoesNotContain("5550143", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CA-metrics", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loopback_reads_without_a_key_anyone_else_behind_the_proxy_needs_the_admin_key()
    {
        Assert.Equal(200, (await ScrapeAsync(IPAddress.Loopback)).Status);
        Assert.Equal(200, (await ScrapeAsync(IPAddress.IPv6Loopback)).Status);
        // nginx on loopback forwards a person on the internet: their address is the one that counts.
        Assert.Equal(401, (await ScrapeAsync(IPAddress.Loopback, forwardedFor: "203.0.113.7")).Status);
        Assert.Equal(401, (await ScrapeAsync(IPAddress.Parse("198.51.100.4"))).Status);
        Assert.Equal(401, (await ScrapeAsync(IPAddress.Parse("198.51.100.4"), key: "wrong")).Status);
        Assert.Equal(401, (await ScrapeAsync(null)).Status);
        var (status, text) = await ScrapeAsync(IPAddress.Loopback, forwardedFor: "203.0.113.7",
            key: PhonelineApp.AdminKey);
        Assert.Equal(200, status);
        Assert.Contains("naphoneline_degraded", text, StringComparison.Ordinal);
    }

    [PrivateClusterFact]
    public async Task The_degraded_gauge_is_1_while_the_breaker_is_open()
    {
        Assert.Equal(0, Sample((await ScrapeAsync(IPAddress.Loopback)).Text, "naphoneline_degraded"));
        await using (Database.Freeze())
        {
            // The first webhook that waits on the frozen database trips the breaker and answers from memory.
            var call = new CallFlow(client, "CA-metrics-frozen");
            await Outage.WebhookAsync(() => call.PostAsync("/voice/incoming"), "incoming");
            await Outage.WebhookAsync(() => call.PostAsync("/voice/menu?lang=en&attempt=0", ("Digits", "2")), "menu");
            var (status, text) = await ScrapeAsync(IPAddress.Loopback);
            Assert.Equal(200, status);
            Assert.Equal(1, Sample(text, "naphoneline_degraded"));
        }
    }

    [Fact]
    public async Task A_text_Twilio_refuses_shows_as_a_send_failure_and_as_backlog_until_it_goes_out()
    {
        twilio.FailOnce(AnsweredCaller);
        var now = NodaTime.Instant.FromDateTimeOffset(app.Time.GetUtcNow());
        await app.Services.GetRequiredService<MessageOutbox>().QueueAsync(AnsweredCaller, DemoData.HelplineNumber,
            "Meetings near you", now, CancellationToken.None);
        await WaitForFailureAsync();
        var sender = app.Services.GetServices<IHostedService>().OfType<OutboxSender>().Single();

        // The retry waits out its back-off on the test clock, which stands still: the text is backlog.
        await sender.CountBacklogAsync(CancellationToken.None);
        app.Time.Advance(TimeSpan.FromSeconds(1));
        var text = (await ScrapeAsync(IPAddress.Loopback)).Text;
        Assert.Equal(1, Sample(text, "naphoneline_send_failures_total", "channel=\"sms\"", "final=\"false\""));
        Assert.Equal(1, Sample(text, "naphoneline_outbox_backlog", "box=\"sms\""));
        Assert.Equal(0, Sample(text, "naphoneline_outbox_backlog", "box=\"call\""));
        Assert.DoesNotContain("5550142", text, StringComparison.Ordinal);

        app.Time.Advance(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 100 && twilio.Delivered.Count < 1; i++) await Task.Delay(50);
        Assert.Single(twilio.Delivered);
        for (var i = 0; i < 100; i++)
        {
            await sender.CountBacklogAsync(CancellationToken.None);
            if (Sample((await ScrapeAsync(IPAddress.Loopback)).Text, "naphoneline_outbox_backlog",
                    "box=\"sms\"") == 0) return;
            await Task.Delay(50);
        }
        Assert.Fail("the text went out but the backlog still counts it");
    }

    async Task WaitForFailureAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await ScrapeAsync(IPAddress.Loopback)).Text.Contains("naphoneline_send_failures_total",
                StringComparison.Ordinal)) return;
            await Task.Delay(50);
        }
    }

    [GeneratedRegex("route=\"[^\"]*\"")]
    private static partial Regex Routes();
}
