using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Console;

// The browser infrastructure itself: Debian's Chromium, driven by Playwright, reaches the service over Kestrel.
[Collection(DatabaseCollection.Name)]
public sealed class BrowserSmokeTests(TestDatabase database) : IAsyncLifetime
{
    readonly PhonelineApp app = new(database, kestrel: true);

    public async Task InitializeAsync() => await database.ResetAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task Chromium_opens_the_liveness_page_on_localhost()
    {
        await using var context = await Browser.NewContextAsync(app, Viewport.Phone, "es-ES");
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/healthz/live");

        Assert.Equal(200, response?.Status);
        Assert.StartsWith("http://localhost:", page.Url, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"live\"", await page.TextContentAsync("body"), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("window.isSecureContext"), "http://localhost is a secure context");
        Assert.Equal("es-ES", await page.EvaluateAsync<string>("navigator.language"));
        await Browser.ScreenshotAsync(page, "smoke-healthz-live");
    }
}
