using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.Telephony.Webhooks;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Security;

// Every SMS command and every admin endpoint with hostile input (Hostile, seeded): never a 5xx, always a 4xx or a
// safe answer, and not one row of the database changed. Admin endpoints are read from the routing table, so one
// added later is fuzzed too.
[Collection(DatabaseCollection.Name)]
public sealed class FuzzTests(TestDatabase database) : IAsyncLifetime
{
    const string Pat = "+16195550121", HelplineChair = "+16195550111", Stranger = "+16195559876";

    // Every keyword of CONTRACT 7 and 13 and the README's languages, and BLOCK (CONTRACT 15).
    static readonly string[] Commands =
    [
        "HELP", "INFO", "AYUDA", "AJUDA", "AIDE", "ACK", "ACK #", "DONE", "CALL", "OK", "CANT", "CAN'T", "NO PUEDO",
        "NÃO POSSO", "NAO POSSO", "JE NE PEUX PAS", "TAKE", "TOMO", "PEGO", "JE PRENDS", "SHIFTS", "SHIFT", "TURNOS",
        "QUARTS", "HORAIRES", "OPEN", "ABIERTAS", "ABERTAS", "OUVERTES", "BLOCK", "STOP", "",
    ];

    // Query parameters any admin endpoint reads, filled with hostile values.
    static readonly string[] QueryNames =
        ["status", "serviceBody", "limit", "from", "to", "days", "language", "place", "format", "code", "id"];

    PhonelineApp app = null!;
    HttpClient client = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        // Far above what the fuzzer sends, so every text reaches its command.
        app = new PhonelineApp(database, new Dictionary<string, string?>
        {
            ["RateLimits:SmsCommands:Permits"] = "1000000", ["RateLimits:SmsCommands:Window"] = "01:00:00",
        });
        app.Time.Advance(TimeSpan.FromHours(5));
        await DemoData.ImportAsync(app);
        await DemoData.ImportMeetingsAsync(app);
        client = app.CreateClient();
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    // Rows and an md5 of every table of ours. Meeting search counts are left out: a text asking for meetings is
    // counted, whatever it says.
    async Task<Dictionary<string, string>> ChecksumAsync()
    {
        await app.CallRecordsWrittenAsync();
        await using var db = new NpgsqlConnection(database.ConnectionString);
        var tables = await db.QueryAsync<string>("""
            select table_name from information_schema.tables
            where table_schema = 'public' and table_type = 'BASE TABLE'
              and table_name not in ('schema_versions', 'meeting_counts')
            """);
        var sums = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
            sums[table] = await db.ExecuteScalarAsync<string>(
                "select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') " +
                $"from \"{table}\" t") ?? "";
        return sums;
    }

    static void AssertSafe(HttpResponseMessage response, string what)
    {
        var status = (int)response.StatusCode;
        Assert.True(status < 500, $"{what}: {status}");
    }

    Task<HttpResponseMessage> TextAsync(string from, string body) =>
        client.PostTwilioAsync("/sms/incoming", new Dictionary<string, string>
        {
            ["MessageSid"] = "SM00000000000000000000000000000fuz", ["AccountSid"] = PhonelineApp.AccountSid,
            ["From"] = from, ["To"] = DemoData.HelplineNumber, ["Body"] = body,
        });

    [Fact]
    public async Task Every_SMS_command_with_hostile_text_gets_a_valid_answer_and_changes_nothing()
    {
        var random = new Random(Hostile.Seed);
        var values = Hostile.Strings(random, 12);
        var before = await ChecksumAsync();

        foreach (var command in Commands)
            foreach (var value in values)
            {
                // Each sender in turn: a volunteer, a contact, a stranger.
                var from = random.Next(3) switch { 0 => Pat, 1 => HelplineChair, _ => Stranger };
                var body = (command + " " + value).Trim();
                var response = await TextAsync(from, body);
                // Twilio sends at most 1,600 characters; far more is refused before it is read (413).
                AssertSafe(response, $"{command} from {from}");
                if (response.StatusCode == HttpStatusCode.OK) await response.ReadTwimlAsync();
                else Assert.True(body.Length > 10_000,
                    $"{(int)response.StatusCode} for {body[..Math.Min(80, body.Length)]}");
            }

        Assert.Equal(before, await ChecksumAsync());
    }

