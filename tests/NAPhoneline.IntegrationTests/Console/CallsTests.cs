using System.Text.RegularExpressions;
using System.Xml.XPath;
using Microsoft.Playwright;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;

namespace NAPhoneline.IntegrationTests.Console;

// CONTRACT 11, /console/calls: calls made through signed Twilio webhooks, then read by the coordinator. The clock
// stands at Tuesday 2026-11-24 12:00 in San Diego, with Pat and Jordan on duty (Pat first in the rotation).
[Collection(DatabaseCollection.Name)]
public sealed partial class CallsTests(TestDatabase database) : ConsoleTest(database)
{
    const string AnsweredCaller = "+16195550142", VoicemailCaller = "+16195550143", HungUpCaller = "+16195550144";
    const string TomorrowCaller = "+16195550145", NorthCaller = "+17605550142";

    // 12:00 answered by Jordan after Pat declines; 12:05 every leg fails and the caller leaves a voicemail;
    // 12:10 the caller hangs up while Pat's phone rings; the next day a caller hangs up at the greeting.
    async Task MakeCallsAsync()
    {
        using var client = App.CreateClient();
        var answered = new CallFlow(client, "CA-console-answered", AnsweredCaller);
        var toPat = await answered.AskForAMemberAsync();
        App.Time.Advance(TimeSpan.FromSeconds(15));
        await answered.LegAnswersAsync(CallFlow.Number(toPat), keys: "");
        var toJordan = await answered.DialEndsAsync(toPat, "completed");
        App.Time.Advance(TimeSpan.FromSeconds(10));
        await answered.LegAnswersAsync(CallFlow.Number(toJordan), keys: "1");
        await answered.DialEndsAsync(toJordan, "completed", duration: 300);
        await client.PostTwilioAsync("/voice/status", answered.Form(("CallStatus", "completed")));
        // Who is busy is asked of PostgreSQL: the next call waits until this one's legs are recorded as ended.
        await App.CallRecordsWrittenAsync();

        App.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(25));
        var voicemail = new CallFlow(client, "CA-console-voicemail", VoicemailCaller);
        var first = await voicemail.AskForAMemberAsync();
        var second = await voicemail.DialEndsAsync(first, "no-answer");
        var global = await voicemail.DialEndsAsync(second, "busy");
        var record = await voicemail.DialEndsAsync(global, "failed");
        await voicemail.PostAsync(record.XPathSelectElement("/Response/Record")!.Attribute("action")!.Value,
            ("RecordingUrl", "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1"),
            ("RecordingDuration", "14"));
        await App.CallRecordsWrittenAsync();

        App.Time.Advance(TimeSpan.FromMinutes(5));
        var hungUp = new CallFlow(client, "CA-console-hung-up", HungUpCaller);
        await hungUp.AskForAMemberAsync();
        await client.PostTwilioAsync("/voice/status", hungUp.Form(("CallStatus", "completed")));

