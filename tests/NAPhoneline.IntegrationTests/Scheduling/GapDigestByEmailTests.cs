using Microsoft.Extensions.DependencyInjection;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.Scheduling;

namespace NAPhoneline.IntegrationTests.Scheduling;

// A coordinator with an email address takes the digest by email (a real SMTP server on loopback), not by text.
[Collection(DatabaseCollection.Name)]
public sealed class GapDigestByEmailTests(TestDatabase database) : IAsyncLifetime
{
    readonly FakeTwilio twilio = new();
    readonly LoopbackSmtp smtp = new();
    PhonelineApp app = null!;

    public async Task InitializeAsync()
    {
        await smtp.StartAsync();
        app = new PhonelineApp(database, new Dictionary<string, string?>
        {
            ["Telephony:ApiBaseUrl"] = twilio.Url, ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None", ["Smtp:From"] = "NA Helpline <helpline@sandiegona.test>",
        });
        await database.ResetAsync();
        // Robin gives an address; Saturday night (22:00-04:00) loses both its volunteers.
        var file = DemoData.WithoutSaturdayNights()
            .Replace("\"name\": \"Robin C.\",", "\"name\": \"Robin C.\", \"email\": \"robin@sandiegona.test\",",
                StringComparison.Ordinal);
        using var admin = app.CreateAdminClient();
        var response = await admin.PutAsync("/admin/api/config", new StringContent(file, System.Text.Encoding.UTF8,
            "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await smtp.DisposeAsync();
        twilio.Dispose();
    }

    [Fact]
    public async Task The_digest_goes_by_email_to_a_coordinator_with_an_address()
    {
        Assert.Equal(1, await app.Services.GetRequiredService<GapDigest>()
            .RunAsync(NodaTime.Instant.FromDateTimeOffset(app.Time.GetUtcNow()), CancellationToken.None));
        var message = Assert.Single(await smtp.WaitForAsync(1));
        Assert.Equal("robin@sandiegona.test", message.To.Mailboxes.Single().Address);
        Assert.Equal("NA helpline: uncovered hours at San Diego Area", message.Subject);
        Assert.Contains("Sat Nov 28 22:00-Sun Nov 29 04:00", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(twilio.Messages, m => m["To"] == "+16195550115");
    }
}
