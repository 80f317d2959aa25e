using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using NAPhoneline.Helplines;
using NAPhoneline.State;
using NAPhoneline.IntegrationTests.Infrastructure;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Helplines;

[Collection(DatabaseCollection.Name)]
public sealed class ConfigImportTests(TestDatabase database) : IAsyncLifetime
{
    readonly PhonelineApp app = new(database);

    public async Task InitializeAsync() => await database.ResetAsync();

    public async Task DisposeAsync() => await app.DisposeAsync();

    Task<HttpResponseMessage> Put(string json, HttpClient? client = null) =>
        (client ?? app.CreateAdminClient())
            .PutAsync("/admin/api/config", new StringContent(json, Encoding.UTF8, "application/json"));

    async Task<(long Bodies, long Volunteers, long Shifts, long Contacts, long Numbers)> Counts()
    {
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        return await conn.QuerySingleAsync<(long, long, long, long, long)>(
            "select (select count(*) from service_bodies), (select count(*) from volunteers), (select count(*) from " +
            "shifts), (select count(*) from contacts), (select count(*) from helpline_numbers)");
    }

    [Fact]
    public async Task The_demo_file_imports_through_the_admin_api_and_its_helpline_is_found_by_number()
    {
        var response = await Put(DemoData.HelplineJson);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(3, summary.GetProperty("bodiesCreated").GetInt32());
        Assert.Equal((3L, 4L, 56L, 7L, 1L), await Counts());
        // Every instance reloads its directory from the database: a fresh one finds the helpline by its number.
        var directory = new HelplineDirectory(NpgsqlDataSource.Create(database.ConnectionString), TimeProvider.System);
        await directory.ReloadAsync(CancellationToken.None);
        var helpline = directory.Current.HelplineFor(DemoData.HelplineNumber);
        Assert.Equal("asc-sd", helpline!.Key);
        Assert.Equal(["en", "es"], helpline.Languages);
        Assert.Equal(5, helpline.PostalCodeDigits);
        Assert.Equal("+16195550199", helpline.FallbackNumber);
    }