        App.Time.Advance(TimeSpan.FromDays(1));
        await GreetingOnlyAsync(client, "CA-console-tomorrow", TomorrowCaller);
        await GreetingOnlyAsync(client, "CA-console-north", NorthCaller, "+17605550100");
        await App.CallRecordsWrittenAsync();
    }

    static async Task GreetingOnlyAsync(HttpClient client, string sid, string from, string to = DemoData.HelplineNumber)
    {
        var call = new CallFlow(client, sid, from, to);
        await call.PostAsync("/voice/incoming");
        await client.PostTwilioAsync("/voice/status", call.Form(("CallStatus", "completed")));
    }

    static ILocator Calls(IPage page) => page.GetByRole(AriaRole.Group);

    static ILocator Call(IPage page, string masked) => Calls(page).Filter(new() { HasText = masked });

    [Fact]
    public async Task The_coordinator_sees_each_call_with_its_outcome_and_who_was_rung_but_never_a_full_number()
    {
        await MakeCallsAsync();
        var page = await SignInAsync(Coordinator, Viewport.Phone);

        await page.GetByRole(AriaRole.Link, new() { Name = "Calls" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Calls" })).ToBeVisibleAsync();
        var summaries = await Calls(page).AllInnerTextsAsync();
        Assert.Equal(4, summaries.Count);
        Assert.Contains("+1619***0145", summaries[0], StringComparison.Ordinal); // newest first
        Assert.Contains("+1619***0144", summaries[1], StringComparison.Ordinal);
        Assert.Contains("+1619***0143", summaries[2], StringComparison.Ordinal);
        Assert.Contains("+1619***0142", summaries[3], StringComparison.Ordinal);
        Assert.Contains("Tue 24 Nov 12:00", summaries[3], StringComparison.Ordinal);
        Assert.Contains("Wed 25 Nov 12:10", summaries[0], StringComparison.Ordinal);

        var answered = Call(page, "+1619***0142");
        await answered.GetByText("+1619***0142").ClickAsync();
        await Assertions.Expect(answered).ToContainTextAsync("Answered");
        await Assertions.Expect(answered.GetByText("Pat R.: answered, did not press 1")).ToBeVisibleAsync();
        await Assertions.Expect(answered.GetByText("Jordan K.: took the call")).ToBeVisibleAsync();
        await Assertions.Expect(answered).ToContainTextAsync("Answered by Jordan K.");
        await Assertions.Expect(answered).ToContainTextAsync("Talk to a member");
        await Assertions.Expect(answered).ToContainTextAsync("Ringing 25 s");
        await Assertions.Expect(answered).ToContainTextAsync("Talking 300 s");

        var voicemail = Call(page, "+1619***0143");
        await voicemail.GetByText("+1619***0143").ClickAsync();
        await Assertions.Expect(voicemail).ToContainTextAsync("Voicemail");
        await Assertions.Expect(voicemail).ToContainTextAsync("Left a voicemail");
        await Assertions.Expect(voicemail.GetByText("Jordan K.: no answer")).ToBeVisibleAsync();
        await Assertions.Expect(voicemail.GetByText("Pat R.: busy")).ToBeVisibleAsync();
        await Assertions.Expect(voicemail.GetByText("phoneline fallback number: could not be reached"))
            .ToBeVisibleAsync();
        await Assertions.Expect(voicemail).ToContainTextAsync("Answered by Nobody");

        var hungUp = Call(page, "+1619***0144");
        await Assertions.Expect(hungUp).ToContainTextAsync("Missed");
        await Assertions.Expect(hungUp).ToContainTextAsync("The caller hung up");
        await Assertions.Expect(hungUp).ToContainTextAsync("Pat R.: stopped ringing");

        var html = await page.ContentAsync();
        foreach (var number in new[] { AnsweredCaller, VoicemailCaller, HungUpCaller, TomorrowCaller, NorthCaller })
            Assert.DoesNotContain(number[2..], html, StringComparison.Ordinal);
        Assert.DoesNotContain("+1760***0142", html, StringComparison.Ordinal); // North County's call
        await Browser.ScreenshotAsync(page, "calls-phone");
    }

    [Fact]
    public async Task Filters_by_outcome_body_and_dates_in_the_bodys_zone_and_answers_bad_dates_on_the_form()
    {
        await MakeCallsAsync();
        var page = await SignInAsync(Coordinator, Viewport.Desktop);
        await page.GotoAsync("/console/calls");

        await page.GetByLabel("Outcome").SelectOptionAsync("voicemail");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(Calls(page)).ToHaveCountAsync(1);
        await Assertions.Expect(Calls(page)).ToContainTextAsync("+1619***0143");

        await page.GetByLabel("Outcome").SelectOptionAsync("missed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(Calls(page)).ToHaveCountAsync(1);
        await Assertions.Expect(Calls(page)).ToContainTextAsync("+1619***0144");

        await page.GetByLabel("Outcome").SelectOptionAsync("answered");
        await page.GetByLabel("Service body").SelectOptionAsync(new SelectOptionValue { Label = "San Diego Area" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(Calls(page)).ToHaveCountAsync(1);
        await Assertions.Expect(Calls(page)).ToContainTextAsync("+1619***0142");
        Assert.Contains("body=asc-sd", page.Url, StringComparison.Ordinal);

        await page.GetByLabel("Outcome").SelectOptionAsync("");
        await page.GetByLabel("From").FillAsync("2026-11-24");
        await page.GetByLabel("To", new() { Exact = true }).FillAsync("2026-11-24");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(Calls(page)).ToHaveCountAsync(3);

        await page.GetByLabel("From").FillAsync("2026-11-25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("before the \"From\" date");
        await Assertions.Expect(page.GetByLabel("To", new() { Exact = true })).ToHaveValueAsync("2026-11-24");
        await Assertions.Expect(page.GetByLabel("From")).ToHaveValueAsync("2026-11-25");
        await Assertions.Expect(page.GetByLabel("To", new() { Exact = true }))
            .ToHaveAttributeAsync("aria-invalid", "true");

        await page.GetByLabel("To", new() { Exact = true }).FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Assertions.Expect(Calls(page)).ToHaveCountAsync(1);
        await Assertions.Expect(Calls(page)).ToContainTextAsync("+1619***0145");
    }

    [Fact]
    public async Task Fifty_calls_a_page_and_older_carries_on_with_a_cursor()
    {
        using (var client = App.CreateClient())
        {
            for (var i = 0; i < 52; i++)
            {
                await GreetingOnlyAsync(client, $"CA-page-{i}", $"+1619555{1000 + i}");
                App.Time.Advance(TimeSpan.FromSeconds(1));
            }
        }
        await App.CallRecordsWrittenAsync();
        var page = await SignInAsync(Coordinator);
        await page.GotoAsync("/console/calls");

        await Assertions.Expect(Calls(page)).ToHaveCountAsync(50);
        await Assertions.Expect(Calls(page).First).ToContainTextAsync("+1619***1051");
        var older = page.GetByRole(AriaRole.Link, new() { Name = "Older" });
        Assert.Matches(Cursor(), await older.GetAttributeAsync("href") ?? "");
        await older.ClickAsync();

        await Assertions.Expect(Calls(page)).ToHaveCountAsync(2);
        await Assertions.Expect(Calls(page).First).ToContainTextAsync("+1619***1001");
        await Assertions.Expect(Calls(page).Last).ToContainTextAsync("+1619***1000");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Older" })).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Link, new() { Name = "Newest" }).ClickAsync();
        await Assertions.Expect(Calls(page)).ToHaveCountAsync(50);
    }

    [Fact]
    public async Task Another_areas_coordinator_sees_only_their_own_calls_and_a_volunteer_sees_no_call_log()
    {
        await MakeCallsAsync();
        var north = await SignInAsync(NorthCoordinator);

        await north.GotoAsync("/console/calls");
        await Assertions.Expect(Calls(north)).ToHaveCountAsync(1);
        await Assertions.Expect(Calls(north)).ToContainTextAsync("+1760***0142");
        Assert.DoesNotContain("+1619***", await north.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(404, (await north.GotoAsync("/console/calls?body=asc-sd"))!.Status);
        Assert.Equal(404, (await north.GotoAsync("/console/calls?body=asc-sd&outcome=answered"))!.Status);
        Assert.DoesNotContain("+1619***", await north.ContentAsync(), StringComparison.Ordinal);

        var pat = await SignInAsync(Pat);
        await Assertions.Expect(pat.GetByRole(AriaRole.Link, new() { Name = "Calls" })).ToHaveCountAsync(0);
        Assert.Equal(404, (await pat.GotoAsync("/console/calls"))!.Status);
        Assert.Equal(404, (await pat.GotoAsync("/console/calls?body=asc-sd"))!.Status);
        Assert.DoesNotContain("+1619***", await pat.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_call_log_speaks_spanish_on_a_phone()
    {
        await MakeCallsAsync();
        var page = await SignInAsync(Coordinator, Viewport.Phone, "es-ES");
        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Llamadas", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Llamadas" })).ToBeVisibleAsync();
        var answered = Call(page, "+1619***0142");
        await Assertions.Expect(answered).ToContainTextAsync("mar 24 nov 12:00");
        await Assertions.Expect(answered).ToContainTextAsync("Atendida");
        await Assertions.Expect(answered).ToContainTextAsync("Jordan K.: atendió la llamada");
        await Assertions.Expect(Call(page, "+1619***0143")).ToContainTextAsync("Buzón de voz");
        await Assertions.Expect(page.GetByLabel("Resultado")).ToBeVisibleAsync();
    }

    [GeneratedRegex(@"^/console/calls\?before=\d+_\d+$")]
    private static partial Regex Cursor();
}
