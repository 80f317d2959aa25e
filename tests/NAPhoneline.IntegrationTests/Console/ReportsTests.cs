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

        // Last month: the figures of October beside September's.
        await page.GetByLabel("Last month").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "2026-10-01 to 2026-10-31" }))
            .ToBeVisibleAsync();
        await Assertions.Expect(Figure(page, "Calls").GetByRole(AriaRole.Cell).First).ToHaveTextAsync("0");

        // The calls of the range as CSV, callers masked.
        await page.GetByLabel("This month").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var href = await page.GetByRole(AriaRole.Link, new() { Name = "Download the calls (CSV)" })
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
}
