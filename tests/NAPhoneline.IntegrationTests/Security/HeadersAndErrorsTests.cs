using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Security;

// The console's security headers on a real page, and admin API errors that tell an attacker nothing: problem
// details without stack traces, SQL or type names, on the service's own 4xx and 5xx paths.
public sealed class HeadersAndErrorsTests(TestDatabase database) : DemoHelplineTest(database)
{
    static readonly string[] Revealing =
        ["   at ", "Exception", "Npgsql", "select ", "insert ", "System.", "NAPhoneline.", "/work/", "StackTrace"];

    [Theory]
    [InlineData("/console/sign-in")]
    [InlineData("/console/no-such-page")]
    public async Task Console_pages_carry_every_security_header(string path)
    {
        using var browser = App.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false,
        });
        var response = await browser.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single(),
            StringComparison.Ordinal);
        // The policy can be strict because the console has no inline script: every <script> has a src.
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)", html);
    }

    static async Task AssertRevealsNothingAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        foreach (var word in Revealing) Assert.DoesNotContain(word, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_admin_body_is_a_plain_problem()
    {
        using var admin = App.CreateAdminClient();
        var response = await admin.PutAsync("/admin/api/config",
            new StringContent("{\"serviceBodies\": [{\"key\": 5, ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertRevealsNothingAsync(response);
    }

    [Fact]
    public async Task A_wrong_type_in_an_admin_body_is_a_plain_problem()
    {
        using var admin = App.CreateAdminClient();
        var response = await admin.PostAsync("/admin/api/overrides",
            new StringContent("{\"volunteer\": [1, 2], \"date\": {\"a\": 1}}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertRevealsNothingAsync(response);
    }

    [Fact]
    public async Task A_missing_key_is_a_plain_problem()
    {
        var response = await Client.GetAsync("/admin/api/requests");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await AssertRevealsNothingAsync(response);
    }

    // An unhandled failure inside an admin endpoint (here: its database gone) is a generic 500 problem.
    [PrivateClusterFact]
    public async Task An_admin_endpoint_that_fails_inside_answers_a_generic_500_problem()
    {
        using var admin = App.CreateAdminClient();
        HttpResponseMessage response;
        await using (await Database.StopServerAsync())
        {
            response = await admin.GetAsync("/admin/api/requests?status=open");
        }

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await AssertRevealsNothingAsync(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("detail", body, StringComparison.Ordinal);
    }
}
