using System.Net;
using System.Xml.XPath;
using Microsoft.Playwright;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;

namespace NAPhoneline.IntegrationTests.Console;

// CONTRACT 11 and 12, /console/reports: calls made through signed Twilio webhooks, then read by the coordinator.
// The clock stands at Tuesday 2026-11-24 12:00 in San Diego, with Pat and Jordan on duty.
[Collection(DatabaseCollection.Name)]
public sealed class ReportsTests(TestDatabase database) : ConsoleTest(database)
{
    // 12:00 answered after 7 s; then a voicemail after every leg fails; then a caller who hangs up after 30 s.
    async Task MakeCallsAsync()
    {
        using var client = App.CreateClient();
        var answered = new CallFlow(client, "CA-report-answered", "+16195550142");
        var dial = await answered.AskForAMemberAsync();
        App.Time.Advance(TimeSpan.FromSeconds(7));
        await answered.LegAnswersAsync(CallFlow.Number(dial), keys: "1");
        await answered.DialEndsAsync(dial, "completed", duration: 300);
        await client.PostTwilioAsync("/voice/status", answered.Form(("CallStatus", "completed")));
        await App.CallRecordsWrittenAsync();

        var voicemail = new CallFlow(client, "CA-report-voicemail", "+16195550143");
        var twiml = await voicemail.AskForAMemberAsync();
        while (twiml.XPathSelectElement("/Response/Dial") is not null)
            twiml = await voicemail.DialEndsAsync(twiml, "no-answer");
        await voicemail.PostAsync(twiml.XPathSelectElement("/Response/Record")!.Attribute("action")!.Value,
            ("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1"),
            ("RecordingDuration", "14"));
        await client.PostTwilioAsync("/voice/status", voicemail.Form(("CallStatus", "completed")));
        await App.CallRecordsWrittenAsync();

        var gone = new CallFlow(client, "CA-report-gone", "+16195550144");
        await gone.AskForAMemberAsync();
        App.Time.Advance(TimeSpan.FromSeconds(30));
        await client.PostTwilioAsync("/voice/status", gone.Form(("CallStatus", "completed")));
        await App.CallRecordsWrittenAsync();
    }

