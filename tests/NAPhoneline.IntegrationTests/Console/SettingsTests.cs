using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.State;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Console;

// CONTRACT 11: /console/settings?body=KEY, checked like an import and written through it, one body at a time.
[Collection(DatabaseCollection.Name)]
public sealed class SettingsTests(TestDatabase database) : ConsoleTest(database)
{
    [Fact]
    public async Task A_change_is_shown_on_the_next_page_and_applied_to_calls()
    {
        var untouched = await OthersAsync();
        var page = await SignInAsync(Coordinator);
        await page.GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings: San Diego Area" }))
            .ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Ring seconds")).ToHaveValueAsync("20");

        await page.GetByLabel("Who rings first").SelectOptionAsync("simultaneous");
        await page.GetByLabel("Ring seconds").FillAsync("25");
        await page.GetByLabel("Twelfth Step call (minutes)").FillAsync("10");
        var fresh = page.GetByRole(AriaRole.Group, new() { Name = "New contact" });
        await fresh.GetByLabel("Or another role").FillAsync("treasurer");
        await fresh.GetByLabel("Name").FillAsync("Terry T.");
        await fresh.GetByLabel("Phone").FillAsync("(619) 555-0131");
        await fresh.GetByLabel("The helpline may ring this contact live").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        await Browser.ScreenshotAsync(page, "settings-saved-desktop");
        await Assertions.Expect(page.GetByLabel("Ring seconds")).ToHaveValueAsync("25");
        await Assertions.Expect(page.GetByLabel("Who rings first")).ToHaveValueAsync("simultaneous");
        await Assertions.Expect(page.GetByLabel("Twelfth Step call (minutes)")).ToHaveValueAsync("10");
        await Assertions.Expect(page.GetByLabel("General deadline (minutes)")).ToHaveValueAsync("30");
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Contact 6: Terry T." }))
            .ToBeVisibleAsync();

        var sd = App.Services.GetRequiredService<HelplineDirectory>().Current.Body("asc-sd")!;
        Assert.Equal((RoutingStrategy.Simultaneous, 25, 120), (sd.RoutingStrategy, sd.RingSeconds, sd.MaxWaitSeconds));
        Assert.Equal(TimeSpan.FromMinutes(10), sd.AcknowledgeWithinByType!["twelfth-step"]);
        Assert.Equal(TimeSpan.FromMinutes(30), sd.AcknowledgeWithin);
        Assert.Equal(["en", "es"], sd.Languages);
        var terry = App.Services.GetRequiredService<HelplineDirectory>().Current.Contact(sd.Id, "treasurer")!;
        Assert.Equal(("Terry T.", "+16195550131", false), (terry.Name, terry.Phone, terry.AcceptsCalls));
        // The rest of the body and every other body, volunteer and shift are as they were.
        Assert.Equal(untouched, await OthersAsync());

        await using var conn = await OpenAsync();
        var audit = await conn.QuerySingleAsync<(string Actor, string Before, string After)>("""
            select actor, before::text, after::text from audit_log where entity = 'settings' and entity_key = 'asc-sd'
            """);
        Assert.Equal("Robin C. (+1619***0115)", audit.Actor);
        Assert.Contains("\"ringSeconds\": 20", audit.Before, StringComparison.Ordinal);
        Assert.Contains("\"ringSeconds\": 25", audit.After, StringComparison.Ordinal);
        Assert.Contains("+1619***0131", audit.After, StringComparison.Ordinal);
        Assert.DoesNotContain("+16195550131", audit.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_values_are_answered_on_the_form_and_nothing_changes()
    {
        var page = await SignInAsync(Coordinator, Viewport.Phone);
        await page.GotoAsync("/console/settings?body=asc-sd");
        await page.GetByLabel("Ring seconds").FillAsync("0");
        await page.GetByLabel("Fallback number").FillAsync("12345");
        await page.GetByLabel("Voicemail (minutes)").FillAsync("soon");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("from 5 to 120");
        await Assertions.Expect(alert).ToContainTextAsync("not a phone number");
        await Assertions.Expect(alert).ToContainTextAsync("number of minutes");
        await Assertions.Expect(page.GetByLabel("Ring seconds")).ToHaveValueAsync("0");
        await Assertions.Expect(page.GetByLabel("Ring seconds")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Fallback number")).ToHaveValueAsync("12345");
        await Assertions.Expect(page.GetByLabel("Fallback number")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Voicemail (minutes)")).ToHaveValueAsync("soon");
        await Browser.ScreenshotAsync(page, "settings-errors-phone");

        var sd = App.Services.GetRequiredService<HelplineDirectory>().Current.Body("asc-sd")!;
        Assert.Equal((20, "+16195550199"), (sd.RingSeconds, sd.FallbackNumber));
        await using var conn = await OpenAsync();
        Assert.Equal(20, await RingSecondsAsync(conn, "asc-sd"));
        Assert.Equal(0, await SettingsAuditsAsync(conn));
    }

    [Fact]
    public async Task Another_row_can_be_added_without_losing_what_was_typed()
    {
        var page = await SignInAsync(Coordinator);
        await page.GotoAsync("/console/settings?body=asc-sd");
        await page.GetByLabel("Ring seconds").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Another new contact" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "New contact" })).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByLabel("Ring seconds")).ToHaveValueAsync("30");
        Assert.Equal(20, App.Services.GetRequiredService<HelplineDirectory>().Current.Body("asc-sd")!.RingSeconds);

        // Saved back as it was, the empty rows are left out and nothing is written.
        await page.GetByLabel("Ring seconds").FillAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "New contact" })).ToHaveCountAsync(1);
        await using var conn = await OpenAsync();
        Assert.Equal(0, await SettingsAuditsAsync(conn));
        Assert.Equal(5, await conn.ExecuteScalarAsync<int>("""
            select count(*)::int from contacts c join service_bodies b on b.id = c.service_body_id
            where b.key = 'asc-sd'
            """));
    }

    // A form's antiforgery token belongs to the session, not to the name: renaming yourself in one tab leaves the
    // form open in another one working.
    [Fact]
    public async Task A_coordinator_who_renames_themselves_can_still_send_a_form_open_in_another_tab()
    {
        var settings = await SignInAsync(Coordinator);
        var other = await settings.Context.NewPageAsync();
        await other.GotoAsync("/console/blocklist");
        await other.GetByLabel("Phone number").FillAsync("(619) 555-0142");
        await other.GetByLabel("Reason").FillAsync("calls every night and hangs up");

        await settings.GotoAsync("/console/settings?body=asc-sd");
        await settings.GetByRole(AriaRole.Group, new() { Name = "Contact 5: Robin C." }).GetByLabel("Name")
            .FillAsync("Robin Castillo");
        await settings.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(settings.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");

        await other.GetByRole(AriaRole.Button, new() { Name = "Block", Exact = true }).ClickAsync();
        await Assertions.Expect(other.GetByRole(AriaRole.Status)).ToHaveTextAsync("Blocked.");
        await Assertions.Expect(other.GetByRole(AriaRole.List,
                new() { Name = "Blocked now and undone in the last 30 days" }))
            .ToContainTextAsync("asked by Robin Castillo (+1619***0115)");
    }

    [Fact]
    public async Task A_coordinator_cannot_remove_their_own_coordinator_role()
    {
        var page = await SignInAsync(Coordinator);
        await page.GotoAsync("/console/settings?body=asc-sd");
        await page.GetByRole(AriaRole.Group, new() { Name = "Contact 5: Robin C." })
            .GetByLabel("Remove this contact").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("your own coordinator role");
        await Assertions.Expect(page.GetByRole(AriaRole.Group, new() { Name = "Contact 5: Robin C." })
            .GetByLabel("Remove this contact")).ToBeCheckedAsync();
        var sd = App.Services.GetRequiredService<HelplineDirectory>().Current.Body("asc-sd")!;
        Assert.NotNull(App.Services.GetRequiredService<HelplineDirectory>().Current.Contact(sd.Id, "coordinator"));
    }

    [Fact]
    public async Task Another_bodys_coordinator_gets_404_and_a_forged_post_changes_nothing()
    {
        var before = await OthersAsync();
        var page = await SignInAsync(NorthCoordinator);
        Assert.Equal(404, (await page.GotoAsync("/console/settings?body=asc-sd"))!.Status);
        Assert.Equal(404, (await page.GotoAsync("/console/settings?body=rsc-socal"))!.Status);

        // Casey's own settings form, pointed at San Diego.
        await page.GotoAsync("/console/settings");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Settings: North County Area" }))
            .ToBeVisibleAsync();
        await page.GetByLabel("Ring seconds").FillAsync("60");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" })
            .EvaluateAsync("b => b.form.action = '/console/settings?body=asc-sd'");
        var save = await page.RunAndWaitForResponseAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(404, save.Status);
        await using var conn = await OpenAsync();
        Assert.Equal(20, await RingSecondsAsync(conn, "asc-sd"));
        Assert.Equal(20, await RingSecondsAsync(conn, "asc-north"));
        Assert.Equal(before, await OthersAsync());
        Assert.Equal(0, await SettingsAuditsAsync(conn));
    }

    [Fact]
    public async Task The_page_speaks_spanish_on_a_phone()
    {
        var page = await SignInAsync(Coordinator, Viewport.Phone, "es-ES");
        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();
        await page.GotoAsync("/console/settings?body=asc-sd");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ajustes: San Diego Area" }))
            .ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Segundos de timbre")).ToHaveValueAsync("20");
        await Assertions.Expect(page.GetByLabel("Plazo general (minutos)")).ToHaveValueAsync("30");
        await page.GetByLabel("Segundos de timbre").FillAsync("abc");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("de 5 a 120");
        await Browser.ScreenshotAsync(page, "settings-es-phone");
    }

    [Fact]
    public async Task Shift_reminders_are_set_shown_again_and_turned_off()
    {
        var page = await SignInAsync(Coordinator);
        await page.GotoAsync("/console/settings?body=asc-sd");
        var on = page.GetByLabel("Text volunteers a reminder before each shift");
        var lead = page.GetByLabel("Minutes before the shift");
        var cover = page.GetByLabel("Tell coordinators if a shift is still uncovered this many minutes before it");
        await Assertions.Expect(on).Not.ToBeCheckedAsync();

        await on.CheckAsync();
        await lead.FillAsync("90");
        await cover.FillAsync("45");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        await Assertions.Expect(on).ToBeCheckedAsync();
        await Assertions.Expect(lead).ToHaveValueAsync("90");
        await Assertions.Expect(cover).ToHaveValueAsync("45");
        await using var conn = await OpenAsync();
        Assert.Equal((TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(45)), await RemindersAsync(conn));
        var sd = App.Services.GetRequiredService<HelplineDirectory>().Current.Body("asc-sd")!;
        Assert.Equal((TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(45)),
            (sd.ReminderLead!.Value, sd.CoverWithin!.Value));
        var after = await conn.QuerySingleAsync<string>(
            "select after::text from audit_log where entity = 'settings' and entity_key = 'asc-sd'");
        Assert.Contains("\"leadTime\": \"01:30:00\"", after, StringComparison.Ordinal);

        await on.UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        await Assertions.Expect(on).Not.ToBeCheckedAsync();
        await Assertions.Expect(lead).ToHaveValueAsync("");
        Assert.Equal((null, null), await RemindersAsync(conn));
        Assert.Equal(2, await SettingsAuditsAsync(conn));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("3")]
    public async Task A_lead_time_that_is_not_one_is_refused_by_its_field(string minutes)
    {
        var page = await SignInAsync(Coordinator, Viewport.Phone);
        await page.GotoAsync("/console/settings?body=asc-sd");
        await page.GetByLabel("Text volunteers a reminder before each shift").CheckAsync();
        await page.GetByLabel("Minutes before the shift").FillAsync(minutes);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("from 10 to 10080");
        var lead = page.GetByLabel("Minutes before the shift");
        await Assertions.Expect(lead).ToHaveValueAsync(minutes);
        await Assertions.Expect(lead).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(lead).ToHaveAccessibleDescriptionAsync(new Regex("from 10 to 10080"));
        await Assertions.Expect(page.GetByLabel("Text volunteers a reminder before each shift")).ToBeCheckedAsync();
        await Browser.ScreenshotAsync(page, "settings-reminders-error-phone-" + minutes);
        await using var conn = await OpenAsync();
        Assert.Equal((null, null), await RemindersAsync(conn));
        Assert.Equal(0, await SettingsAuditsAsync(conn));
    }

    [Fact]
    public async Task A_contacts_email_is_saved_shown_again_and_masked_in_the_audit_log()
    {
        var page = await SignInAsync(Coordinator);
        await page.GotoAsync("/console/settings?body=asc-sd");
        var chair = page.GetByRole(AriaRole.Group, new() { Name = "Contact 1: Helpline Chair" });
        await Assertions.Expect(chair.GetByLabel("Email")).ToHaveValueAsync("");

        await chair.GetByLabel("Email").FillAsync("helpline@sandiegona.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        await Assertions.Expect(chair.GetByLabel("Email")).ToHaveValueAsync("helpline@sandiegona.org");
        await using var conn = await OpenAsync();
        Assert.Equal("helpline@sandiegona.org", await EmailAsync(conn, "helpline"));
        var audit = await conn.QuerySingleAsync<(string Before, string After)>(
            "select before::text, after::text from audit_log where entity = 'settings' and entity_key = 'asc-sd'");
        Assert.Contains("he***@sandiegona.org", audit.After, StringComparison.Ordinal);
        Assert.DoesNotContain("helpline@sandiegona.org", audit.After, StringComparison.Ordinal);

        // Cleared, the address is gone.
        await chair.GetByLabel("Email").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        Assert.Null(await EmailAsync(conn, "helpline"));
    }

    [Fact]
    public async Task A_bad_email_is_refused_by_its_field_and_nothing_changes()
    {
        var page = await SignInAsync(Coordinator);
        await page.GotoAsync("/console/settings?body=asc-sd");
        var pi = page.GetByRole(AriaRole.Group, new() { Name = "Contact 3: PI Chair" });
        await pi.GetByLabel("Email").FillAsync("pi chair at example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not an email address");
        await Assertions.Expect(pi.GetByLabel("Email")).ToHaveValueAsync("pi chair at example.org");
        await Assertions.Expect(pi.GetByLabel("Email")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(pi.GetByLabel("Email")).ToHaveAccessibleDescriptionAsync(
            new Regex("not an email address"));
        await Browser.ScreenshotAsync(page, "settings-email-error-desktop");
        await using var conn = await OpenAsync();
        Assert.Null(await EmailAsync(conn, "pi"));
        Assert.Equal(0, await SettingsAuditsAsync(conn));
    }

    static Task<(TimeSpan?, TimeSpan?)> RemindersAsync(NpgsqlConnection conn) =>
        conn.QuerySingleAsync<(TimeSpan?, TimeSpan?)>(
            "select reminder_lead, cover_within from service_bodies where key = 'asc-sd'");

    static Task<string?> EmailAsync(NpgsqlConnection conn, string role) =>
        conn.ExecuteScalarAsync<string?>("""
            select c.email from contacts c join service_bodies b on b.id = c.service_body_id
            where b.key = 'asc-sd' and c.role = @role
            """, new { role });

    // The console's rows, not the import's of the demo data.
    static Task<int> SettingsAuditsAsync(NpgsqlConnection conn) =>
        conn.ExecuteScalarAsync<int>("select count(*)::int from audit_log where entity = 'settings'");

    static Task<int> RingSecondsAsync(NpgsqlConnection conn, string key) =>
        conn.ExecuteScalarAsync<int>("select ring_seconds from service_bodies where key = @key", new { key });

    async Task<NpgsqlConnection> OpenAsync()
    {
        var conn = new NpgsqlConnection(Database.ConnectionString);
        await conn.OpenAsync();
        return conn;
    }

    // What a San Diego settings change must leave alone: other bodies, their contacts and numbers, San Diego's
    // own name and numbers, volunteers and shifts.
    async Task<string> OthersAsync()
    {
        await using var conn = await OpenAsync();
        return await conn.ExecuteScalarAsync<string>("""
            select concat_ws(' | ',
              (select string_agg(concat_ws(',', key, name, kind, parent_id, time_zone, ring_seconds, routing_strategy,
                                           fallback_number, postal_code_digits), ';' order by key)
               from service_bodies where key <> 'asc-sd'),
              (select concat_ws(',', name, kind, parent_id, time_zone, postal_code_digits) from service_bodies
               where key = 'asc-sd'),
              (select string_agg(c.role || c.name || c.phone, ';' order by c.id) from contacts c
               join service_bodies b on b.id = c.service_body_id where b.key <> 'asc-sd'),
              (select string_agg(phone || service_body_id, ';' order by phone) from helpline_numbers),
              (select string_agg(concat_ws(',', key, name, phone, active, service_body_id), ';' order by key)
               from volunteers),
              (select string_agg(concat_ws(',', volunteer_id, service_body_id, day, start_time, end_time), ';'
                                 order by volunteer_id, day, start_time) from shifts))
            """) ?? "";
    }
}