    [Fact]
    public async Task Re_importing_updates_by_key_without_duplicating()
    {
        await Put(DemoData.HelplineJson);

        var response = await Put(DemoData.HelplineJson.Replace("\"San Diego Area\"", "\"San Diego Area NA\"",
            StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, summary.GetProperty("bodiesCreated").GetInt32());
        Assert.Equal(3, summary.GetProperty("bodiesUpdated").GetInt32());
        Assert.Equal((3L, 4L, 56L, 7L, 1L), await Counts());
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal("San Diego Area NA",
            await conn.QuerySingleAsync<string>("select name from service_bodies where key = 'asc-sd'"));
    }

    [Fact]
    public async Task A_file_with_one_bad_item_changes_nothing_and_names_the_item_and_field()
    {
        await Put(DemoData.HelplineJson);
        var before = await Counts();
        var broken = DemoData.HelplineJson
            .Replace("\"San Diego Area\"", "\"Renamed\"", StringComparison.Ordinal)
            .Replace("\"+16195550124\"", "\"not-a-phone\"", StringComparison.Ordinal);

        var response = await Put(broken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("volunteers[v-jordan].phone", out _));
        Assert.Equal(before, await Counts());
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal("San Diego Area",
            await conn.QuerySingleAsync<string>("select name from service_bodies where key = 'asc-sd'"));
    }

    // CONTRACT 13: a shift's pattern and backup flag are stored as given; a bad pattern names the shift and field.
    [Fact]
    public async Task Shift_patterns_import_and_a_bad_one_names_the_shift_and_the_field()
    {
        const string file = """
            { "volunteers": [ { "key": "v-lee", "name": "Lee P.", "phone": "+16195550177", "languages": ["en"] } ],
              "serviceBodies": [ { "key": "asc-x", "name": "X Area", "kind": "ASC", "timeZone": "America/Los_Angeles",
                                   "languages": ["en"], "helplineNumbers": ["+16195550170"] } ],
              "shifts": [
                { "volunteer": "v-lee", "serviceBody": "asc-x", "day": "monday", "start": "18:00", "end": "22:00",
                  "repeat": "monthly", "week": -1, "backup": true, "from": "2027-01-01" },
                { "volunteer": "v-lee", "serviceBody": "asc-x", "day": "tuesday", "start": "18:00", "end": "22:00",
                  "repeat": "biweekly", "startsOn": "2026-12-01", "until": "2027-06-30" } ] }
            """;
        Assert.Equal(HttpStatusCode.OK, (await Put(file)).StatusCode);
        await using var conn = new NpgsqlConnection(database.ConnectionString);
        var rows = (await conn.QueryAsync<(string, string?, short?, string?, string?, bool)>("""
            select repeat, starts_on::text, week, from_date::text, until_date::text, backup from shifts order by day
            """)).ToList();
        Assert.Equal([("monthly", null, (short?)-1, "2027-01-01", null, true),
            ("biweekly", "2026-12-01", null, null, "2027-06-30", false)], rows);

        var bad = file.Replace("\"startsOn\": \"2026-12-01\", ", "", StringComparison.Ordinal)
            .Replace("\"week\": -1", "\"week\": 5", StringComparison.Ordinal);
        var response = await Put(bad);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("shifts[0].week", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("shifts[1].startsOn", out _), errors.ToString());
        Assert.Equal(2, await conn.QuerySingleAsync<int>("select count(*)::int from shifts"));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[]")]
    [InlineData("")]
    public async Task Broken_json_is_a_400_problem_not_a_500(string json)
    {
        var response = await Put(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal((0L, 0L, 0L, 0L, 0L), await Counts());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused()
    {
        var response = await app.CreateAdminClient().PutAsync("/admin/api/config",
            new StringContent("key=value", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key-wrong-key-wrong-key-wrong-key")]
    public async Task Without_the_admin_key_the_answer_is_401_and_nothing_changes(string? key)
    {
        var client = app.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", key);

        var response = await Put(DemoData.HelplineJson, client);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal((0L, 0L, 0L, 0L, 0L), await Counts());
    }

    [Fact]
    public async Task Concurrent_imports_of_the_same_file_both_succeed_without_duplicates()
    {
        var responses = await Task.WhenAll(Put(DemoData.HelplineJson), Put(DemoData.HelplineJson),
            Put(DemoData.HelplineJson));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal((3L, 4L, 56L, 7L, 1L), await Counts());
    }

    [Fact]
    public async Task The_import_command_loads_a_file_and_reports_bad_input_with_file_item_and_field()
    {
        var good = Path.Combine(RepositoryRoot.Path, "deploy", "demo", "helpline.json");
        var bad = Path.Combine(Path.GetTempPath(), $"helpline-bad-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(bad,
            DemoData.HelplineJson.Replace("America/Los_Angeles", "Mars/Olympus_Mons", StringComparison.Ordinal));
        try
        {
            var (exit, stdout, _) = await OperatorCommand.RunAsync(database, "import", good);
            Assert.Equal(0, exit);
            Assert.Contains("imported", stdout, StringComparison.Ordinal);

            var (badExit, _, stderr) = await OperatorCommand.RunAsync(database, "import", bad);
            Assert.Equal(1, badExit);
            Assert.Contains($"{bad}: serviceBodies[wso].timeZone: 'Mars/Olympus_Mons' is not an IANA time zone", stderr,
                StringComparison.Ordinal);
            Assert.Contains("nothing changed", stderr, StringComparison.Ordinal);

            var (relativeExit, relative, _) = await OperatorCommand.RunAsync(database, "import",
                Path.Combine("deploy", "demo", "helpline.json"), RepositoryRoot.Path);
            Assert.Equal(0, relativeExit);
            Assert.Contains("imported", relative, StringComparison.Ordinal);

            var (missingExit, _, missing) = await OperatorCommand.RunAsync(database, "import",
                "/nonexistent/helpline.json");
            Assert.Equal(1, missingExit);
            Assert.Contains("no such file", missing, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bad);
        }
        Assert.Equal((3L, 4L, 56L, 7L, 1L), await Counts());
    }

    [Fact]
    public async Task The_migrate_command_exits_0_and_an_unknown_command_names_the_known_ones()
    {
        var (exit, stdout, _) = await OperatorCommand.RunAsync(database, "migrate");
        var (unknownExit, _, stderr) = await OperatorCommand.RunAsync(database, "frobnicate");

        Assert.Equal(0, exit);
        Assert.Contains("up to date", stdout, StringComparison.Ordinal);
        Assert.Equal(2, unknownExit);
        Assert.Contains("import", stderr, StringComparison.Ordinal);
    }
}
