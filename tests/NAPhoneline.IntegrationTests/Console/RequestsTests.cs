using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using System.Xml.XPath;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;
using NAPhoneline.Requests;
using Npgsql;
using NodaTime;

namespace NAPhoneline.IntegrationTests.Console;

// /console/requests and /console/requests/{code}: requests made through the doors callers use (signed Twilio
// webhooks, the admin API's callback form), taken, noted and closed in the browser, on Tuesday 12:00 in San Diego
// (Pat, a Twelfth Step volunteer, and Jordan on duty).
[Collection(DatabaseCollection.Name)]
public sealed partial class RequestsTests(TestDatabase database) : ConsoleTest(database)
{
    const string HelplineChair = "+16195550111", AscChair = "+16195550114", RscChair = "+13105550101";
    const string Caller = "+16195550142", Masked = "+1619***0142";
    const string RecordingSid = "RE0123456789abcdef0123456789abcdef";
    static readonly string Recording =
        $"https://api.twilio.com/2010-04-01/Accounts/{PhonelineApp.AccountSid}/Recordings/{RecordingSid}";

    NpgsqlConnection Db() => new(Database.ConnectionString);

    static string GatherAction(XDocument twiml) =>
        twiml.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value;

    static string RecordAction(XDocument twiml) =>
        twiml.XPathSelectElement("/Response/Record")!.Attribute("action")!.Value;

    // The request's first text has reached Twilio: a sign-in code texted to the same person comes after it.
    async Task<string> CodeOfCallAsync(string callSid, string told)
    {
        for (var i = 0; i < 100 && !Twilio.Messages.Any(m => m["To"] == told); i++) await Task.Delay(50);
        Assert.Contains(Twilio.Messages, m => m["To"] == told);
        await using var db = Db();
        return await db.QuerySingleAsync<string>("select code from requests where origin like @sid || ':%'",
            new { sid = callSid });
    }

    // Menu 4: the H&I chair's phone rings, their voicemail answers (nobody presses 1), the caller leaves a message.
    async Task<string> HandIRequestAsync(string callSid = "CA-console-hi")
    {
        var call = new CallFlow(App.CreateClient(), callSid, Caller);
        await call.PostAsync("/voice/incoming");
        var dial = await call.PostAsync("/voice/menu?lang=en&attempt=0", ("Digits", "4"));
        await call.LegAnswersAsync(CallFlow.Number(dial), "");
        var confirm = await call.DialEndsAsync(dial, "completed", 30);
        var record = await call.PostAsync(GatherAction(confirm), ("Digits", "1"));
        await call.PostAsync(RecordAction(record), ("RecordingUrl", Recording), ("RecordingDuration", "31"));
        return await CodeOfCallAsync(callSid, HiChair);
    }

    // Menu 2: nobody answers, the call ends in a voicemail the helpline chair is told about.
    async Task<string> VoicemailAsync(string callSid = "CA-console-voicemail")
    {
        var call = new CallFlow(App.CreateClient(), callSid, Caller);
        var first = await call.AskForAMemberAsync();
        var second = await call.DialEndsAsync(first, "no-answer");
        var global = await call.DialEndsAsync(second, "busy");
        var voicemail = await call.DialEndsAsync(global, "failed");
        await call.PostAsync(RecordAction(voicemail), ("RecordingUrl", Recording), ("RecordingDuration", "14"));
        return await CodeOfCallAsync(callSid, HelplineChair);
    }

    // Menu 3: the calling number confirmed, a message recorded; Pat (on duty, Twelfth Step) is told.
    async Task<string> TwelfthStepAsync(string callSid = "CA-console-12")
    {
        var call = new CallFlow(App.CreateClient(), callSid, Caller);
        await call.PostAsync("/voice/incoming");
        var confirm = await call.PostAsync("/voice/menu?lang=en&attempt=0", ("Digits", "3"));
        var record = await call.PostAsync(GatherAction(confirm), ("Digits", "1"));
        await call.PostAsync(RecordAction(record), ("RecordingUrl", Recording), ("RecordingDuration", "9"));
        return await CodeOfCallAsync(callSid, Pat);
    }

