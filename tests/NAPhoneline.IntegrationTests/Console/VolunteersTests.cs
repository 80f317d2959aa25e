using System.Net.Http.Json;
using System.Text.Json;
using CsvHelper;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NAPhoneline.Console.Audit;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.State;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Console;

// CONTRACT 11: /console/volunteers, for coordinators of the volunteers' bodies and nobody else.
[Collection(DatabaseCollection.Name)]
public sealed class VolunteersTests(TestDatabase database) : ConsoleTest(database)
{
    [Fact]
    public async Task A_coordinator_adds_a_volunteer_with_a_national_number()
    {
        var page = await SignInAsync(Coordinator, Viewport.Phone);
        await page.GetByRole(AriaRole.Link, new() { Name = "Volunteers" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a volunteer" }).ClickAsync();

        await page.GetByLabel("Name").FillAsync("Dana Q.");
        await page.GetByLabel("Phone").FillAsync("(619) 555-0177");
        await page.GetByLabel("Spanish").CheckAsync();
        await page.GetByLabel("Takes Twelfth Step calls").CheckAsync();
        await page.GetByLabel("Gender").SelectOptionAsync("female");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add volunteer" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Volunteer: Dana Q." }))
            .ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved: Dana Q.");
        await Assertions.Expect(page.GetByText("v-dana-q")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Phone")).ToHaveValueAsync("+16195550177");
        var row = await RowAsync("v-dana-q");
        Assert.Equal(("+16195550177", true, "female", true), (row.Phone, row.TwelfthStep, row.Gender, row.Active));
        Assert.Equal(["en", "es"], row.Languages);
        Assert.Equal("asc-sd", row.HomeBody);
        // Reminders are on unless the coordinator unticks them.
        Assert.True(row.Reminders);
        // In memory at once: the home body makes them a San Diego volunteer with no shift yet.
        var dana = Directory().Volunteers.Single(v => v.Key == "v-dana-q");
        Assert.Equal(Directory().Body("asc-sd")!.Id, dana.HomeBodyId);

        var audit = await AuditAsync("v-dana-q");
        var added = Assert.Single(audit);
        Assert.Equal(("added", "Robin C. (+1619***0115)"), (added.Action, added.Actor));
        Assert.Null(added.Before);
        using var after = JsonDocument.Parse(added.After!);
        Assert.Equal("+1619***0177", after.RootElement.GetProperty("phone").GetString());
        Assert.Equal("asc-sd", after.RootElement.GetProperty("homeBody").GetString());

        // A second Dana gets a key of her own.
        await page.GotoAsync("/console/volunteers/new");
        await page.GetByLabel("Name").FillAsync("Dana Q.");
        await page.GetByLabel("Phone").FillAsync("619-555-0178");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add volunteer" }).ClickAsync();
        await Assertions.Expect(page.GetByText("v-dana-q-2")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Editing_changes_the_volunteer_and_leaves_their_shifts_alone()
    {
        var shiftsBefore = await ShiftCountAsync("v-pat");
        var page = await SignInAsync(Coordinator);
        await page.GotoAsync("/console/volunteers/v-pat");
        await Assertions.Expect(page.GetByLabel("Phone")).ToHaveValueAsync(Pat);
        // Saved as it is, Pat gets the home body the form shows (the import gave her none); saved again, nothing
        // is written.
        for (var i = 0; i < 2; i++)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved: Pat R.");
        }
        var homed = Assert.Single(await AuditAsync("v-pat"));
        Assert.Contains("\"homeBody\": null", homed.Before, StringComparison.Ordinal);
        Assert.Contains("\"homeBody\": \"asc-sd\"", homed.After, StringComparison.Ordinal);

        await page.GetByLabel("Name").FillAsync("Patricia R.");
        await page.GetByLabel("Spanish").UncheckAsync();
        await page.GetByLabel("Takes Twelfth Step calls").UncheckAsync();
        await page.GetByLabel("Gets a text reminder before each shift").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved: Patricia R.");
        await Assertions.Expect(page.GetByLabel("Name")).ToHaveValueAsync("Patricia R.");
        await Assertions.Expect(page.GetByLabel("Gets a text reminder before each shift")).Not.ToBeCheckedAsync();
        // The reminder job reads the directory: she is out of its list at once.
        Assert.False(Directory().Volunteers.Single(v => v.Key == "v-pat").Reminders);
        await Browser.ScreenshotAsync(page, "volunteer-edit-desktop");
        var row = await RowAsync("v-pat");
        Assert.Equal(("Patricia R.", false, false), (row.Name, row.TwelfthStep, row.Reminders));
        Assert.Equal(["en"], row.Languages);
        Assert.Equal(shiftsBefore, await ShiftCountAsync("v-pat"));
        Assert.True(shiftsBefore > 0);
        var changed = (await AuditAsync("v-pat"))[^1];
        Assert.Equal("changed", changed.Action);
        Assert.Contains("\"name\": \"Pat R.\"", changed.Before, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"Patricia R.\"", changed.After, StringComparison.Ordinal);
        Assert.Contains("\"reminders\": false", changed.After, StringComparison.Ordinal);
        Assert.DoesNotContain(Pat, changed.Before + changed.After, StringComparison.Ordinal);
    }

    // A character PostgreSQL cannot store (a NUL pasted into a form) is the person's input, not an outage: a 400
    // page that says what to do, never a 5xx, and nothing changed.
    [Fact]
    public async Task A_name_with_a_character_that_cannot_be_stored_is_a_400_and_changes_nothing()
    {
        var page = await SignInAsync(Coordinator);
        await page.GotoAsync("/console/volunteers/v-pat");
        await page.GetByLabel("Name").FillAsync("Pat\u0000 R.");
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(400, response.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert))
            .ToContainTextAsync("holds a character that cannot be saved");
        Assert.Equal("Pat R.", (await RowAsync("v-pat")).Name);
    }

