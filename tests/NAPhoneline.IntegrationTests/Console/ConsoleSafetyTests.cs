using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Console;

// Safe by default: every page behind sign-in, no inline script or style, antiforgery on every form.
[Collection(DatabaseCollection.Name)]
public sealed class ConsoleSafetyTests(TestDatabase database) : DemoHelplineTest(database)
{
    static readonly string[] Anonymous = ["/console/sign-in"];

    HttpClient Browserless() => App.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false,
    });

    [Fact]
    public void Every_console_page_requires_a_signed_in_person_but_the_sign_in_page()
    {
        var pages = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null).ToList();

        Assert.NotEmpty(pages);
        foreach (var page in pages)
        {
            var route = "/" + page.RoutePattern.RawText?.TrimStart('/');
            Assert.StartsWith("/console", route, StringComparison.Ordinal);
            var open = page.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            Assert.True(open == Anonymous.Contains(route), $"{route}: anonymous = {open}");
            if (!open) Assert.NotEmpty(page.Metadata.GetOrderedMetadata<IAuthorizeData>());
        }
    }

    [Theory]
    [InlineData("/console")]
    [InlineData("/console/language")]
    [InlineData("/console/sign-out")]
    [InlineData("/console/schedule")]
    [InlineData("/console/volunteers")]
    [InlineData("/console/requests")]
    [InlineData("/console/requests/1234")]
    [InlineData("/console/calls")]
    [InlineData("/console/settings")]
    [InlineData("/console/audit")]
    [InlineData("/console/reports")]
    public async Task A_visitor_who_has_not_signed_in_is_sent_to_sign_in(string path)
    {
        using var client = Browserless();
        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/console/sign-in?returnUrl=", response.Headers.Location!.OriginalString,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Console_pages_carry_a_strict_content_security_policy_and_no_inline_script_or_style()
    {
        using var client = Browserless();
        var response = await client.GetAsync("/console/sign-in");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)", html);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused_and_sends_nothing()
    {
        using var client = Browserless();
        var response = await client.PostAsync("/console/sign-in?handler=send",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["phone"] = "+16195550115" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_console_address_answers_a_plain_not_found_page()
    {
        using var client = Browserless();
        var response = await client.GetAsync("/console/no-such-page");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is nothing here", html, StringComparison.Ordinal);
    }

    [PrivateClusterFact]
    public async Task With_the_database_stopped_a_console_form_answers_a_plain_unavailable_page()
    {
        using var client = Browserless();
        var form = await client.GetStringAsync("/console/sign-in");
        var token = System.Text.RegularExpressions.Regex.Match(form,
            "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        HttpResponseMessage response;
        await using (await Database.StopServerAsync())
        {
            response = await client.PostAsync("/console/sign-in?handler=send", new FormUrlEncodedContent(
                new Dictionary<string, string> { ["phone"] = "+16195550115", ["__RequestVerificationToken"] = token }));
        }
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("cannot reach its database right now. Calls are still answered.", html,
            StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }
}
