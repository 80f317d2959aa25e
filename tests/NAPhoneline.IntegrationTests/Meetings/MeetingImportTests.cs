using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using NAPhoneline.IntegrationTests.Infrastructure;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Meetings;

public sealed class MeetingImportTests(TestDatabase database) : DemoHelplineTest(database)
{
    static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "meetings",
            name == "Bmlt" ? "bmlt-sample.json" : "meeting-guide-sample.json"));

    async Task<HttpResponseMessage> Post(string query, string json)
    {
        using var admin = App.CreateAdminClient();
        return await admin.PostAsync("/admin/api/meetings" + query,
            new StringContent(json, Encoding.UTF8, "application/json"));
    }

    async Task<Dictionary<string, long>> CountsBySource()
    {
        await using var db = new NpgsqlConnection(Database.ConnectionString);
        return (await db.QueryAsync<(string Source, long Count)>(
                "select source, count(*) from meetings group by source"))
            .ToDictionary(r => r.Source, r => r.Count);
    }

    [Fact]
    public async Task A_bmlt_file_for_a_service_body_takes_that_bodys_time_zone()
    {
        var response = await Post("?format=bmlt&serviceBody=asc-sd", Fixture("Bmlt"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = new NpgsqlConnection(Database.ConnectionString);
        var rows = (await db.QueryAsync<(string Id, string Zone, string Attendance, bool? Open)>(
            "select external_id, time_zone, attendance, open from meetings order by external_id")).ToList();
        Assert.Equal(("2566", "America/Los_Angeles", "in-person", (bool?)true), rows[0]);
        Assert.Equal(("2567", "America/New_York", "hybrid", (bool?)false), rows[1]);
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public async Task Re_importing_a_source_replaces_it_and_leaves_other_sources_alone()
    {
        await Post("?format=bmlt&serviceBody=asc-sd", Fixture("Bmlt"));
        await Post("?format=meeting-guide&serviceBody=rsc-socal", Fixture("MeetingGuide"));

        var fewer = JsonDocument.Parse(Fixture("Bmlt")).RootElement.GetProperty("meetings").EnumerateArray().Take(2)
            .Select(m => m.GetRawText());
        var response = await Post("?serviceBody=asc-sd", "[" + string.Join(",", fewer) + "]");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new Dictionary<string, long> { ["asc-sd"] = 2, ["rsc-socal"] = 5 }, await CountsBySource());
    }

    [Fact]
    public async Task A_file_with_one_bad_meeting_changes_nothing_and_names_the_meeting_and_field()
    {
        await Post("?format=bmlt&serviceBody=asc-sd", Fixture("Bmlt"));

        var response = await Post("?format=bmlt&serviceBody=asc-sd", Fixture("Bmlt")
            .Replace("\"weekday_tinyint\": \"7\"", "\"weekday_tinyint\": \"9\"", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("meeting 2568.weekday_tinyint", out _));
        Assert.Equal(new Dictionary<string, long> { ["asc-sd"] = 4 }, await CountsBySource());
    }

    [Theory]
    [InlineData("?format=bmlt", "{ \"not\": \"bmlt\" }")]
    [InlineData("?format=meeting-guide", "{ \"meetings\": [] }")]
    [InlineData("?format=csv", "[]")]
    [InlineData("?serviceBody=asc-nowhere", "[]")]
    [InlineData("", "{ broken")]
    public async Task A_file_that_is_not_the_format_changes_nothing(string query, string json)
    {
        var response = await Post(query, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await CountsBySource());
    }

    [Fact]
    public async Task The_format_is_recognised_when_not_named() =>
        Assert.Equal(HttpStatusCode.OK, (await Post("?serviceBody=asc-sd", Fixture("MeetingGuide"))).StatusCode);

    [Fact]
    public async Task The_import_meetings_command_uses_the_file_name_as_the_source_when_no_body_is_named()
    {
        var file = Path.Combine(Path.GetTempPath(), $"guide-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, Fixture("MeetingGuide").Replace("\"timezone\": \"America/Los_Angeles\"",
            "\"timezone\": \"America/Los_Angeles\"", StringComparison.Ordinal));
        try
        {
            var (exit, _, stderr) = await OperatorCommand.RunAsync(Database, "import-meetings", file, "--format",
                "meeting-guide");
            Assert.Equal(1, exit); // Early Birds has no time zone and no service body was named
            Assert.Contains("meeting early-birds: timezone", stderr, StringComparison.Ordinal);

            var (okExit, stdout, _) = await OperatorCommand.RunAsync(Database, "import-meetings", file, "--format",
                "meeting-guide", "--service-body", "asc-sd");
            Assert.Equal(0, okExit);
            Assert.Contains("imported 5 meetings", stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