    [Fact]
    public async Task A_retired_volunteer_rings_nobody_and_is_signed_out_at_once()
    {
        Assert.Contains("v-pat", await OnDutyAsync());
        var pat = await SignInAsync(Pat);
        var page = await SignInAsync(Coordinator);
        await page.GotoAsync("/console/volunteers/v-pat");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Retire" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Pat R. is retired");
        Assert.DoesNotContain("v-pat", await OnDutyAsync());
        Assert.False((await RowAsync("v-pat")).Active);
        Assert.Equal(0, await OpenSessionsAsync(Pat));
        await pat.ReloadAsync();
        Assert.Contains("/console/sign-in", pat.Url, StringComparison.Ordinal);
        Assert.Equal("retired", Assert.Single(await AuditAsync("v-pat")).Action);

        // Still listed among the retired, and brought back the same way.
        await page.GotoAsync("/console/volunteers?status=retired");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Pat R." })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Pat R." }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reactivate" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Pat R. is active again");
        Assert.Contains("v-pat", await OnDutyAsync());
    }

    [Fact]
    public async Task A_changed_phone_ends_the_sessions_of_the_old_number()
    {
        var sam = await SignInAsync(Sam);
        var page = await SignInAsync(Coordinator);
        await page.GotoAsync("/console/volunteers/v-sam");
        await page.GetByLabel("Phone").FillAsync("+1 619 555 0166");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByLabel("Phone")).ToHaveValueAsync("+16195550166");
        Assert.Equal(0, await OpenSessionsAsync(Sam));
        await sam.ReloadAsync();
        Assert.Contains("/console/sign-in", sam.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_finds_by_name_key_or_last_digits_and_filters_by_status()
    {
        var page = await SignInAsync(Coordinator, Viewport.Phone);
        await page.GotoAsync("/console/volunteers");
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Volunteers found" });
        await Assertions.Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(5);
        await Assertions.Expect(table).ToContainTextAsync("+1619***0121");
        await Assertions.Expect(table).Not.ToContainTextAsync("Morgan");
        await Browser.ScreenshotAsync(page, "volunteers-list-phone");

        await page.GetByLabel("Search").FillAsync("0122");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await Assertions.Expect(table).ToContainTextAsync("Sam T.");
        await Assertions.Expect(page.GetByLabel("Search")).ToHaveValueAsync("0122");

        await page.GetByLabel("Search").FillAsync("jord");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(table).ToContainTextAsync("Jordan K.");
        await Assertions.Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);

        await page.GetByLabel("Search").FillAsync("v-alex");
        await page.GetByLabel("Status").SelectOptionAsync("retired");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No volunteer matches.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_csv_download_is_the_filtered_list_with_full_numbers()
    {
        var page = await SignInAsync(Coordinator);
        await page.GotoAsync("/console/volunteers?q=0123");
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Download CSV" }).ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);

        using var csv = CsvReader.Create(await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.Equal(["key", "name", "phone", "languages", "twelfthStep", "gender", "homeBody", "active"], csv.Headers);
        Assert.True(csv.Read());
        Assert.Equal(("v-alex", "Alex M.", "+16195550123", "en es"),
            (csv.GetString("key"), csv.GetString("name"), csv.GetString("phone"), csv.GetString("languages")));
        Assert.Equal(("asc-sd", true), (csv.GetString("homeBody"), csv.Parse<bool>("active")));
        Assert.False(csv.Read());

        // The whole list, as the page's link serves it: a CSV attachment.
        var response = await page.Context.APIRequest.GetAsync("/console/volunteers?handler=csv");
        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/csv", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.StartsWith("attachment", response.Headers["content-disposition"], StringComparison.Ordinal);
        using var all = CsvReader.Create(await response.BodyAsync());
        var keys = new List<string>();
        while (all.Read()) keys.Add(all.GetString("key"));
        Assert.Equal(["v-alex", "v-jordan", "v-pat", "v-sam"], keys);
    }

    [Fact]
    public async Task A_bad_phone_and_a_missing_name_are_answered_on_the_form_with_the_values_kept()
    {
        var count = await VolunteerCountAsync();
        var page = await SignInAsync(Coordinator, Viewport.Phone);
        await page.GotoAsync("/console/volunteers/new");
        await page.GetByLabel("Phone").FillAsync("12");
        await page.GetByLabel("Spanish").CheckAsync();
        await page.GetByLabel("Takes Twelfth Step calls").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add volunteer" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Write the volunteer's name.");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not a phone number");
        await Assertions.Expect(page.GetByLabel("Phone")).ToHaveValueAsync("12");
        await Assertions.Expect(page.GetByLabel("Phone")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Name")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Spanish")).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("Takes Twelfth Step calls")).ToBeCheckedAsync();
        Assert.Equal(count, await VolunteerCountAsync());

        // Another active volunteer's number is refused too, saying whose it is.
        await page.GetByLabel("Name").FillAsync("Lee W.");
        await page.GetByLabel("Phone").FillAsync("(619) 555-0122");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add volunteer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("already the phone of Sam T.");
        await Assertions.Expect(page.GetByLabel("Name")).ToHaveValueAsync("Lee W.");
        Assert.Equal(count, await VolunteerCountAsync());
    }

    [Fact]
    public async Task Another_bodys_coordinator_gets_404_and_a_forged_post_changes_nothing()
    {
        var page = await SignInAsync(NorthCoordinator);
        Assert.Equal(404, (await page.GotoAsync("/console/volunteers/v-pat"))!.Status);
        await page.GotoAsync("/console/volunteers");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Morgan L." })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Pat R.")).ToHaveCountAsync(0);

        // Casey's own form, pointed at San Diego's volunteer.
        await page.GotoAsync("/console/volunteers/v-morgan");
        await page.GetByLabel("Name").FillAsync("Taken over");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" })
            .EvaluateAsync("b => b.form.action = '/console/volunteers/v-pat'");
        var save = await page.RunAndWaitForResponseAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(404, save.Status);

        await page.GotoAsync("/console/volunteers/v-morgan");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Retire" })
            .EvaluateAsync("b => b.form.action = '/console/volunteers/v-pat?handler=retire'");
        var retire = await page.RunAndWaitForResponseAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Retire" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(404, retire.Status);

        var pat = await RowAsync("v-pat");
        Assert.Equal(("Pat R.", true), (pat.Name, pat.Active));
        Assert.Empty(await AuditAsync("v-pat"));
        Assert.Equal("Morgan L.", (await RowAsync("v-morgan")).Name);
    }

    [Fact]
    public async Task A_volunteer_gets_404_on_the_volunteers_and_settings_pages()
    {
        var page = await SignInAsync(Pat);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Volunteers" })).ToHaveCountAsync(0);
        Assert.Equal(404, (await page.GotoAsync("/console/volunteers"))!.Status);
        Assert.Equal(404, (await page.GotoAsync("/console/volunteers/v-pat"))!.Status);
        Assert.Equal(404, (await page.GotoAsync("/console/volunteers/new"))!.Status);
        Assert.Equal(404, (await page.GotoAsync("/console/volunteers?handler=csv"))!.Status);
        Assert.Equal(404, (await page.GotoAsync("/console/settings?body=asc-sd"))!.Status);
        Assert.Equal(404, (await page.GotoAsync("/console/settings"))!.Status);
    }

    [Fact]
    public async Task The_pages_speak_spanish_on_a_phone()
    {
        var page = await SignInAsync(Coordinator, Viewport.Phone, "es-ES");
        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();
        await page.GotoAsync("/console/volunteers");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Voluntarios" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Buscar")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Duodécimo Paso" }))
            .ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Añadir un voluntario" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Nombre")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Atiende llamadas de Duodécimo Paso")).ToBeVisibleAsync();
        await page.GetByLabel("Teléfono").FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Añadir voluntario" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Escriba el nombre del voluntario.");
        await Browser.ScreenshotAsync(page, "volunteers-new-es-phone");
    }

    PhonelineDirectory Directory() => App.Services.GetRequiredService<HelplineDirectory>().Current;

    async Task<List<string>> OnDutyAsync()
    {
        using var admin = App.CreateAdminClient();
        var body = await admin.GetFromJsonAsync<JsonElement>("/admin/api/on-duty/asc-sd");
        return body.GetProperty("volunteers").EnumerateArray().Select(v => v.GetProperty("key").GetString()!).ToList();
    }

    sealed record VolunteerRow
    {
        public string Name { get; init; } = "";
        public string Phone { get; init; } = "";
        public string[] Languages { get; init; } = [];
        public string? Gender { get; init; }
        public bool TwelfthStep { get; init; }
        public bool Active { get; init; }
        public bool Reminders { get; init; }
        public string? HomeBody { get; init; }
    }

    sealed record AuditRow(string Actor, string Action, string? Before, string? After);

    async Task<NpgsqlConnection> OpenAsync()
    {
        var conn = new NpgsqlConnection(Database.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    async Task<VolunteerRow> RowAsync(string key)
    {
        await using var conn = await OpenAsync();
        return await conn.QuerySingleAsync<VolunteerRow>("""
            select v.name, v.phone, v.languages, v.gender, v.twelfth_step, v.active, v.reminders,
                   b.key as home_body
            from volunteers v left join service_bodies b on b.id = v.service_body_id where v.key = @key
            """, new { key });
    }

    async Task<List<AuditRow>> AuditAsync(string key)
    {
        await using var conn = await OpenAsync();
        return (await conn.QueryAsync<AuditRow>("""
            select actor, action, before::text as before, after::text as after from audit_log
            where entity = 'volunteer' and entity_key = @key and actor <> @admin order by id
            """, new { key, admin = AuditLog.AdminApi })).ToList();
    }

    async Task<int> ShiftCountAsync(string key)
    {
        await using var conn = await OpenAsync();
        return await conn.ExecuteScalarAsync<int>(
            "select count(*)::int from shifts s join volunteers v on v.id = s.volunteer_id where v.key = @key",
            new { key });
    }

    async Task<int> VolunteerCountAsync()
    {
        await using var conn = await OpenAsync();
        return await conn.ExecuteScalarAsync<int>("select count(*)::int from volunteers");
    }

    async Task<int> OpenSessionsAsync(string phone)
    {
        await using var conn = await OpenAsync();
        return await conn.ExecuteScalarAsync<int>(
            "select count(*)::int from console_sessions where phone = @phone and ended_at is null", new { phone });
    }
}