    [Fact]
    public async Task Hostile_senders_numbers_and_invalid_UTF_8_in_a_text_get_a_valid_answer()
    {
        var random = new Random(Hostile.Seed + 1);
        var before = await ChecksumAsync();

        foreach (var value in Hostile.Strings(random, 8))
        {
            var response = await TextAsync(value, "HELP");
            AssertSafe(response, "from " + value[..Math.Min(80, value.Length)]);
            if (response.StatusCode == HttpStatusCode.OK) await response.ReadTwimlAsync();
        }
        foreach (var command in Commands)
        {
            // %FF%FE is no UTF-8. Twilio's signature is over the values as the service reads them.
            var raw = $"From={Uri.EscapeDataString(Pat)}&To={Uri.EscapeDataString(DemoData.HelplineNumber)}" +
                $"&Body={Uri.EscapeDataString(command)}%20%FF%FE";
            var read = new Microsoft.AspNetCore.WebUtilities.FormReader(raw).ReadForm()
                .SelectMany(f => f.Value.Select(v => KeyValuePair.Create(f.Key, v ?? "")));
            var request = new HttpRequestMessage(HttpMethod.Post, "/sms/incoming")
            {
                Content = new ByteArrayContent(Encoding.ASCII.GetBytes(raw)),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
            request.Headers.Add("X-Twilio-Signature", SignatureValidator.ComputeSignature(PhonelineApp.AuthToken,
                PhonelineApp.PublicBaseUrl + "/sms/incoming", read));
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await response.ReadTwimlAsync();
        }

        Assert.Equal(before, await ChecksumAsync());
    }

    sealed record AdminRoute(string Method, string Template);

    IReadOnlyList<AdminRoute> AdminRoutes() => app.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText?.StartsWith("/admin/api", StringComparison.Ordinal) == true)
        .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            .Select(m => new AdminRoute(m, e.RoutePattern.RawText!)))
        .ToList();

    // "/admin/api/requests/{code}/ack" with every parameter replaced by the value (escaped), and every query name.
    static string Fill(AdminRoute route, string value)
    {
        var escaped = Uri.EscapeDataString(value.Length > 2_000 ? value[..2_000] : value);
        // A NUL in the path never reaches the app (Kestrel answers 400; the test host throws): query and body only.
        var segment = escaped.Replace("%00", "", StringComparison.Ordinal);
        var path = System.Text.RegularExpressions.Regex.Replace(route.Template, @"\{[^}]+\}", segment);
        return path + "?" + string.Join("&", QueryNames.Select(n => n + "=" + escaped));
    }

    [Fact]
    public async Task The_admin_API_has_the_endpoints_of_the_contract_and_each_is_fuzzed()
    {
        var routes = AdminRoutes().Select(r => r.Method + " " + r.Template).ToHashSet();

        foreach (var expected in new[]
                 {
                     "PUT /admin/api/config", "POST /admin/api/meetings", "GET /admin/api/requests",
                     "POST /admin/api/requests/{code}/ack", "POST /admin/api/requests/{code}/done",
                     "POST /admin/api/callbacks", "GET /admin/api/on-duty/{serviceBodyKey}",
                     "GET /admin/api/reports/summary", "GET /admin/api/reports/calls",
                     "GET /admin/api/coverage/{serviceBodyKey}", "DELETE /admin/api/overrides/{id:long}",
                 })
            Assert.Contains(expected, routes);
        Assert.True(routes.Count >= 18, string.Join(", ", routes));
    }

    [Fact]
    public async Task Every_admin_endpoint_with_hostile_input_answers_4xx_or_safely_and_changes_nothing()
    {
        var random = new Random(Hostile.Seed + 2);
        var values = Hostile.Strings(random, 6);
        using var admin = app.CreateAdminClient();
        var before = await ChecksumAsync();

        foreach (var route in AdminRoutes())
            foreach (var value in values)
            {
                var url = Fill(route, value);
                if (route.Method is "GET" or "DELETE")
                {
                    AssertSafe(await admin.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), url)),
                        $"{route.Method} {url[..Math.Min(url.Length, 120)]}");
                    continue;
                }
                foreach (var body in Hostile.JsonBodies(value).Concat(Hostile.Shapes))
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    var shown = body[..Math.Min(80, body.Length)];
                    AssertSafe(await admin.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), url)
                        { Content = content }), $"{route.Method} {route.Template} with {shown}");
                }
            }
        foreach (var route in AdminRoutes().Where(r => r.Method is "POST" or "PUT"))
        {
            using var bytes = new ByteArrayContent(Hostile.InvalidUtf8);
            bytes.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method),
                Fill(route, "x")) { Content = bytes });
            AssertSafe(response, route.Template + " with invalid UTF-8");
            using var plain = new StringContent("'; drop table requests; --", Encoding.UTF8, "text/plain");
            AssertSafe(await admin.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), Fill(route, "x"))
                { Content = plain }), route.Template + " as text/plain");
        }

        Assert.Equal(before, await ChecksumAsync());
    }
}
