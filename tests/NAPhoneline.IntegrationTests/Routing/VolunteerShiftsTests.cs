using System.Net;
using System.Xml.XPath;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NAPhoneline.IntegrationTests.Infrastructure;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Routing;

public sealed class VolunteerShiftsTests(TestDatabase database) : DemoHelplineTest(database)
{
    async Task<string> Text(string from, string body)
    {
        var response = await Client.PostTwilioAsync("/sms/incoming", new Dictionary<string, string>
        {
            ["MessageSid"] = "SM1", ["From"] = from, ["To"] = DemoData.HelplineNumber, ["Body"] = body,
        });
        return (await response.ReadTwimlAsync()).XPathSelectElement("/Response/Message")!.Value;
    }

    [Fact]
    public async Task Shifts_answers_a_volunteer_with_their_next_shifts_in_local_time_and_their_calendar_link()
    {
        var reply = await Text("+16195550121", " shifts ");

        Assert.StartsWith("Pat R., your next helpline shifts: Tue Nov 24 10:00-16:00 (San Diego Area)", reply,
            StringComparison.Ordinal);
        Assert.Contains(PhonelineApp.PublicBaseUrl + "/calendar/", reply, StringComparison.Ordinal);
        Assert.True(reply.Length <= 3 * 153, "at most three SMS segments");
    }

    [Fact]
    public async Task Shifts_from_a_number_not_on_the_roster_says_so_and_reveals_nothing()
    {
        var reply = await Text("+14155550100", "SHIFTS");

        Assert.Contains("not on the volunteer roster", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_calendar_feed_lists_eight_weeks_of_shifts_at_an_unguessable_address()
    {
        await using var db = new NpgsqlConnection(Database.ConnectionString);
        var token = await db.QuerySingleAsync<string>("select calendar_token from volunteers where key = 'v-pat'");

        var feed = await Client.GetAsync($"/calendar/{token}.ics");
        var unknown = await Client.GetAsync($"/calendar/{new string('a', 64)}.ics");
        var malformed = await Client.GetAsync("/calendar/../../etc/passwd");

        Assert.Equal(64, token.Length);
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType?.MediaType);
        var ics = await feed.Content.ReadAsStringAsync();
        Assert.StartsWith("BEGIN:VCALENDAR", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20261124T180000Z", ics, StringComparison.Ordinal); // Tuesday 10:00 PST
        // Pat has two blocks a day in the demo
        Assert.InRange(ics.Split("BEGIN:VEVENT").Length - 1, 8 * 14, 8 * 14 + 3);
        Assert.DoesNotContain("5550121", ics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }

    // CONTRACT 13: a monthly backup shift (the last Tuesday, 18:00-22:00) shows in SHIFTS and the feed on its dates
    // only, marked as backup.
    [Fact]
    public async Task A_monthly_backup_shift_shows_in_SHIFTS_and_the_feed_on_its_dates_marked_as_backup()
    {
        const string lastTuesday = """
            { "shifts": [ { "volunteer": "v-pat", "serviceBody": "asc-sd", "day": "tuesday", "start": "18:00",
                            "end": "22:00", "repeat": "monthly", "week": -1, "backup": true } ] }
            """;
        using (var admin = App.CreateAdminClient())
            Assert.True((await admin.PutAsync("/admin/api/config", new StringContent(lastTuesday,
                System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode);

        // Today, Nov 24, is November's last Tuesday; December's is the 29th, past the two weeks SHIFTS lists.
        Assert.StartsWith("Pat R., your next helpline shifts: Tue Nov 24 18:00-22:00 (San Diego Area, backup). ",
            await Text("+16195550121", "SHIFTS"), StringComparison.Ordinal);
        await using var db = new NpgsqlConnection(Database.ConnectionString);
        var token = await db.QuerySingleAsync<string>("select calendar_token from volunteers where key = 'v-pat'");
        var ics = await (await Client.GetAsync($"/calendar/{token}.ics")).Content.ReadAsStringAsync();
        // Nov 24 and Dec 29, each at 18:00 PST: the two in eight weeks (Jan 26 is past them).
        Assert.Equal(2, ics.Split("BEGIN:VEVENT").Length - 1);
        Assert.Contains("DTSTART:20261125T020000Z", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20261230T020000Z", ics, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:NA helpline shift: San Diego Area (backup)", ics, StringComparison.Ordinal);
    }

    // A day off leaves the feed at once, on the service's own clock (not the database's): the feed reads the same
    // in-memory roster the calls use.
    [Fact]
    public async Task A_day_off_leaves_the_calendar_feed_and_SHIFTS()
    {
        await using var db = new NpgsqlConnection(Database.ConnectionString);
        var token = await db.QuerySingleAsync<string>("select calendar_token from volunteers where key = 'v-pat'");
        // Wednesday Nov 25, 04:00 and 10:00 PST; Thursday 04:00 PST.
        const string wednesday = "DTSTART:20261125T120000Z", wednesdayLater = "DTSTART:20261125T180000Z";
        const string thursday = "DTSTART:20261126T120000Z";
        Assert.Contains(wednesday, await Feed(), StringComparison.Ordinal);

        await DemoData.TakeDayOffAsync(App, Database, "v-pat", "asc-sd", new DateOnly(2026, 11, 25));

        var ics = await Feed();
        Assert.DoesNotContain(wednesday, ics, StringComparison.Ordinal);
        Assert.DoesNotContain(wednesdayLater, ics, StringComparison.Ordinal);
        Assert.Contains(thursday, ics, StringComparison.Ordinal);
        Assert.DoesNotContain("Wed Nov 25", await Text("+16195550121", "SHIFTS"), StringComparison.Ordinal);

        async Task<string> Feed() =>
            await (await Client.GetAsync($"/calendar/{token}.ics")).Content.ReadAsStringAsync();
    }
}
