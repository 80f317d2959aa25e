using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.Scheduling;

namespace NAPhoneline.IntegrationTests.Scheduling;

// CONTRACT 13: the daily gap digest and GET /admin/api/coverage. The demo without Sam's and Alex's Saturday night
// (22:00-04:00): one gap in the next 7 days from Tuesday Nov 24, 12:00 in San Diego.
[Collection(DatabaseCollection.Name)]
public sealed class GapDigestTests(TestDatabase database) : IAsyncLifetime
{
    const string Robin = "+16195550115";
    readonly FakeTwilio twilio = new();
    PhonelineApp app = null!;

    public async Task InitializeAsync()
    {
        app = new PhonelineApp(database, new Dictionary<string, string?> { ["Telephony:ApiBaseUrl"] = twilio.Url });
        await database.ResetAsync();
        var file = DemoData.WithoutSaturdayNights();
        Assert.NotEqual(DemoData.HelplineJson, file);
        using var admin = app.CreateAdminClient();
        var response = await admin.PutAsync("/admin/api/config", new StringContent(file, System.Text.Encoding.UTF8,
            "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        twilio.Dispose();
    }

    Task<int> DigestAsync() => app.Services.GetRequiredService<GapDigest>()
        .RunAsync(NodaTime.Instant.FromDateTimeOffset(app.Time.GetUtcNow()), CancellationToken.None);

    [Fact]
    public async Task The_coordinator_gets_one_digest_a_day_from_9_listing_exactly_the_gaps()
    {
        // Four instances at once, at Tuesday 12:00: one text.
        Assert.Equal(1, (await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(DigestAsync)))).Sum());
        var digest = Assert.Single(await twilio.WaitForMessagesAsync(1));
        Assert.Equal(Robin, digest["To"]);
        Assert.Equal("San Diego Area, hours with nobody on duty in the next 7 days: Sat Nov 28 22:00-Sun Nov 29 04:00."
            + $" Fill them here: {PhonelineApp.PublicBaseUrl}/console/schedule?body=asc-sd", digest["Body"]);
        Assert.Equal(0, await DigestAsync());

        // Wednesday 08:59: not yet; 09:00: the next day's.
        app.Time.Advance(TimeSpan.FromHours(20) + TimeSpan.FromMinutes(59));
        Assert.Equal(0, await DigestAsync());
        app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await DigestAsync());
        Assert.Equal(2, twilio.Messages.Count);
    }

    [Fact]
    public async Task Coverage_answers_the_gaps_the_covered_share_and_the_spread()
    {
        using var admin = app.CreateAdminClient();
        var c = (await admin.GetFromJsonAsync<JsonObject>("/admin/api/coverage/asc-sd?days=7"))!;
        Assert.Equal(("2026-11-24T12:00", "2026-12-01T12:00", 7), (c["from"]!.GetValue<string>(),
            c["until"]!.GetValue<string>(), c["days"]!.GetValue<int>()));
        Assert.Equal("""[{"from":"2026-11-28T22:00","until":"2026-11-29T04:00","hours":6}]""",
            c["gaps"]!.ToJsonString());
        Assert.Equal(Math.Round(1 - 6.0 / 168, 4), c["coveredShare"]!.GetValue<double>());
        var month = c["nextFourWeeks"]!;
        Assert.Equal(4, month["volunteers"]!.AsArray().Count);
        Assert.InRange(month["evenness"]!.GetValue<double>(), 0.5, 1);

        Assert.Equal(HttpStatusCode.BadRequest,
            (await admin.GetAsync("/admin/api/coverage/asc-sd?days=29")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/api/coverage/asc-nowhere")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/admin/api/coverage/asc-sd"))
            .StatusCode);
    }
}
