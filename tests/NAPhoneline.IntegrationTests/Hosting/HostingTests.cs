using System.Net;
using System.Net.Http.Headers;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Hosting;

[Collection(DatabaseCollection.Name)]
public sealed class HostingTests(TestDatabase database) : IAsyncLifetime
{
    readonly PhonelineApp app = new(database);

    public async Task InitializeAsync() => await database.ResetAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Health_is_200_when_the_database_is_ready()
    {
        var response = await app.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Healthy", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_jobs_dashboard_needs_the_admin_key()
    {
        var client = app.CreateClient();
        var anonymous = await client.GetAsync("/admin/jobs");
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/admin/jobs");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key-not-the-key-not-the-key");
        var basic = new HttpRequestMessage(HttpMethod.Get, "/admin/jobs");
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("admin:"u8.ToArray()
            .Concat(System.Text.Encoding.UTF8.GetBytes(PhonelineApp.AdminKey)).ToArray()));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Basic", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
        var dashboard = await client.SendAsync(basic);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("Hangfire", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_webhook_body_is_refused_without_a_500()
    {
        var form = TwilioRequests.Call(DemoData.HelplineNumber).With("Padding", new string('x', 2 * 1024 * 1024));

        var response = await app.CreateClient().PostTwilioAsync("/voice/incoming", form);

        Assert.InRange((int)response.StatusCode, 400, 499);
    }
}
