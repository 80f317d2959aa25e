namespace NAPhoneline.IntegrationTests.Infrastructure;

public static class DemoData
{
    public const string HelplineNumber = "+16195550100";

    public static string MeetingsJson =>
        File.ReadAllText(Path.Combine(RepositoryRoot.Path, "deploy", "demo", "meetings.json"));

    public static async Task ImportMeetingsAsync(PhonelineApp app)
    {
        using var client = app.CreateAdminClient();
        using var body = new StringContent(MeetingsJson, System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync("/admin/api/meetings?format=meeting-guide&serviceBody=asc-sd", body);
        Assert.True(response.IsSuccessStatusCode,
            "demo meetings import failed: " + await response.Content.ReadAsStringAsync());
    }

    // The demo with Sam's and Alex's Saturday nights (22:00-04:00) removed: one six-hour gap a week.
    public static string WithoutSaturdayNights()
    {
        var file = System.Text.RegularExpressions.Regex.Replace(HelplineJson,
            @"\s*\{""volunteer"": ""v-(sam|alex)"", ""serviceBody"": ""asc-sd"", ""day"": ""saturday"", "
            + @"""start"": ""22:00"", ""end"": ""04:00""[^}]*\},?", "");
        return System.Text.RegularExpressions.Regex.Replace(file, @",(\s*\])", "$1");
    }

    // Without the demo's shift reminders: a test that starts a job server must not see texts it did not ask for;
    // the reminder tests add them back (Scheduling/ShiftReminderTests).
    public static string HelplineJson => System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(
        Path.Combine(RepositoryRoot.Path, "deploy", "demo", "helpline.json")), @"""reminders"": \{[^}]*\},\s*", "");

    // Without the coordinators too: a job server on the real clock sends them the gap digest from 09:00 in San
    // Diego (17:00 UTC), which a test counting the ladder's texts must not see.
    public static string WithoutCoordinators(string json)
    {
        var config = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        foreach (var body in config["serviceBodies"]!.AsArray())
            if (body!["contacts"] is System.Text.Json.Nodes.JsonArray contacts)
                foreach (var c in contacts.Where(c => c!["role"]!.GetValue<string>() == "coordinator").ToList())
                    contacts.Remove(c);
        return config.ToJsonString();
    }

    // The demo's regional number (CONTRACT 14): Southern California Region over San Diego and East County.
    public const string RegionNumber = "+16195550190";

    public static string RegionJson =>
        File.ReadAllText(Path.Combine(RepositoryRoot.Path, "deploy", "demo", "region.json"));

    public static async Task ImportRegionAsync(PhonelineApp app, string? json = null)
    {
        using var client = app.CreateAdminClient();
        using var body = new StringContent(json ?? RegionJson, System.Text.Encoding.UTF8, "application/json");
        var response = await client.PutAsync("/admin/api/config", body);
        Assert.True(response.IsSuccessStatusCode,
            "region import failed: " + await response.Content.ReadAsStringAsync());
    }

    // A volunteer's day off at a body, as the console records it (an "off" override), and the roster reloaded.
    public static async Task TakeDayOffAsync(PhonelineApp app, TestDatabase database, string volunteer,
        string body, DateOnly date)
    {
        await using (var db = new Npgsql.NpgsqlConnection(database.ConnectionString))
            await Dapper.SqlMapper.ExecuteAsync(db, """
                insert into shift_overrides (volunteer_id, service_body_id, date, kind, created_at)
                select v.id, b.id, @date, 'off', now() from volunteers v, service_bodies b
                where v.key = @volunteer and b.key = @body
                """, new { volunteer, body, date });
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<NAPhoneline.State.StateRefresher>(app.Services)
            .ReloadAsync(NAPhoneline.State.StateTopic.Structure, CancellationToken.None);
    }

    // Loads the demo helpline the way an operator does: PUT /admin/api/config.
    public static async Task ImportAsync(PhonelineApp app)
    {
        using var client = app.CreateAdminClient();
        using var body = new StringContent(HelplineJson, System.Text.Encoding.UTF8, "application/json");
        var response = await client.PutAsync("/admin/api/config", body);
        Assert.True(response.IsSuccessStatusCode, "demo import failed: " + await response.Content.ReadAsStringAsync());
    }
}
