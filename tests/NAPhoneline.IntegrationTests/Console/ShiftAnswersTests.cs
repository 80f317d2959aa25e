using System.Text.RegularExpressions;
using System.Xml.XPath;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.Scheduling;

namespace NAPhoneline.IntegrationTests.Console;

// CONTRACT 13 on the Now page: the coordinator sees how volunteers answered their reminders (confirmed, not yet,
// cannot come), an open cover request marked, and the share of hours covered over the next four weeks.
[Collection(DatabaseCollection.Name)]
public sealed partial class ShiftAnswersTests(TestDatabase database) : ConsoleTest(database)
{
    [GeneratedRegex(@"Reply OK (\d{4})")]
    private static partial Regex Code();

    async Task<string> TextAsync(string from, string body)
    {
        using var client = App.CreateClient();
        var response = await client.PostTwilioAsync("/sms/incoming", new Dictionary<string, string>
        {
            ["MessageSid"] = "SM-" + Guid.NewGuid().ToString("N"), ["From"] = from, ["To"] = DemoData.HelplineNumber,
            ["Body"] = body,
        });
        return (await response.ReadTwimlAsync()).XPathSelectElement("/Response/Message")!.Value;
    }

    [Fact]
    public async Task The_coordinator_sees_confirmed_and_declined_shifts_and_the_open_cover_request()
    {
        await ImportAsync(DemoData.HelplineJson.Replace("\"routing\": {",
            "\"reminders\": { \"leadTime\": \"06:00:00\" },\n\"routing\": {", StringComparison.Ordinal));
        // Tuesday 12:00: the 16:00 shift (Pat, Sam) is due for its reminders.
        await App.Services.GetRequiredService<ShiftReminders>().RunAsync(CancellationToken.None);
        string CodeFor(string phone) => Code().Match(Twilio.Messages.Last(m => m["To"] == phone)["Body"]).Groups[1]
            .Value;
        await TextAsync(Pat, $"OK {CodeFor(Pat)}");
        Assert.StartsWith("Thank you for telling us.", await TextAsync(Sam, $"CANT {CodeFor(Sam)}"),
            StringComparison.Ordinal);

        var page = await SignInAsync(Coordinator, Viewport.Phone);
        var answers = page.GetByRole(AriaRole.List, new() { Name = "Reminded shifts" });
        await Assertions.Expect(answers.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Pat R." }))
            .ToContainTextAsync("Tue 24 Nov 16:00–22:00 · confirmed");
        await Assertions.Expect(answers.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Sam T." }))
            .ToContainTextAsync("cannot come");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Sam T. cannot come" }))
            .ToContainTextAsync("nobody has taken it yet");
        // The demo's Saturday nights are open from December (two shifts end on Nov 30): 18 of 672 hours.
        await Assertions.Expect(page.GetByText("Hours covered over the next 4 weeks: 97%")).ToBeVisibleAsync();
        await page.GetByText("Hours per volunteer over the next 4 weeks").First.ClickAsync();
        await Assertions.Expect(page.GetByText("Pat R.: ").First).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "now-shift-answers-en-phone");

        // The week view says it too, on the shift's block.
        await page.GetByRole(AriaRole.Link, new() { Name = "Schedule" }).ClickAsync();
        var confirmed = page.GetByText("confirmed", new() { Exact = true });
        await Assertions.Expect(confirmed).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { Has = confirmed }).Last)
            .ToContainTextAsync("Pat R.");
        var declined = page.GetByText("cannot come", new() { Exact = true });
        await Assertions.Expect(declined).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { Has = declined }).Last)
            .ToContainTextAsync("Sam T.");

        // Alex takes it: the Now page says who, and the request's history has each step.
        var ask = Twilio.Messages.Last(m => m["To"] == Alex && m["Body"].Contains("TAKE", StringComparison.Ordinal));
        var take = TakeCode().Match(ask["Body"]).Groups[1].Value;
        Assert.StartsWith("Thank you", await TextAsync(Alex, $"TAKE {take}"), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Link, new() { Name = "Now" }).ClickAsync();
        var covers = page.GetByRole(AriaRole.List, new() { Name = "Cover requests" });
        await Assertions.Expect(covers).ToContainTextAsync("Alex M. took Sam T.'s shift Tue 24 Nov 16:00–22:00.");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Sam T. cannot come" }))
            .ToHaveCountAsync(0);
        await covers.GetByText($"History of {take}").ClickAsync();
        var trail = covers.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Opened" });
        await Assertions.Expect(trail.Last).ToContainTextAsync("asked 2");
        await Assertions.Expect(covers.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Taken" }).Last)
            .ToContainTextAsync("by Alex M.");
    }

    [GeneratedRegex(@"Reply TAKE (\d{4})")]
    private static partial Regex TakeCode();

    // A day marked unavailable in the console asks the others to cover each of that day's shifts.
    [Fact]
    public async Task A_volunteer_marking_a_day_unavailable_opens_a_cover_request_for_each_shift_that_day()
    {
        var page = await SignInAsync(Sam, Viewport.Phone);
        await page.GotoAsync("/console/schedule?body=asc-sd");
        await page.GetByRole(AriaRole.Button, new() { Name = "I can't come Thursday 26 November" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Marked unavailable.");

        // Sam's Thursday: 04:00-10:00 (with Pat) and 10:00-16:00 (with Alex).
        var asks = Twilio.Messages.Where(m => m["Body"].StartsWith("Sam cannot take", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(asks, m => m["Body"].Contains("Thu Nov 26 04:00-10:00", StringComparison.Ordinal));
        Assert.Contains(asks, m => m["Body"].Contains("Thu Nov 26 10:00-16:00", StringComparison.Ordinal));
        Assert.DoesNotContain(asks, m => m["To"] == Sam);

        var coordinator = await SignInAsync(Coordinator);
        await Assertions.Expect(coordinator.GetByRole(AriaRole.Status).Filter(new() { HasText = "Sam T. cannot come" }))
            .ToHaveCountAsync(2);
    }

    // Sam telephoned Robin: he cannot do Tuesday 16:00. Robin finds cover for that one shift from the schedule.
    [Fact]
    public async Task A_coordinator_finds_cover_for_one_shift_from_the_schedule()
    {
        var page = await SignInAsync(Coordinator);
        await page.GotoAsync("/console/schedule?body=asc-sd");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Find cover Sam T. Tuesday 24 November, 16:00–22:00" })
            .ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(
            "The other volunteers were asked to cover it.");
        var asks = Twilio.Messages.Where(m => m["Body"].StartsWith("Sam cannot take", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(asks);
        Assert.All(asks, m => Assert.Contains("Tue Nov 24 16:00-22:00", m["Body"], StringComparison.Ordinal));
        Assert.DoesNotContain(asks, m => m["To"] == Sam);
        await page.GetByRole(AriaRole.Link, new() { Name = "Now" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Sam T. cannot come" }))
            .ToHaveCountAsync(1);
    }
}
