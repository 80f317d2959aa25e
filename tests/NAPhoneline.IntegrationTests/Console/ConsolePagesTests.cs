using Microsoft.Playwright;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Console;

// Every main page, as the demo coordinator, on a phone and on a desktop, in English and Spanish: it opens, says
// what it is, fits the screen without sideways scrolling, and is saved as a screenshot for docs/console/ when
// NAPHONELINE_SCREENSHOTS names a folder.
[Collection(DatabaseCollection.Name)]
public sealed class ConsolePagesTests(TestDatabase database) : ConsoleTest(database)
{
    public static TheoryData<string, string, string, string> Pages() => new()
    {
        { "now", "/console", "Now", "Ahora" },
        { "schedule", "/console/schedule?body=asc-sd", "Schedule", "Turnos" },
        { "volunteers", "/console/volunteers", "Volunteers", "Voluntarios" },
        { "requests", "/console/requests", "Requests", "Solicitudes" },
        { "calls", "/console/calls", "Calls", "Llamadas" },
        { "settings", "/console/settings?body=asc-sd", "Settings", "Ajustes" },
        { "audit", "/console/audit", "Audit", "Auditoría" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_main_page_fits_a_phone_and_a_desktop_in_english_and_spanish(string name, string path,
        string english, string spanish)
    {
        foreach (var (viewport, size) in new[] { (Viewport.Phone, "phone"), (Viewport.Desktop, "desktop") })
        {
            var page = await SignInAsync(Coordinator, viewport);
            foreach (var (language, word) in new[] { ("en", english), ("es", spanish) })
            {
                if (language == "es") await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();
                var response = await page.GotoAsync(path);

                Assert.Equal(200, response?.Status);
                await Assertions.Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link,
                    new() { Name = word, Exact = true })).ToHaveAttributeAsync("aria-current", "page");
                await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
                var overflow = await page.EvaluateAsync<int>(
                    "document.documentElement.scrollWidth - document.documentElement.clientWidth");
                Assert.True(overflow <= 0, $"{path} ({language}, {size}) scrolls sideways by {overflow} px");
                await Browser.ScreenshotAsync(page, $"{name}-{language}-{size}");
            }
            await page.Context.CloseAsync();
        }
    }
}
