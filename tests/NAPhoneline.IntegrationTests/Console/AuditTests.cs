using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Playwright;
using NAPhoneline.IntegrationTests.Infrastructure;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Console;

// CONTRACT 11, /console/audit: changes made through the admin API (configuration, roster overrides, meetings,
// local places) read back by the coordinators of the bodies they belong to.
[Collection(DatabaseCollection.Name)]
public sealed class AuditTests(TestDatabase database) : ConsoleTest(database)
{
    const string TopCoordinator = "+18187730115"; // Wen W., coordinator of NA World Services (no parent)

    static ILocator Entries(IPage page) => page.GetByRole(AriaRole.Group);

    static ILocator Entry(IPage page, string what) => Entries(page).Filter(new() { HasText = what });

    async Task<long> AdminChangesAsync()
    {
        await ImportAsync(DemoData.HelplineJson.Replace("\"ringSeconds\": 20", "\"ringSeconds\": 25",
            StringComparison.Ordinal));
        using var admin = App.CreateAdminClient();
        var added = await admin.PostAsJsonAsync("/admin/api/overrides", new
        {
            volunteer = "v-sam", serviceBody = "asc-sd", date = "2026-11-26", kind = "cover", start = "18:00",
            end = "20:00",
        });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var id = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/admin/api/overrides/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/admin/api/places", new
        {
            serviceBody = "asc-sd", name = "Gaslamp Quarter", latitude = 32.7115, longitude = -117.1597,
        })).StatusCode);
        await DemoData.ImportMeetingsAsync(App);
        return id;
    }

    [Fact]
    public async Task Admin_api_changes_appear_with_who_what_and_before_and_after()
    {
        var id = await AdminChangesAsync();
        var page = await SignInAsync(Coordinator, Viewport.Desktop);

        await page.GetByRole(AriaRole.Link, new() { Name = "Audit" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToBeVisibleAsync();
        var entries = await Entries(page).AllInnerTextsAsync();
        Assert.Contains("Meetings asc-sd: imported", entries[0], StringComparison.Ordinal); // newest first
        Assert.Contains("Local place Gaslamp Quarter: added", entries[1], StringComparison.Ordinal);
        Assert.Contains($"Roster change {id}: removed", entries[2], StringComparison.Ordinal);
        Assert.Contains($"Roster change {id}: added", entries[3], StringComparison.Ordinal);
        Assert.All(entries.Take(4), e => Assert.Contains("admin API", e, StringComparison.Ordinal));
        Assert.Contains("Tue 24 Nov 2026 12:00", entries[0], StringComparison.Ordinal); // San Diego's clock

        var removed = Entry(page, $"Roster change {id}: removed");
        await removed.GetByText("admin API").ClickAsync();
        await Assertions.Expect(removed.GetByRole(AriaRole.Heading, new() { Name = "Before" })).ToBeVisibleAsync();
        await Assertions.Expect(removed.GetByText("volunteer: v-sam")).ToBeVisibleAsync();
        await Assertions.Expect(removed.GetByText("date: 2026-11-26")).ToBeVisibleAsync();
        await Assertions.Expect(removed.GetByText("kind: cover")).ToBeVisibleAsync();
        await Assertions.Expect(removed.GetByText("start: 18:00:00")).ToBeVisibleAsync();
        await Assertions.Expect(Entry(page, $"Roster change {id}: added")).ToContainTextAsync("serviceBody: asc-sd");

        var body = Entry(page, "Service body asc-sd: updated");
        await Assertions.Expect(body).ToHaveCountAsync(1);
        await body.GetByText("Service body asc-sd: updated").ClickAsync();
        await Assertions.Expect(body.GetByText("routing.ringSeconds: 20")).ToBeVisibleAsync();
        await Assertions.Expect(body.GetByText("routing.ringSeconds: 25 (changed)")).ToBeVisibleAsync();
        await Assertions.Expect(body).ToContainTextAsync("other fields stayed the same");
        await Assertions.Expect(body).Not.ToContainTextAsync("timeZone");
        var created = Entry(page, "Service body asc-sd: created");
        await Assertions.Expect(created).ToContainTextAsync("contacts.coordinator.phone: +1619***0115");
        await Assertions.Expect(created).ToContainTextAsync("contacts.coordinator.name: Robin C.");
        await Assertions.Expect(created).ToContainTextAsync("helplineNumbers: +16195550100");
        await Assertions.Expect(Entry(page, "Volunteer v-pat: created")).ToContainTextAsync("phone: +1619***0121");
        await Assertions.Expect(Entry(page, "Meetings asc-sd: imported")).ToContainTextAsync("meetings: 0");
        await Assertions.Expect(Entry(page, "Local place Gaslamp Quarter")).ToContainTextAsync("latitude: 32.7115");

        // Nothing that belongs to no one body (the imports as a whole), and no person's full number.
        await Assertions.Expect(Entry(page, "Configuration import")).ToHaveCountAsync(0);
        var html = await page.ContentAsync();
        foreach (var phone in new[] { Pat, Sam, "+16195550111", "+16195550199" })
            Assert.DoesNotContain(phone, html, StringComparison.Ordinal);

        await using var db = new NpgsqlConnection(Database.ConnectionString);
        var rows = await db.QueryAsync<string>(
            "select entity || ' ' || entity_key || ' ' || action from audit_log where actor = 'admin API'");
        Assert.Contains($"override {id} added", rows);
        Assert.Contains("config import imported", rows);
    }

    [Fact]
    public async Task Another_areas_coordinator_does_not_see_san_diegos_rows_and_a_volunteer_gets_404()
    {
        await AdminChangesAsync();
        var north = await SignInAsync(NorthCoordinator);

        await north.GotoAsync("/console/audit");

        await Assertions.Expect(Entry(north, "Service body asc-north: created")).ToHaveCountAsync(1);
        await Assertions.Expect(Entry(north, "Volunteer v-morgan: created")).ToHaveCountAsync(1);
        await Assertions.Expect(Entry(north, "asc-sd")).ToHaveCountAsync(0);
        await Assertions.Expect(Entry(north, "Roster change")).ToHaveCountAsync(0);
        Assert.DoesNotContain("v-pat", await north.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(404, (await north.GotoAsync("/console/audit?body=asc-sd"))!.Status);
        Assert.DoesNotContain("v-pat", await north.ContentAsync(), StringComparison.Ordinal);

        var pat = await SignInAsync(Pat);
        await Assertions.Expect(pat.GetByRole(AriaRole.Link, new() { Name = "Audit" })).ToHaveCountAsync(0);
        Assert.Equal(404, (await pat.GotoAsync("/console/audit"))!.Status);
    }

    [Fact]
    public async Task A_top_level_coordinator_also_sees_the_imports_as_a_whole_and_filters_by_body()
    {
        await ImportAsync("""
            { "serviceBodies": [ { "key": "wso", "name": "NA World Services", "kind": "WSO",
                "timeZone": "America/Los_Angeles",
                "contacts": [ { "role": "escalation", "name": "Fellowship Services", "phone": "+18187739999" },
                              { "role": "coordinator", "name": "Wen W.", "phone": "+18187730115" } ] } ] }
            """);
        var page = await SignInAsync(TopCoordinator);
        await page.GotoAsync("/console/audit");

        var import = Entry(page, "Configuration import: imported").Filter(new() { HasText = "Whole structure" });
        await Assertions.Expect(import).ToHaveCountAsync(3);
        await Assertions.Expect(import.First).ToContainTextAsync("UTC");
        await Assertions.Expect(import.First).ToContainTextAsync("serviceBodies: wso");
        await Assertions.Expect(import.Last).ToContainTextAsync("serviceBodies: wso, rsc-socal, asc-sd");
        await Assertions.Expect(import.Last).ToContainTextAsync("volunteers: v-pat, v-sam, v-alex, v-jordan");
        await Assertions.Expect(Entry(page, "Service body asc-north: created")).ToHaveCountAsync(1);
        var wso = Entry(page, "Service body wso: updated");
        await Assertions.Expect(wso.GetByText("contacts.coordinator.name: Wen W. (changed)")).ToHaveCountAsync(1);
        await Assertions.Expect(wso).ToContainTextAsync("contacts.coordinator.phone: +1818***0115");
        await Assertions.Expect(wso).Not.ToContainTextAsync("Fellowship Services"); // unchanged

        await page.GetByLabel("Service body").SelectOptionAsync(new SelectOptionValue { Label = "North County Area" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        Assert.Contains("body=asc-north", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(Entries(page)).ToHaveCountAsync(2);
        await Assertions.Expect(Entry(page, "Configuration import")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Fifty_changes_a_page_and_older_carries_on()
    {
        // One import of 50 volunteers with a shift each in San Diego: a row for each.
        var volunteers = Enumerable.Range(0, 50).Select(i => $$"""
            { "key": "v-page-{{i:00}}", "name": "Page {{i:00}}", "phone": "+1619555{{2000 + i}}", "languages": ["en"] }
            """);
        var shifts = Enumerable.Range(0, 50).Select(i => $$"""
            { "volunteer": "v-page-{{i:00}}", "serviceBody": "asc-sd", "day": "monday",
              "start": "01:00", "end": "02:00" }
            """);
        await ImportAsync($$"""
            { "volunteers": [ {{string.Join(",", volunteers)}} ], "shifts": [ {{string.Join(",", shifts)}} ] }
            """);
        var page = await SignInAsync(Coordinator);
        await page.GotoAsync("/console/audit");

        await Assertions.Expect(Entries(page)).ToHaveCountAsync(50);
        await Assertions.Expect(Entries(page).First).ToContainTextAsync("Volunteer v-page-49: created");
        await Assertions.Expect(Entries(page).First).ToContainTextAsync("shifts: mon 01:00-02:00");
        await page.GetByRole(AriaRole.Link, new() { Name = "Older" }).ClickAsync();

        // The rest: the San Diego body and its four volunteers, as the demo import created them.
        await Assertions.Expect(Entries(page)).ToHaveCountAsync(5);
        await Assertions.Expect(Entries(page).Last).ToContainTextAsync("Service body asc-sd: created");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Older" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Newest" }).ClickAsync();
        await Assertions.Expect(Entries(page)).ToHaveCountAsync(50);
    }

    [Fact]
    public async Task The_audit_log_speaks_spanish_on_a_phone()
    {
        var id = await AdminChangesAsync();
        var page = await SignInAsync(Coordinator, Viewport.Phone, "es-ES");
        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Auditoría" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Registro de auditoría" }))
            .ToBeVisibleAsync();
        var removed = Entry(page, $"Cambio de turno {id}: quitado");
        await Assertions.Expect(removed).ToContainTextAsync("API de administración");
        await Assertions.Expect(removed).ToContainTextAsync("mar 24 nov 2026 12:00");
        await removed.GetByText("API de administración").ClickAsync();
        await Assertions.Expect(removed.GetByRole(AriaRole.Heading, new() { Name = "Antes" })).ToBeVisibleAsync();
        var body = Entry(page, "Cuerpo de servicio asc-sd: actualizado");
        await Assertions.Expect(body).ToHaveCountAsync(1);
        await body.GetByText("Cuerpo de servicio asc-sd: actualizado").ClickAsync();
        await Assertions.Expect(body.GetByText("routing.ringSeconds: 25 (cambiado)")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Cuerpo de servicio")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "audit-phone-es");
    }
}
