using System.Xml.XPath;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Meetings;

// The test clock stands at Tuesday 2026-11-24, 12:00 in San Diego.
public sealed class MeetingsByTextTests(TestDatabase database) : DemoHelplineTest(database)
{
    const string Feed = """
        [
          { "name": "Downtown Noon", "slug": "downtown-noon", "day": 2, "time": "12:05", "types": ["O"],
            "location": "Central Library", "address": "330 Park Blvd", "city": "San Diego",
            "latitude": 32.7086, "longitude": -117.1533, "timezone": "America/Los_Angeles" },
          { "name": "Step Up and Be Free", "slug": "step-up", "day": 2, "time": "19:00", "types": ["C"],
            "location": "St. Paul's", "address": "2728 6th Ave", "city": "San Diego",
            "latitude": 32.7330, "longitude": -117.1590, "timezone": "America/Los_Angeles" },
          { "name": "Early Birds", "slug": "early-birds", "day": 3, "time": "07:00", "types": ["O"],
            "location": "Beach Hall", "address": "5 Shore Dr", "city": "La Jolla",
            "latitude": 32.8400, "longitude": -117.2700, "timezone": "America/Los_Angeles" },
          { "name": "Morning Gone", "slug": "morning-gone", "day": 2, "time": "09:00", "types": ["O"],
            "location": "Gone Hall", "address": "1 Past St", "city": "San Diego",
            "latitude": 32.7150, "longitude": -117.1600, "timezone": "America/Los_Angeles" }
        ]
        """;

    async Task<string> Text(string body)
    {
        using (var admin = App.CreateAdminClient())
            Assert.True((await admin.PostAsync("/admin/api/meetings?format=meeting-guide&serviceBody=asc-sd",
                new StringContent(Feed, System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
        var response = await Client.PostTwilioAsync("/sms/incoming", new Dictionary<string, string>
        {
            ["MessageSid"] = "SM1", ["From"] = "+16195550142", ["To"] = DemoData.HelplineNumber, ["Body"] = body,
        });
        return (await response.ReadTwimlAsync()).XPathSelectElement("/Response/Message")!.Value;
    }

    [Fact]
    public async Task A_zip_code_gets_the_next_meetings_soonest_first_in_at_most_three_segments()
    {
        var reply = await Text("92101");

        Assert.StartsWith("NA meetings near 92101: 1) Today 12:05 PM Downtown Noon, Central Library, 330 Park Blvd, " +
            "San Diego (open, ", reply, StringComparison.Ordinal);
        Assert.Contains("2) Tonight 7:00 PM Step Up and Be Free", reply, StringComparison.Ordinal);
        Assert.Contains("3) Tomorrow 7:00 AM Early Birds", reply, StringComparison.Ordinal);
        Assert.Contains(" mi)", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("Morning Gone", reply, StringComparison.Ordinal);
        Assert.True(reply.Length <= 3 * 153, $"{reply.Length} characters");
    }

    [Fact]
    public async Task A_city_name_gets_meetings_too() =>
        Assert.Contains("Downtown Noon", await Text("san diego"), StringComparison.Ordinal);

    [Fact]
    public async Task An_unknown_place_gets_a_clear_answer_with_the_helpline_number() =>
        Assert.Equal("We could not find \"Atlantisville\". Text a ZIP code or a city name, or call " +
            $"{DemoData.HelplineNumber} to talk to a recovering addict.",
            await Text("Atlantisville"));

    [Fact]
    public async Task A_place_without_meetings_nearby_says_so() =>
        Assert.StartsWith("No upcoming NA meetings found near 10001.", await Text("10001"), StringComparison.Ordinal);

    [Theory]
    [InlineData("OPEN 92101")]
    [InlineData("abiertas 92101")]
    public async Task Open_before_a_place_lists_open_meetings_only(string body)
    {
        var reply = await Text(body);

        Assert.Contains("Downtown Noon", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("Step Up and Be Free", reply, StringComparison.Ordinal); // a closed meeting
    }
}
