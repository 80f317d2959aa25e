using System.Net.Http.Json;
using System.Xml.Linq;
using System.Xml.XPath;
using Microsoft.Playwright;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;

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
        { "reports", "/console/reports", "Reports", "Informes" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_main_page_fits_a_phone_and_a_desktop_in_english_and_spanish(string name, string path,
        string english, string spanish)
    {
        await SceneAsync();
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

    // A little life on the pages: a call answered after one volunteer declines, one that ends in a voicemail,
    // and a professional's callback request.
    async Task SceneAsync()
    {
        using var client = App.CreateClient();
        var answered = new CallFlow(client, "CA-pages-answered", "+16195550142");
        var toPat = await answered.AskForAMemberAsync();
        await answered.LegAnswersAsync(CallFlow.Number(toPat), keys: "");
        var toJordan = await answered.DialEndsAsync(toPat, "completed");
        await answered.LegAnswersAsync(CallFlow.Number(toJordan), keys: "1");
        await answered.DialEndsAsync(toJordan, "completed", duration: 300);
        await client.PostTwilioAsync("/voice/status", answered.Form(("CallStatus", "completed")));
        await App.CallRecordsWrittenAsync();

        var voicemail = new CallFlow(client, "CA-pages-voicemail", "+16195550143");
        var first = await voicemail.AskForAMemberAsync();
        var second = await voicemail.DialEndsAsync(first, "no-answer");
        var global = await voicemail.DialEndsAsync(second, "busy");
        var record = await voicemail.DialEndsAsync(global, "failed");
        await voicemail.PostAsync(Action(record, "/Response/Record"),
            ("RecordingUrl", $"https://api.twilio.com/2010-04-01/Accounts/{PhonelineApp.AccountSid}/Recordings/RE1"),
            ("RecordingDuration", "14"));
        await App.CallRecordsWrittenAsync();

        using var admin = App.CreateAdminClient();
        var callback = await admin.PostAsJsonAsync("/admin/api/callbacks", new
        {
            name = "Dr. Rivera", organisation = "Mercy Hospital", phone = "(619) 555-0177",
            reason = "A patient asks about meetings", serviceBody = "asc-sd", role = "pi",
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, callback.StatusCode);
    }

    static string Action(XDocument twiml, string path) => twiml.XPathSelectElement(path)!.Attribute("action")!.Value;
}
