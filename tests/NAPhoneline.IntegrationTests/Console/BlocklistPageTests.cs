using System.Xml.XPath;
using Dapper;
using Microsoft.Playwright;
using NAPhoneline.IntegrationTests.Infrastructure;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Console;

// CONTRACT 15 in the console: a coordinator blocks a number, sees the entry masked with who asked, and undoes it.
[Collection(DatabaseCollection.Name)]
public sealed class BlocklistPageTests(TestDatabase database) : ConsoleTest(database)
{
    const string Caller = "+16195550142";

    async Task<bool> RejectedAsync(string sid)
    {
        using var client = App.CreateClient();
        var twiml = await (await client.PostTwilioAsync("/voice/incoming",
            TwilioRequests.Call(DemoData.HelplineNumber, Caller, sid))).ReadTwimlAsync();
        return twiml.XPathSelectElement("/Response/Reject") is not null;
    }

    [Fact]
    public async Task A_number_blocked_in_the_console_is_rejected_on_its_next_call_until_it_is_undone()
    {
        var page = await SignInAsync(Coordinator, Viewport.Phone);
        await page.GetByRole(AriaRole.Link, new() { Name = "Blocklist" }).ClickAsync();
        await page.GetByLabel("Phone number").FillAsync("(619) 555-0142");
        await page.GetByLabel("Reason").FillAsync("calls every night and hangs up");
        await page.GetByRole(AriaRole.Button, new() { Name = "Block", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Blocked.");
        var entries = page.GetByRole(AriaRole.List, new() { Name = "Blocked now and undone in the last 30 days" });
        await Assertions.Expect(entries).ToContainTextAsync("+1619***0142 · San Diego Area · until");
        await Assertions.Expect(entries).ToContainTextAsync("asked by Robin C. (+1619***0115)");
        Assert.DoesNotContain("555-0142", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("5550142", await page.ContentAsync(), StringComparison.Ordinal);
        await Browser.ScreenshotAsync(page, "blocklist-phone");
        Assert.True(await RejectedAsync("CA-console-block-1"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Undo the block of +1619***0142" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The block was undone.");
        await Assertions.Expect(entries).ToContainTextAsync("undone by Robin C.");
        Assert.False(await RejectedAsync("CA-console-block-2"));
        await using var db = new NpgsqlConnection(Database.ConnectionString);
        Assert.Equal(["added", "removed"], await db.QueryAsync<string>(
            "select action from audit_log where entity = 'blocklist' order by id"));
    }

    [Fact]
    public async Task A_bad_number_is_answered_on_the_form_and_a_volunteer_has_no_blocklist()
    {
        var page = await SignInAsync(Coordinator);
        await page.GotoAsync("/console/blocklist");
        await page.GetByLabel("Phone number").FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Block", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Write a phone number");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Write a reason");
        await Assertions.Expect(page.GetByLabel("Phone number")).ToHaveAttributeAsync("aria-invalid", "true");

        var volunteer = await SignInAsync(Pat);
        await Assertions.Expect(volunteer.GetByRole(AriaRole.Link, new() { Name = "Blocklist" })).ToHaveCountAsync(0);
        Assert.Equal(404, (await volunteer.GotoAsync("/console/blocklist"))!.Status);
    }
}
