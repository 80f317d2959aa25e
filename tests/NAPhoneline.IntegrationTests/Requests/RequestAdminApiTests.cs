using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using NAPhoneline.IntegrationTests.Infrastructure;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Requests;

// CONTRACT 8: professionals' callbacks, the request list, and ACK/DONE from an officer's desk.
public sealed class RequestAdminApiTests(TestDatabase database) : DemoHelplineTest(database)
{
    static object Callback(string? name = "Dr. Rivera", string? phone = "619-555-0177", string? serviceBody = "asc-sd",
        string? role = "pi") =>
        new { name, organisation = "Mercy Hospital", phone, reason = "Patient group wants meetings", serviceBody,
            role };

    async Task<JsonObject> CreateAsync(HttpClient admin, object body)
    {
        var response = await admin.PostAsJsonAsync("/admin/api/callbacks", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Fact]
    public async Task A_callback_is_created_normalised_and_notified_to_the_role_at_the_area()
    {
        using var admin = App.CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/admin/api/callbacks", Callback());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var code = created["code"]!.GetValue<string>();
        Assert.Equal($"/admin/api/requests/{code}", response.Headers.Location!.OriginalString);
        Assert.Equal(("callback", "open", "pi", "asc-sd"),
            (created["type"]!.GetValue<string>(), created["status"]!.GetValue<string>(),
            created["role"]!.GetValue<string>(), created["responsibleBody"]!.GetValue<string>()));
        Assert.Equal("+1619***0177", created["callbackNumber"]!.GetValue<string>()); // operators see it masked
        await using var db = new NpgsqlConnection(Database.ConnectionString);
        Assert.Equal("+16195550177",
            PhonelineApp.Open(await db.QuerySingleAsync<string>("select callback_number from requests")));
        var sms = await db.QuerySingleAsync<(string To, string From, string Body)>(
            "select to_number, from_number, body from outbox_sms");
        sms = (PhonelineApp.Open(sms.To)!, sms.From, PhonelineApp.Open(sms.Body)!);
        Assert.Equal(("+16195550113", DemoData.HelplineNumber), (sms.To, sms.From));
        Assert.Contains("Dr. Rivera, Mercy Hospital, asks the PI chair for a callback: Patient group wants meetings",
            sms.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_callbacks_get_a_problem_naming_each_field()
    {
        using var admin = App.CreateAdminClient();

        var missing = await admin.PostAsJsonAsync("/admin/api/callbacks",
            new { organisation = "x", role = "treasurer" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        var errors = (await missing.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["name", "phone", "role", "serviceBody"], errors.Select(e => e.Key).Order());

        var badPhone = await admin.PostAsJsonAsync("/admin/api/callbacks", Callback(phone: "call me maybe"));
        Assert.Contains("phone",
            (await badPhone.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));
        var unknownBody = await admin.PostAsJsonAsync("/admin/api/callbacks", Callback(serviceBody: "asc-nowhere"));
        Assert.Contains("serviceBody",
            (await unknownBody.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));
        var broken = await admin.PostAsync("/admin/api/callbacks",
            new StringContent("{ \"name\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        var tooLong = await admin.PostAsJsonAsync("/admin/api/callbacks", Callback(name: new string('x', 101)));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);

        await using var db = new NpgsqlConnection(Database.ConnectionString);
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from requests"));
    }

    [Fact]
    public async Task The_request_list_filters_by_status_and_ack_and_done_move_a_request_along()
    {
        using var admin = App.CreateAdminClient();
        var first = (await CreateAsync(admin, Callback()))["code"]!.GetValue<string>();
        var second = (await CreateAsync(admin, Callback(name: "Judge Lee", role: "hi")))["code"]!.GetValue<string>();

        var acked = await admin.PostAsync($"/admin/api/requests/{first}/ack", null);
        Assert.Equal(HttpStatusCode.OK, acked.StatusCode);
        var view = (await acked.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("acknowledged", "admin API"),
            (view["status"]!.GetValue<string>(), view["acknowledgedBy"]!.GetValue<string>()));

        var open = (await admin.GetFromJsonAsync<JsonArray>("/admin/api/requests?status=open"))!;
        Assert.Equal([second], open.Select(r => r!["code"]!.GetValue<string>()));
        var acknowledged = (await admin.GetFromJsonAsync<JsonArray>("/admin/api/requests?status=acknowledged"))!;
        Assert.Equal([first], acknowledged.Select(r => r!["code"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/admin/api/requests/{first}/done", null)).StatusCode);
        // twice is fine
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/admin/api/requests/{first}/done", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict,
            (await admin.PostAsync($"/admin/api/requests/{first}/ack", null)).StatusCode);
        var resolved = (await admin.GetFromJsonAsync<JsonArray>("/admin/api/requests?status=resolved"))!;
        Assert.Equal(["notified", "acknowledged", "resolved"],
            resolved.Single()!["events"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()));
        Assert.Equal(2, (await admin.GetFromJsonAsync<JsonArray>("/admin/api/requests"))!.Count);

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/admin/api/requests?status=lost")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/admin/api/requests/0000/ack", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/api/requests/0000")).StatusCode);
    }

    [Fact]
    public async Task Without_the_admin_key_nothing_is_shown_or_changed()
    {
        using var admin = App.CreateAdminClient();
        var code = (await CreateAsync(admin, Callback()))["code"]!.GetValue<string>();

        using var anonymous = App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/admin/api/requests")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await anonymous.PostAsync($"/admin/api/requests/{code}/done", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await anonymous.PostAsJsonAsync("/admin/api/callbacks", Callback())).StatusCode);

        await using var db = new NpgsqlConnection(Database.ConnectionString);
        Assert.Equal(("open", 1),
            await db.QuerySingleAsync<(string, int)>("select min(status), count(*)::int from requests"));
    }
}