    async Task<string> CallbackAsync(string serviceBody = "asc-sd", string role = "pi")
    {
        using var client = App.CreateAdminClient();
        var response = await client.PostAsJsonAsync("/admin/api/callbacks", new
        {
            name = "Dr. Rivera", organisation = "Mercy Hospital", phone = "(619) 555-0177",
            reason = "A patient asks about meetings", serviceBody, role,
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>();
    }

    async Task<long> IdOfAsync(string code)
    {
        await using var db = Db();
        return await db.QuerySingleAsync<long>("select id from requests where code = @code", new { code });
    }

    static ILocator Row(IPage page, string code) =>
        page.GetByRole(AriaRole.Row)
            .Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = code, Exact = true }) });

    // A fact of the request page: the <dd> after the <dt> that names it.
    static ILocator Fact(IPage page, string name) =>
        page.Locator($"xpath=//dt[normalize-space()='{name}']/following-sibling::dd[1]");

    static Task TakeAsync(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "I'll take it" }).ClickAsync();

    [Fact]
    public async Task The_HI_chair_takes_an_HI_request_from_the_inbox_sees_the_number_and_the_ladder_stops()
    {
        var code = await HandIRequestAsync();
        var page = await SignInAsync(HiChair);

        await page.GotoAsync("/console/requests");
        var row = Row(page, code);
        await Assertions.Expect(row).ToContainTextAsync("H&I");
        await Assertions.Expect(row).ToContainTextAsync("Open");
        await Assertions.Expect(row).ToContainTextAsync("San Diego Area, step 1");
        Assert.DoesNotContain("5550142", await page.ContentAsync(), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "requests-inbox-en-desktop");

        await row.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await Assertions.Expect(Fact(page, "Callback number")).ToContainTextAsync(Masked);
        await TakeAsync(page);

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("You took this request");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = Caller }))
            .ToHaveAttributeAsync("href", "tel:" + Caller);
        await Assertions.Expect(Fact(page, "Taken by")).ToContainTextAsync("H&I Chair");
        await Assertions.Expect(Fact(page, "Status")).ToHaveTextAsync("Taken");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "I'll take it" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "H&I Chair (level 0)" }))
            .ToContainTextAsync("Taken");
        await Browser.ScreenshotAsync(page, "request-taken-en-desktop");

        // The deadline passes: the ladder's step finds the request taken, and nobody above is told.
        App.Time.Advance(TimeSpan.FromMinutes(31));
        var job = App.Services.GetRequiredService<EscalationJob>();
        var now = Instant.FromDateTimeOffset(App.Time.GetUtcNow());
        var step = await job.StepAsync(await IdOfAsync(code), 0, now, default);
        Assert.IsType<StepDecision.Nothing>(step);
        await using var db = Db();
        Assert.Equal(("acknowledged", 0),
            await db.QuerySingleAsync<(string, int)>("select status, level from requests"));
        Assert.Equal(0, (await db.QueryAsync<string>("select to_number from outbox_sms"))
            .Count(to => PhonelineApp.Open(to) is AscChair or RscChair));
        var audit = await db.QuerySingleAsync<(string Actor, string Action, string Before, string After)>(
            "select actor, action, before::text, after::text from audit_log where entity = 'request' and entity_key " +
            "= @code",
            new { code });
        Assert.Equal(("H&I Chair (+1619***0112)", "acknowledged"), (audit.Actor, audit.Action));
        Assert.Equal(("""{"status": "open"}""", """{"status": "acknowledged"}"""), (audit.Before, audit.After));
    }

    [Fact]
    public async Task Another_contact_sees_who_took_it_only_a_masked_number_and_cannot_take_or_close_it()
    {
        var code = await HandIRequestAsync();
        // The helpline chair (a contact of the body the request is at) has the page open before it is taken.
        var other = await SignInAsync(HelplineChair, Viewport.Phone);
        await other.GotoAsync($"/console/requests/{code}");
        var chair = await SignInAsync(HiChair);
        await chair.GotoAsync($"/console/requests/{code}");
        await TakeAsync(chair);
        await Assertions.Expect(chair.GetByRole(AriaRole.Status)).ToContainTextAsync("You took this request");

        await TakeAsync(other);
        await Assertions.Expect(other.GetByRole(AriaRole.Alert))
            .ToHaveTextAsync("Someone else took this request first.");
        await Assertions.Expect(Fact(other, "Taken by")).ToContainTextAsync("H&I Chair, Tue 24 Nov 12:00");
        await Assertions.Expect(Fact(other, "Callback number")).ToContainTextAsync(Masked);
        await Assertions.Expect(other.GetByRole(AriaRole.Link, new() { NameRegex = Tel() })).ToHaveCountAsync(0);
        await Assertions.Expect(other.GetByRole(AriaRole.Button, new() { Name = "I'll take it" })).ToHaveCountAsync(0);
        // Neither the taker nor a coordinator: no Done, and a forged one is refused.
        await Assertions.Expect(other.GetByRole(AriaRole.Button, new() { Name = "Done" })).ToHaveCountAsync(0);
        Assert.DoesNotContain("5550142", await other.ContentAsync(), StringComparison.Ordinal);
        var form = other.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken",
            await other.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync());
        form.Set("id", (await IdOfAsync(code)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var done = await other.APIRequest.PostAsync($"/console/requests/{code}?handler=Done", new() { Form = form });
        Assert.Contains("Only whoever took the request", await done.TextAsync(), StringComparison.Ordinal);

        await other.GotoAsync("/console/requests");
        await Assertions.Expect(Row(other, code)).ToContainTextAsync("H&I Chair");
        await Assertions.Expect(Row(other, code)).ToContainTextAsync("Taken");
        await Browser.ScreenshotAsync(other, "requests-inbox-en-phone");
        await using var db = Db();
        Assert.Equal("acknowledged", await db.QuerySingleAsync<string>("select status from requests"));
    }

    [Fact]
    public async Task The_message_plays_from_the_console_and_the_page_carries_no_twilio_address()
    {
        var code = await HandIRequestAsync();
        var page = await SignInAsync(HiChair);
        await page.GotoAsync($"/console/requests/{code}");

        var audio = page.GetByLabel("Message", new() { Exact = true });
        Assert.Equal($"/console/requests/{code}/recording", await audio.GetAttributeAsync("src"));
        Assert.NotNull(await audio.GetAttributeAsync("controls"));
        // The audio element itself loads it (the page's CSP allows media from the console only).
        var loaded = await page.RunAndWaitForResponseAsync(
            () => audio.EvaluateAsync("a => { a.preload = 'auto'; a.load(); }"),
            r => r.Url.EndsWith($"/console/requests/{code}/recording", StringComparison.Ordinal));
        Assert.Equal(200, loaded.Status);
        Assert.Equal("audio/mpeg", loaded.Headers["content-type"]);
        var fetched = await page.EvaluateAsync<JsonElement>("""
            async src => { const r = await fetch(src); const b = new Uint8Array(await r.arrayBuffer());
                           return { status: r.status, type: r.headers.get('content-type'), bytes: Array.from(b) }; }
            """, $"/console/requests/{code}/recording");
        Assert.Equal(200, fetched.GetProperty("status").GetInt32());
        Assert.Equal("audio/mpeg", fetched.GetProperty("type").GetString());
        Assert.Equal(FakeTwilio.RecordingBody,
            fetched.GetProperty("bytes").EnumerateArray().Select(b => (byte)b.GetInt32()));

        Assert.DoesNotContain("twilio", await page.ContentAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(RecordingSid, await page.ContentAsync(), StringComparison.Ordinal);
        // Fetched from the configured API base, for our own account, as MP3.
        Assert.All(Twilio.RecordingFetches, path =>
            Assert.Equal($"/2010-04-01/Accounts/{PhonelineApp.AccountSid}/Recordings/{RecordingSid}.mp3", path));
        Assert.NotEmpty(Twilio.RecordingFetches);
    }

    [Fact]
    public async Task A_note_appears_in_the_trail_bad_notes_are_answered_on_the_form_and_the_taker_closes_it()
    {
        var code = await HandIRequestAsync();
        var page = await SignInAsync(HiChair);
        await page.GotoAsync($"/console/requests/{code}");
        await TakeAsync(page);
        var note = page.GetByLabel("Add a note");
        var add = page.GetByRole(AriaRole.Button, new() { Name = "Add note" });

        await add.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Please correct");
        await Assertions.Expect(note).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(note).ToHaveAccessibleDescriptionAsync(new Regex("Write the note first"));
        var tooLong = new string('x', 501);
        await note.FillAsync(tooLong);
        await add.ClickAsync();
        await Assertions.Expect(note).ToHaveAccessibleDescriptionAsync(new Regex("at most 500 characters"));
        await Assertions.Expect(note).ToHaveValueAsync(tooLong);

        await note.FillAsync("Called back. <b>Panel</b> on Thursday.");
        await add.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Note added.");
        await Assertions.Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Note" }))
            .ToContainTextAsync("H&I Chair: Called back. <b>Panel</b> on Thursday.");

        await page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The request is done.");
        await Assertions.Expect(Fact(page, "Status")).ToHaveTextAsync("Done");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Done" })).ToHaveCountAsync(0);

        await using var db = Db();
        Assert.Equal("resolved", await db.QuerySingleAsync<string>("select status from requests"));
        Assert.Equal(1, await db.QuerySingleAsync<int>("select count(*)::int from request_events where kind = 'note'"));
        var audit = (await db.QueryAsync<(string Action, string Before, string After)>(
            "select action, before::text, after::text from audit_log where entity_key = @code order by id",
            new { code })).ToList();
        Assert.Equal(["acknowledged", "note", "resolved"], audit.Select(a => a.Action));
        Assert.Equal(("""{"status": "acknowledged"}""", """{"status": "resolved"}"""),
            (audit[2].Before, audit[2].After));
        Assert.DoesNotContain(audit, a => (a.Before + a.After).Contains("5550142", StringComparison.Ordinal)
            || (a.Before + a.After).Contains("Panel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_coordinator_who_was_not_told_takes_a_voicemail_and_the_helpline_chair_hears_it_is_taken()
    {
        var code = await VoicemailAsync();
        Assert.Equal(HelplineChair, Assert.Single(Twilio.Messages)["To"]);
        var page = await SignInAsync(Coordinator);

        await page.GotoAsync($"/console/requests/{code}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Voicemail" })).ToBeVisibleAsync();
        // A voicemail's message is for everyone who sees it (so they can decide who calls back); the number is not.
        await Assertions.Expect(page.GetByLabel("Message", new() { Exact = true })).ToBeAttachedAsync();
        await Assertions.Expect(Fact(page, "Callback number")).ToContainTextAsync(Masked);
        await TakeAsync(page);

        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = Caller })).ToBeVisibleAsync();
        await Assertions.Expect(Fact(page, "Taken by")).ToContainTextAsync("Robin C.");
        bool Told() => Twilio.Messages.Any(m => m["To"] == HelplineChair
            && m["Body"].Contains("taken by another member", StringComparison.Ordinal));
        for (var i = 0; i < 100 && !Told(); i++) await Task.Delay(50);
        Assert.True(Told(), "the helpline chair, told first, hears that it is taken");
        await using var db = Db();
        Assert.Equal((0, "Robin C."), await db.QuerySingleAsync<(int, string)>("""
            select p.level, p.name from requests r join request_recipients p on p.id = r.acknowledged_by
            where p.phone = @phone
            """, new { phone = Coordinator }));
    }

    [Fact]
    public async Task Another_areas_coordinator_gets_404_for_the_page_the_recording_and_a_forged_post()
    {
        var code = await HandIRequestAsync();
        var id = await IdOfAsync(code);
        var page = await SignInAsync(NorthCoordinator);

        await page.GotoAsync("/console/requests?status=all");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = code, Exact = true })).ToHaveCountAsync(0);
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
        var opened = await page.GotoAsync($"/console/requests/{code}");
        Assert.Equal(404, opened!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        Assert.Equal(404, (await page.APIRequest.GetAsync($"/console/requests/{code}/recording")).Status);

        foreach (var handler in new[] { "Take", "Done", "Note" })
        {
            var form = page.APIRequest.CreateFormData();
            form.Set("__RequestVerificationToken", token);
            form.Set("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            form.Set("Note", "forged");
            var forged = await page.APIRequest.PostAsync($"/console/requests/{code}?handler={handler}",
                new() { Form = form, MaxRedirects = 0 });
            Assert.Equal(404, forged.Status);
        }

        await using var db = Db();
        Assert.Equal(("open", false), await db.QuerySingleAsync<(string, bool)>(
            "select status, acknowledged_by is not null from requests"));
        Assert.Equal(0, await db.QuerySingleAsync<int>(
            "select count(*)::int from request_recipients where phone = @phone", new { phone = NorthCoordinator }));
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from request_events where kind = 'note'"));
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from audit_log where entity = 'request'"));
        Assert.Empty(Twilio.RecordingFetches);

        // The same form from someone who may act on it goes through: the refusal above is the rule, not the form.
        var robin = await SignInAsync(Coordinator);
        var robinToken = await robin.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
        var allowed = robin.APIRequest.CreateFormData();
        allowed.Set("__RequestVerificationToken", robinToken);
        allowed.Set("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var taken = await robin.APIRequest.PostAsync($"/console/requests/{code}?handler=Take",
            new() { Form = allowed, MaxRedirects = 0 });
        Assert.Equal(302, taken.Status);
        Assert.Equal("acknowledged", await db.QuerySingleAsync<string>("select status from requests"));
    }

    [Fact]
    public async Task The_inbox_filters_by_status_type_and_body_and_shows_no_number()
    {
        // A coordinator of the region, who sees both areas below it.
        await ImportAsync("""
            { "serviceBodies": [ { "key": "rsc-socal", "name": "Southern California Region", "kind": "RSC",
                "parent": "wso", "timeZone": "America/Los_Angeles",
                "contacts": [ { "role": "escalation", "name": "RSC Chair", "phone": "+13105550101" },
                              { "role": "coordinator", "name": "Lee R.", "phone": "+13105550115" } ] } ] }
            """);
        var handI = await HandIRequestAsync();
        var callback = await CallbackAsync();
        var north = await CallbackAsync("asc-north", "helpline");
        var page = await SignInAsync("+13105550115");

        await page.GotoAsync("/console/requests");
        foreach (var code in new[] { handI, callback, north })
            await Assertions.Expect(Row(page, code)).ToBeVisibleAsync();
        var content = await page.ContentAsync();
        Assert.DoesNotContain("5550142", content, StringComparison.Ordinal);
        Assert.DoesNotContain("5550177", content, StringComparison.Ordinal);

        await page.GetByLabel("Type").SelectOptionAsync(new SelectOptionValue { Label = "H&I" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(Row(page, handI)).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row)).ToHaveCountAsync(2); // the header and the H&I request
        await Assertions.Expect(page.GetByLabel("Type")).ToHaveValueAsync("hi");

        await page.GetByLabel("Type").SelectOptionAsync(new SelectOptionValue { Label = "All types" });
        await page.GetByLabel("Service body").SelectOptionAsync(new SelectOptionValue { Label = "North County Area" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(Row(page, north)).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);

        await page.GetByLabel("Status").SelectOptionAsync(new SelectOptionValue { Label = "Done" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByText("No requests to show.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_request_pages_speak_spanish_on_a_phone()
    {
        var code = await HandIRequestAsync();
        var page = await SignInAsync(HiChair, Viewport.Phone, "es-ES");
        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();

        await page.GotoAsync("/console/requests");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Solicitudes" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Estado")).ToBeVisibleAsync();
        await Assertions.Expect(Row(page, code)).ToContainTextAsync("HeI");
        await Assertions.Expect(Row(page, code)).ToContainTextAsync("Abierta");
        await Row(page, code).GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Solicitud {code}" }))
            .ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yo me encargo" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Usted tomó esta solicitud");
        await Assertions.Expect(Fact(page, "Tomada por")).ToContainTextAsync("H&I Chair, mar 24 nov 12:00");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Hecho" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Añadir una nota")).ToBeVisibleAsync();
        // Nothing wider than the phone: the page scrolls down, never sideways.
        // (A mobile viewport widens to fit its content, so the width is compared with the phone's own.)
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= Viewport.Phone.Width, $"the page is {width} px wide");
        await Browser.ScreenshotAsync(page, "request-es-phone");
    }

    [Fact]
    public async Task A_Twelfth_Step_message_and_number_are_for_the_volunteer_who_takes_it()
    {
        var code = await TwelfthStepAsync();
        var robin = await SignInAsync(Coordinator);
        await robin.GotoAsync($"/console/requests/{code}");
        await Assertions.Expect(robin.GetByText("The message of a Twelfth Step call is for whoever takes it."))
            .ToBeVisibleAsync();
        await Assertions.Expect(robin.GetByLabel("Message", new() { Exact = true })).ToHaveCountAsync(0);
        Assert.Equal(404, (await robin.APIRequest.GetAsync($"/console/requests/{code}/recording")).Status);
        await Assertions.Expect(Fact(robin, "Where on the ladder"))
            .ToHaveTextAsync("On-duty volunteers of San Diego Area");

        var pat = await SignInAsync(Pat, Viewport.Phone);
        await pat.GotoAsync("/console/requests");
        await Row(pat, code).GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await TakeAsync(pat);

        await Assertions.Expect(pat.GetByRole(AriaRole.Link, new() { Name = Caller })).ToBeVisibleAsync();
        await Assertions.Expect(pat.GetByLabel("Message", new() { Exact = true })).ToBeAttachedAsync();
        Assert.Equal(200, (await pat.APIRequest.GetAsync($"/console/requests/{code}/recording")).Status);
    }

    [Fact]
    public async Task The_admin_API_writes_audit_rows_for_a_callback_its_ack_and_its_done()
    {
        var code = await CallbackAsync();
        using var client = App.CreateAdminClient();
        Assert.True((await client.PostAsync($"/admin/api/requests/{code}/ack", null)).IsSuccessStatusCode);
        Assert.True((await client.PostAsync($"/admin/api/requests/{code}/done", null)).IsSuccessStatusCode);

        await using var db = Db();
        var rows = (await db.QueryAsync<(string Actor, string Action, string? Before, string After)>("""
            select actor, action, before::text, after::text from audit_log
            where entity = 'request' and entity_key = @code order by id
            """, new { code })).ToList();
        Assert.Equal(["created", "acknowledged", "resolved"], rows.Select(r => r.Action));
        Assert.All(rows, r => Assert.Equal("admin API", r.Actor));
        Assert.Null(rows[0].Before);
        Assert.Equal(("""{"status": "open"}""", """{"status": "acknowledged"}"""), (rows[1].Before, rows[1].After));
        Assert.Equal(("""{"status": "acknowledged"}""", """{"status": "resolved"}"""), (rows[2].Before, rows[2].After));
        Assert.DoesNotContain(rows, r => (r.Before + r.After).Contains("5550177", StringComparison.Ordinal));
    }

    [GeneratedRegex("^\\+1")]
    private static partial Regex Tel();
}
