using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.AspNetCore.TestHost;
using NAPhoneline.IntegrationTests.Infrastructure;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Hosting;

// Escalation lateness on /metrics: a real Hangfire server, the real clock and two-second deadlines (as in
// EscalationLadderTests), a callback nobody acknowledges climbing the ladder to "unanswered".
[Collection(DatabaseCollection.Name)]
public sealed class EscalationMetricsTests(TestDatabase database) : IAsyncLifetime
{
    readonly FakeTwilio twilio = new();
    PhonelineApp app = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        app = new PhonelineApp(database, new Dictionary<string, string?>
        {
            ["Telephony:ApiBaseUrl"] = twilio.Url,
            ["Jobs:RunServer"] = "true",
            ["Jobs:PollInterval"] = "00:00:01",
        }, realTime: true);
        _ = app.Services;
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        twilio.Dispose();
    }

    [Fact]
    public async Task Each_ladder_step_is_one_lateness_sample_and_none_is_negative_or_minutes_late()
    {
        var config = JsonNode.Parse(DemoData.WithoutCoordinators(DemoData.HelplineJson))!;
        foreach (var body in config["serviceBodies"]!.AsArray())
            body!["escalation"] = new JsonObject { ["acknowledgeWithin"] = "00:00:02" };
        using var admin = app.CreateAdminClient();
        using var content = new StringContent(config.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        Assert.True((await admin.PutAsync("/admin/api/config", content)).IsSuccessStatusCode);
        var created = await admin.PostAsJsonAsync("/admin/api/callbacks", new
        {
            name = "Dr. Rivera", organisation = "Mercy Hospital", phone = "(619) 555-0177", reason = "Meetings",
            serviceBody = "asc-sd", role = "pi",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await using var db = new NpgsqlConnection(database.ConnectionString);
        for (var i = 0; i < 200 && !await db.ExecuteScalarAsync<bool>(
                 "select exists (select 1 from requests where unanswered_at is not null)"); i++)
            await Task.Delay(100);

        var scrape = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/metrics";
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
        });
        var text = await new StreamReader(scrape.Response.Body).ReadToEndAsync();
        // ASC -> RSC, RSC -> WSO, WSO -> unanswered: three deadlines, each run after it passed.
        Assert.Equal(3, Value(text, "naphoneline_escalation_lateness_seconds_count"));
        Assert.Equal(3, Value(text, "naphoneline_escalation_lateness_seconds_bucket", "le=\"60\""));
        Assert.DoesNotContain("5550177", text, StringComparison.Ordinal);
    }

    static double Value(string text, string metric, params string[] labels) =>
        double.Parse(text.Split('\n').Single(l => l.StartsWith(metric + "{", StringComparison.Ordinal)
            && labels.All(x => l.Contains(x, StringComparison.Ordinal))).Split(' ')[^1], CultureInfo.InvariantCulture);
}