    static ILocator Figure(IPage page, string label) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader,
            new() { Name = label, Exact = true }) });

    [Fact]
    public async Task The_coordinator_sees_this_months_figures_beside_last_months_and_the_missed_hour()
    {
        await MakeCallsAsync();
        var page = await SignInAsync(Coordinator, Viewport.Phone);

        await page.GetByRole(AriaRole.Link, new() { Name = "Reports" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reports" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("This month")).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "2026-11-01 to 2026-11-24" }))
            .ToBeVisibleAsync();
        await Assertions.Expect(Figure(page, "Calls")).ToContainTextAsync("3");
        await Assertions.Expect(Figure(page, "Answer rate")).ToContainTextAsync("33%");
        await Assertions.Expect(Figure(page, "Voicemails left")).ToContainTextAsync("1");
        await Assertions.Expect(Figure(page, "Hung up waiting (5 s or more)")).ToContainTextAsync("1");
        await Assertions.Expect(Figure(page, "Time to answer, median")).ToContainTextAsync("7 s");
        // October (a month earlier) had no calls.
        var previous = Figure(page, "Calls").GetByRole(AriaRole.Cell).Nth(1);
        await Assertions.Expect(previous).ToHaveTextAsync("0");

        // Two missed calls on Tuesday at 12: the heatmap's table says so (rows Sunday first, columns 00..23).
        var hours = page.GetByRole(AriaRole.Table, new() { Name = "Missed calls by day (rows) and hour (columns)" });
        var tuesday = hours.GetByRole(AriaRole.Row).Nth(3);
        await Assertions.Expect(tuesday.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync("Tue");
        await Assertions.Expect(tuesday.GetByRole(AriaRole.Cell).Nth(12)).ToHaveTextAsync("2");
        await Assertions.Expect(tuesday.GetByRole(AriaRole.Cell).Nth(11)).ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "Missed calls by day and hour" }))
            .ToBeVisibleAsync();

        // Calls over time: a bar per date, described for a screen reader, the same numbers in a table.
        var chart = page.GetByRole(AriaRole.Img, new() { Name = "Calls per day: answered, missed and other" });
        await Assertions.Expect(chart).ToBeVisibleAsync();
        await Assertions.Expect(chart).ToHaveAccessibleDescriptionAsync(
            "From Sun 1 Nov to Tue 24 Nov. Calls: 3; answered: 1; missed: 2. Busiest day: Tue 24 Nov (calls: 3).");
        var byDay = page.GetByRole(AriaRole.Table, new() { Name = "Calls by day", Exact = true });
        await Assertions.Expect(byDay.GetByRole(AriaRole.Row)).ToHaveCountAsync(25);
        var today = byDay.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader,
            new() { Name = "Tue 24 Nov" }) });
        await Assertions.Expect(today.GetByRole(AriaRole.Cell)).ToHaveTextAsync(["3", "3", "1", "2"]);
        Assert.Equal(0, await page.EvaluateAsync<int>(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"));

        // Last month: the figures of October beside September's.
        await page.GetByLabel("Last month").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "2026-10-01 to 2026-10-31" }))
            .ToBeVisibleAsync();
        await Assertions.Expect(Figure(page, "Calls").GetByRole(AriaRole.Cell).First).ToHaveTextAsync("0");

        // The calls of the range as CSV, callers masked.
        await page.GetByLabel("This month").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var href = await page.GetByRole(AriaRole.Link, new() { Name = "Download CSV: the call log" })
            .GetAttributeAsync("href");
        var csv = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, csv.Status);
        var text = await csv.TextAsync();
        Assert.Contains("2026-11-24 12:00:00,+1619***0142,menu:TalkToMember", text, StringComparison.Ordinal);
        Assert.DoesNotContain("6195550142", text, StringComparison.Ordinal);
        Assert.DoesNotContain("6195550142", await page.ContentAsync(), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "reports-phone");
    }

    [Fact]
    public async Task A_custom_range_the_wrong_way_round_is_answered_on_the_form_in_Spanish_with_the_dates_kept()
    {
        var page = await SignInAsync(Coordinator, Viewport.Desktop, "es-ES");
        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();
        await page.GotoAsync("/console/reports");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Informes" })).ToBeVisibleAsync();

        await page.GetByLabel("Otras fechas").CheckAsync();
        await page.GetByLabel("Desde").FillAsync("2026-11-20");
        await page.GetByLabel("Hasta").FillAsync("2026-11-10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mostrar" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(
            "La fecha final es anterior a la inicial.");
        await Assertions.Expect(page.GetByLabel("Hasta")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("Hasta")).ToHaveValueAsync("2026-11-10");
        await Assertions.Expect(page.GetByLabel("Desde")).ToHaveValueAsync("2026-11-20");

        await page.GetByLabel("Hasta").FillAsync("2026-11-30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mostrar" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Del 2026-11-20 al 2026-11-30" }))
            .ToBeVisibleAsync();
        // Ending on November's last day, a month earlier ends on October's.
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader,
            new() { Name = "Un mes antes (del 2026-10-20 al 2026-10-31)" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_volunteer_and_the_coordinator_of_a_sibling_area_get_404()
    {
        var volunteer = await SignInAsync(Pat, Viewport.Phone);
        Assert.Equal(404, (await volunteer.GotoAsync("/console/reports"))!.Status);
        await Assertions.Expect(volunteer.GetByRole(AriaRole.Link, new() { Name = "Reports" })).ToHaveCountAsync(0);

        var north = await SignInAsync(NorthCoordinator, Viewport.Phone);
        Assert.Equal(404, (await north.GotoAsync("/console/reports?body=asc-sd"))!.Status);
        Assert.Equal(404, (await north.GotoAsync("/console/reports?handler=csv&body=asc-sd&preset=this-month"))!
            .Status);
        Assert.Equal(200, (await north.GotoAsync("/console/reports"))!.Status);
        await Assertions.Expect(north.GetByLabel("Comité de servicio").Or(north.GetByLabel("Service body")))
            .ToHaveValueAsync("asc-north");
    }

    void Wait(int seconds) => App.Time.Advance(TimeSpan.FromSeconds(seconds));

    // Who is busy is asked of PostgreSQL: the next call waits until this one's legs are recorded as ended.
    async Task HangUpAsync(HttpClient client, CallFlow call)
    {
        await client.PostTwilioAsync("/voice/status", call.Form(("CallStatus", "completed")));
        await App.CallRecordsWrittenAsync();
    }

    // The first phone rung accepts (pressed 1); with declineFirst, it picks up and presses nothing, the next accepts.
    async Task AnsweredAsync(string sid, bool declineFirst = false, string to = "+16195550100")
    {
        using var client = App.CreateClient();
        var call = new CallFlow(client, sid, to: to);
        var dial = await call.AskForAMemberAsync();
        Wait(5);
        if (declineFirst)
        {
            await call.LegAnswersAsync(CallFlow.Number(dial), keys: "");
            dial = await call.DialEndsAsync(dial, "completed");
            Wait(5);
        }
        await call.LegAnswersAsync(CallFlow.Number(dial), keys: "1");
        Wait(60);
        await call.DialEndsAsync(dial, "completed", 60);
        await HangUpAsync(client, call);
    }

    // Nobody takes it: the volunteers, the helpline's fallback and the global one ring out, then a voicemail.
    async Task ToVoicemailAsync(string sid)
    {
        using var client = App.CreateClient();
        var call = new CallFlow(client, sid);
        var twiml = await call.AskForAMemberAsync();
        for (var i = 0; twiml.XPathSelectElement("/Response/Dial") is not null; i++)
        {
            Assert.True(i < 10, "the chain never reached voicemail");
            Wait(21);
            twiml = await call.DialEndsAsync(twiml, "no-answer");
        }
        await call.PostAsync(twiml.XPathSelectElement("/Response/Record")!.Attribute("action")!.Value,
            ("RecordingUrl", "https://api.twilio.com/rec/RE1"), ("RecordingDuration", "12"));
        await HangUpAsync(client, call);
    }

    // Menu option 4: the H&I chair's line is rung (a contact leg) and the chair presses 1.
    async Task ChairAnswersAsync(string sid)
    {
        using var client = App.CreateClient();
        var call = new CallFlow(client, sid);
        await call.PostAsync("/voice/incoming");
        var dial = await call.PostAsync("/voice/menu?lang=en&attempt=0", ("Digits", "4"));
        await call.LegAnswersAsync(CallFlow.Number(dial), "1");
        await call.DialEndsAsync(dial, "completed", 120);
        await HangUpAsync(client, call);
    }

    static ILocator Line(ILocator table, string name) => table.GetByRole(AriaRole.Row).Filter(new()
    {
        Has = table.Page.GetByRole(AriaRole.Rowheader, new() { Name = name, Exact = true }),
    });

    [Fact]
    public async Task Each_volunteer_rung_shows_answered_and_missed_legs_and_a_sibling_areas_never()
    {
        await AnsweredAsync("CA-legs-answered");
        await AnsweredAsync("CA-legs-declined", declineFirst: true);
        await ToVoicemailAsync("CA-legs-voicemail");
        await ChairAnswersAsync("CA-legs-chair");
        await AnsweredAsync("CA-legs-north", to: "+17605550100");

        var page = await SignInAsync(Coordinator, Viewport.Desktop);
        await page.GotoAsync("/console/reports");
        var legs = page.GetByRole(AriaRole.Table,
            new() { Name = "Phones rung per volunteer, then per fallback and contact" });
        await Assertions.Expect(legs.GetByRole(AriaRole.Columnheader)).ToHaveTextAsync(
            ["Volunteer", "Rung", "Answered", "Missed", "Share answered"]);
        await Assertions.Expect(legs.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync(
            ["Jordan K.", "Pat R.", "The global fallback number", "Committee contacts (chairs)"]);
        // Round robin: Pat answers the first call; Jordan declines the second and Pat takes it; both ring out on
        // the third, then the fallback (here the helpline's number is the global one, so it rings once).
        await Assertions.Expect(Line(legs, "Jordan K.").GetByRole(AriaRole.Cell))
            .ToHaveTextAsync(["2", "0", "2", "0%"]);
        await Assertions.Expect(Line(legs, "Pat R.").GetByRole(AriaRole.Cell))
            .ToHaveTextAsync(["3", "2", "1", "67%"]);
        await Assertions.Expect(Line(legs, "The global fallback number").GetByRole(AriaRole.Cell))
            .ToHaveTextAsync(["1", "0", "1", "0%"]);
        await Assertions.Expect(Line(legs, "Committee contacts (chairs)").GetByRole(AriaRole.Cell))
            .ToHaveTextAsync(["1", "1", "0", "100%"]);
        Assert.DoesNotContain("Morgan", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("555012", await legs.InnerTextAsync(), StringComparison.Ordinal);

        // The same lines as CSV, with the signed-in cookie.
        var href = await page.GetByRole(AriaRole.Link, new() { Name = "Download CSV: legs rung per volunteer" })
            .GetAttributeAsync("href");
        var csv = await page.APIRequest.GetAsync(href!);
        Assert.Equal(200, csv.Status);
        Assert.Equal("attachment; filename=volunteers-asc-sd-2026-11-01-2026-11-24.csv; " +
            "filename*=UTF-8''volunteers-asc-sd-2026-11-01-2026-11-24.csv", csv.Headers["content-disposition"]);
        Assert.Equal(
            "Volunteer,Rung,Answered,Missed\r\nJordan K.,2,0,2\r\nPat R.,3,2,1\r\n" +
            "The global fallback number,1,0,1\r\nCommittee contacts (chairs),1,1,0\r\n", await csv.TextAsync());

        // North County's coordinator sees Morgan's answered leg, and nobody of San Diego.
        var north = await SignInAsync(NorthCoordinator, Viewport.Phone);
        await north.GotoAsync("/console/reports");
        var northLegs = north.GetByRole(AriaRole.Table,
            new() { Name = "Phones rung per volunteer, then per fallback and contact" });
        await Assertions.Expect(northLegs.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync(["Morgan L."]);
        await Assertions.Expect(Line(northLegs, "Morgan L.").GetByRole(AriaRole.Cell))
            .ToHaveTextAsync(["1", "1", "0", "100%"]);
    }

    [Fact]
    public async Task A_regions_coordinator_sees_the_volunteers_of_every_area_below_it()
    {
        await ImportAsync("""
            { "serviceBodies": [ { "key": "rsc-socal", "name": "Southern California Region", "kind": "RSC",
              "parent": "wso", "timeZone": "America/Los_Angeles", "contacts": [
                { "role": "escalation", "name": "RSC Chair", "phone": "+13105550101" },
                { "role": "coordinator", "name": "Lee R.", "phone": "+13105550115", "acceptsCalls": false } ] } ] }
            """);
        await AnsweredAsync("CA-region-sd");
        await AnsweredAsync("CA-region-north", to: "+17605550100");

        var page = await SignInAsync("+13105550115", Viewport.Phone);
        await page.GotoAsync("/console/reports");
        await Assertions.Expect(page.GetByLabel("Service body")).ToHaveValueAsync("rsc-socal");
        var legs = page.GetByRole(AriaRole.Table,
            new() { Name = "Phones rung per volunteer, then per fallback and contact" });
        await Assertions.Expect(legs.GetByRole(AriaRole.Rowheader)).ToHaveTextAsync(["Morgan L.", "Pat R."]);
        await Assertions.Expect(Line(legs, "Morgan L.").GetByRole(AriaRole.Cell))
            .ToHaveTextAsync(["1", "1", "0", "100%"]);
        await Assertions.Expect(Line(legs, "Pat R.").GetByRole(AriaRole.Cell))
            .ToHaveTextAsync(["1", "1", "0", "100%"]);
    }

    [Fact]
    public async Task Every_table_downloads_as_CSV_in_the_pages_language_and_an_unknown_table_is_404()
    {
        await MakeCallsAsync();
        var page = await SignInAsync(Coordinator, Viewport.Phone, "es-ES");
        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();
        await page.GotoAsync("/console/reports");

        // The chart, its table and the volunteers' table in Spanish.
        var chart = page.GetByRole(AriaRole.Img, new() { Name = "Llamadas por día: atendidas, perdidas y otras" });
        await Assertions.Expect(chart).ToHaveAccessibleDescriptionAsync("Del dom 1 nov al mar 24 nov. Llamadas: 3; " +
            "atendidas: 1; perdidas: 2. Día con más llamadas: mar 24 nov (llamadas: 3).");
        await Assertions.Expect(chart.Locator("text").Filter(new() { HasText = "23 nov" })).ToHaveCountAsync(1);
        var byDay = page.GetByRole(AriaRole.Table, new() { Name = "Llamadas por día", Exact = true });
        await Assertions.Expect(Line(byDay, "mar 24 nov").GetByRole(AriaRole.Cell))
            .ToHaveTextAsync(["3", "3", "1", "2"]);
        var legs = page.GetByRole(AriaRole.Table, new()
        {
            Name = "Teléfonos que sonaron por voluntario, y luego por número de respaldo y contacto",
        });
        await Assertions.Expect(legs.GetByRole(AriaRole.Columnheader)).ToHaveTextAsync(
            ["Voluntario", "Sonó", "Atendidas", "Perdidas", "% atendidas"]);

        // The visible words say "Download CSV" beside a table's heading; the accessible name says which table.
        async Task<string> CsvAsync(string table)
        {
            var link = page.GetByRole(AriaRole.Link, new() { Name = "Descargar CSV: " + table, Exact = true });
            await Assertions.Expect(link).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Descargar CSV"));
            var response = await page.APIRequest.GetAsync((await link.GetAttributeAsync("href"))!);
            Assert.Equal(200, response.Status);
            Assert.StartsWith("text/csv", response.Headers["content-type"], StringComparison.Ordinal);
            var text = await response.TextAsync();
            Assert.DoesNotContain("555014", text, StringComparison.Ordinal);
            return text;
        }

        var figures = (await CsvAsync("las cifras")).Split("\r\n");
        Assert.Equal("Cifra,Del 2026-11-01 al 2026-11-24,Un mes antes (del 2026-10-01 al 2026-10-24)", figures[0]);
        Assert.Contains("Llamadas,3,0", figures);
        Assert.Contains("Tasa de respuesta (de 0 a 1),0.3333,", figures);
        Assert.Contains("\"Tiempo hasta atender, mediana (segundos)\",7,", figures);

        var missed = (await CsvAsync("llamadas perdidas por día y hora")).Split("\r\n");
        Assert.Equal("Día," + string.Join(",", Enumerable.Range(0, 24).Select(h => h.ToString("00"))), missed[0]);
        Assert.Equal("martes," + string.Join(",", Enumerable.Range(0, 24).Select(h => h == 12 ? "2" : "0")),
            missed[3]);

        var days = (await CsvAsync("llamadas por día")).Split("\r\n");
        Assert.Equal("Fecha,Llamadas,Pidieron un miembro,Atendidas,Perdidas", days[0]);
        Assert.Equal("2026-11-01,0,0,0,0", days[1]);
        Assert.Equal("2026-11-24,3,3,1,2", days[24]);

        Assert.StartsWith("Voluntario,Sonó,Atendidas,Perdidas\r\n", await CsvAsync("llamadas a cada voluntario"),
            StringComparison.Ordinal);
        Assert.Contains("+1619***0142", await CsvAsync("el registro de llamadas"), StringComparison.Ordinal);

        var query = "body=asc-sd&preset=this-month";
        Assert.Equal(404, (await page.APIRequest.GetAsync($"/console/reports?handler=csv&table=people&{query}"))
            .Status);
        var volunteer = await SignInAsync(Pat, Viewport.Phone);
        Assert.Equal(404, (await volunteer.APIRequest.GetAsync(
            $"/console/reports?handler=csv&table=figures&{query}")).Status);
        var north = await SignInAsync(NorthCoordinator, Viewport.Phone);
        Assert.Equal(404, (await north.APIRequest.GetAsync(
            $"/console/reports?handler=csv&table=volunteers&{query}")).Status);
    }

    [Fact]
    public async Task A_year_of_days_stays_legible_on_a_phone_with_the_table_folded_away()
    {
        await MakeCallsAsync();
        var page = await SignInAsync(Coordinator, Viewport.Phone);
        await page.GotoAsync("/console/reports?body=asc-sd&preset=custom&from=2025-11-24&to=2026-11-24");

        var chart = page.GetByRole(AriaRole.Img, new() { Name = "Calls per day: answered, missed and other" });
        await Assertions.Expect(chart).ToBeVisibleAsync();
        await Assertions.Expect(chart).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex(
            "^From Mon 24 Nov to Tue 24 Nov. Calls: 3;"));
        Assert.Equal(366, await chart.Locator("g > title").CountAsync());
        Assert.True((await chart.BoundingBoxAsync())!.Width <= 390);
        Assert.Equal(0, await page.EvaluateAsync<int>(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"));

        // 366 rows fold into a details element: opened, the table shows the last date.
        var byDay = page.GetByRole(AriaRole.Table, new() { Name = "Calls by day", Exact = true });
        await Assertions.Expect(byDay).Not.ToBeVisibleAsync();
        await page.GetByText("The numbers by day").ClickAsync();
        await Assertions.Expect(byDay.GetByRole(AriaRole.Row)).ToHaveCountAsync(367);
        await Assertions.Expect(byDay.GetByRole(AriaRole.Row).Last.GetByRole(AriaRole.Cell))
            .ToHaveTextAsync(["3", "3", "1", "2"]);
        await Browser.ScreenshotAsync(page, "reports-year-phone");
    }
}
