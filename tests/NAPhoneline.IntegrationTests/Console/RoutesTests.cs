using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.State;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Console;

// CONTRACT 14 in the console: a body's coverage and gender choice on its settings page, and "where would 92101
// go?" on the routing page of a coordinator under the demo's regional number.
[Collection(DatabaseCollection.Name)]
public sealed class RoutesTests(TestDatabase database) : ConsoleTest(database)
{
    [Fact]
    public async Task A_coordinator_asks_where_a_place_would_go_and_sees_why()
    {
        await DemoData.ImportRegionAsync(App);
        var page = await SignInAsync(Coordinator, Viewport.Phone);
        await page.GetByRole(AriaRole.Link, new() { Name = "Routing" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Regional routing" }))
            .ToBeVisibleAsync();
        var areas = page.GetByRole(AriaRole.Table);
        await Assertions.Expect(areas.GetByRole(AriaRole.Row, new() { Name = "East County Area" }))
            .ToContainTextAsync("92020");

        var place = page.GetByLabel("Where would a caller to Southern California Region go? Postal code or place");
        await place.FillAsync("92101");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status))
            .ToHaveTextAsync("San Diego Area · the postal code starts with 921.");
        await page.GetByLabel("Where would a caller to Southern California Region go? Postal code or place")
            .FillAsync("Santee");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status))
            .ToHaveTextAsync("East County Area · Santee is on its list of places.");
        await Browser.ScreenshotAsync(page, "routes-phone");

        // A volunteer has no such page, nor does anyone for a body that is not a regional number of theirs.
        var volunteer = await SignInAsync(Pat);
        await Assertions.Expect(volunteer.GetByRole(AriaRole.Link, new() { Name = "Routing" })).ToHaveCountAsync(0);
        Assert.Equal(404, (await volunteer.GotoAsync("/console/routes?body=rsc-socal"))!.Status);
        Assert.Equal(404, (await page.GotoAsync("/console/routes?body=asc-east"))!.Status);
    }

    [Fact]
    public async Task Coverage_and_gender_choice_are_edited_on_the_settings_page()
    {
        var page = await SignInAsync(Coordinator);
        await page.GotoAsync("/console/settings?body=asc-sd");
        await Assertions.Expect(page.GetByLabel("Postal codes or their first digits"))
            .ToHaveValueAsync("919, 920, 921");

        await page.GetByLabel("Postal codes or their first digits").FillAsync("921, 91-9");
        await page.GetByLabel("Towns and places").FillAsync("San Diego\nAtlantis Springs");
        await page.GetByLabel("Callers may ask to speak with a man or a woman").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("“91-9” is not a postal code");
        await Assertions.Expect(alert).ToContainTextAsync("We do not know “Atlantis Springs”");
        await Assertions.Expect(page.GetByLabel("Towns and places")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.False(Body().GenderChoice);

        await page.GetByLabel("Postal codes or their first digits").FillAsync("921 919");
        await page.GetByLabel("Towns and places").FillAsync("San Diego\nchula vista");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        await Assertions.Expect(page.GetByLabel("Postal codes or their first digits")).ToHaveValueAsync("921, 919");
        await Assertions.Expect(page.GetByLabel("Callers may ask to speak with a man or a woman")).ToBeCheckedAsync();
        var sd = Body();
        Assert.Equal(["921", "919"], sd.CoveragePostalCodes);
        Assert.Equal(["San Diego", "chula vista"], sd.CoveragePlaces);
        Assert.True(sd.GenderChoice);

        // Saving other settings keeps the coverage.
        await page.GetByLabel("Ring seconds").FillAsync("25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        Assert.Equal(["921", "919"], Body().CoveragePostalCodes);
        await using var conn = new NpgsqlConnection(Database.ConnectionString);
        var after = await conn.QueryAsync<string>(
            "select after::text from audit_log where entity = 'settings' and entity_key = 'asc-sd' order by id");
        Assert.Contains(after, a => a.Contains("\"genderChoice\": true", StringComparison.Ordinal));
    }

    // The calls page says where a regional number sent each call and why: nobody has to guess for months.
    [Fact]
    public async Task The_calls_page_says_where_a_regional_call_was_sent_and_why()
    {
        await DemoData.ImportRegionAsync(App);
        using (var client = App.CreateClient())
        {
            var call = new NAPhoneline.IntegrationTests.Routing.CallFlow(client, "CA-routed-seen",
                to: DemoData.RegionNumber);
            await call.PostAsync("/voice/incoming");
            await call.PostAsync("/voice/language", ("Digits", "1"));
            await call.PostAsync("/voice/menu?lang=en&attempt=0", ("Digits", "2"));
            await call.PostAsync("/voice/route/where?lang=en&next=talk&step=menu%3ATalkToMember&attempt=0",
                ("Digits", "92101"));
            await client.PostTwilioAsync("/voice/status", call.Form(("CallStatus", "completed")));
        }
        await App.CallRecordsWrittenAsync();

        var page = await SignInAsync(Coordinator);
        await page.GetByRole(AriaRole.Link, new() { Name = "Calls" }).ClickAsync();
        var routed = page.GetByRole(AriaRole.Group).Filter(new() { HasText = "+1619***0142" });
        await routed.GetByText("+1619***0142").First.ClickAsync();
        await Assertions.Expect(routed.GetByText("From Southern California Region: the postal code starts with 921"))
            .ToBeVisibleAsync();
    }

    Helpline Body() => App.Services.GetRequiredService<HelplineDirectory>().Current.Body("asc-sd")!;
}
