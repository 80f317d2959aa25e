using Microsoft.Playwright;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;

namespace NAPhoneline.IntegrationTests.Console;

// The walk, end to end on a phone-sized screen: a coordinator signs in, adds a volunteer and tonight's
// shift, sees the gap close, and a signed call pressing 2 rings that volunteer.
[Collection(DatabaseCollection.Name)]
public sealed class ConsoleWalkTests(TestDatabase database) : ConsoleTest(database)
{
    const string NorthHelpline = "+17605550100";

    [Fact]
    public async Task A_coordinator_adds_a_volunteer_and_tonights_shift_and_a_call_pressing_2_rings_them()
    {
        var page = await SignInAsync(NorthCoordinator, Viewport.Phone);
        var gaps = page.GetByRole(AriaRole.List, new() { Name = "Uncovered hours of North County Area" });
        await Assertions.Expect(gaps).ToContainTextAsync("Tue 24 Nov 17:00");

        await page.GetByRole(AriaRole.Link, new() { Name = "Volunteers" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a volunteer" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Riley S.");
        await page.GetByLabel("Phone").FillAsync("(760) 555-0131");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add volunteer" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved: Riley S.");

        await page.GetByRole(AriaRole.Link, new() { Name = "Schedule" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Add a shift" });
        await form.GetByLabel("Volunteer").SelectOptionAsync(new SelectOptionValue { Label = "Riley S." });
        await form.GetByLabel("Day").SelectOptionAsync(new SelectOptionValue { Label = "Tuesday" });
        await form.GetByLabel("Start").FillAsync("17:00");
        await form.GetByLabel("End").FillAsync("23:00");
        await form.GetByRole(AriaRole.Button, new() { Name = "Add shift" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Shift added.");

        await page.GetByRole(AriaRole.Link, new() { Name = "Now", Exact = true }).ClickAsync();
        await Assertions.Expect(gaps).Not.ToContainTextAsync("Tue 24 Nov 17:00");
        await Assertions.Expect(gaps).ToContainTextAsync("Tue 24 Nov 23:00");

        // 19:00 in North County: Morgan's day shift is over, Riley's evening has begun.
        App.Time.Advance(TimeSpan.FromHours(7));
        var call = new CallFlow(App.CreateClient(), "CAwalk0000000000000000000000001", to: NorthHelpline);
        var dial = await call.AskForAMemberAsync();

        Assert.Equal("+17605550131", CallFlow.Number(dial).Value);
    }
}
