using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Routing;

// Tuesday 2026-11-24, 12:00 in San Diego: Pat and Jordan are on the demo roster.
public sealed class RosterAdminTests(TestDatabase database) : DemoHelplineTest(database)
{
    async Task<string[]> OnDutyKeys(HttpClient admin, string query = "")
    {
        var body = await admin.GetFromJsonAsync<JsonElement>("/admin/api/on-duty/asc-sd" + query);
        return body.GetProperty("volunteers").EnumerateArray().Select(v => v.GetProperty("key").GetString()!).ToArray();
    }

    [Fact]
    public async Task Shows_who_is_on_duty_now_in_ring_order_with_masked_numbers()
    {
        using var admin = App.CreateAdminClient();

        var body = await admin.GetFromJsonAsync<JsonElement>("/admin/api/on-duty/asc-sd");

        Assert.Equal("2026-11-24T12:00", body.GetProperty("localTime").GetString());
        var volunteers = body.GetProperty("volunteers").EnumerateArray().ToList();
        Assert.Equal(["v-pat", "v-jordan"], volunteers.Select(v => v.GetProperty("key").GetString()));
        Assert.Equal("+1619***0121", volunteers[0].GetProperty("phone").GetString());
        Assert.Equal("2026-11-24T16:00", volunteers[0].GetProperty("until").GetString());
    }

    [Fact]
    public async Task Overrides_take_a_volunteer_off_or_add_cover_for_a_date_and_can_be_removed()
    {
        using var admin = App.CreateAdminClient();

        var off = await admin.PostAsJsonAsync("/admin/api/overrides",
            new { volunteer = "v-pat", serviceBody = "asc-sd", date = "2026-11-24", kind = "off" });
        var cover = await admin.PostAsJsonAsync("/admin/api/overrides", new { volunteer = "v-sam",
            serviceBody = "asc-sd", date = "2026-11-24", kind = "cover", start = "11:00", end = "13:00" });

        Assert.Equal(HttpStatusCode.Created, off.StatusCode);
        Assert.Equal(HttpStatusCode.Created, cover.StatusCode);
        Assert.Equal(["v-jordan", "v-sam"], (await OnDutyKeys(admin)).Order());
        var listed = await admin.GetFromJsonAsync<JsonElement>("/admin/api/overrides?serviceBody=asc-sd");
        Assert.Equal(2, listed.GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(off.Headers.Location)).StatusCode);
        Assert.Contains("v-pat", await OnDutyKeys(admin));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync(off.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task A_call_rings_the_volunteer_who_covers_and_not_the_one_who_is_off()
    {
        using var admin = App.CreateAdminClient();
        await admin.PostAsJsonAsync("/admin/api/overrides",
            new { volunteer = "v-pat", serviceBody = "asc-sd", date = "2026-11-24", kind = "off" });
        await admin.PostAsJsonAsync("/admin/api/overrides",
            new { volunteer = "v-jordan", serviceBody = "asc-sd", date = "2026-11-24", kind = "off" });
        await admin.PostAsJsonAsync("/admin/api/overrides",
            new { volunteer = "v-alex", serviceBody = "asc-sd", date = "2026-11-24", kind = "cover" });

        var twiml = await new CallFlow(Client, "CA-cover").AskForAMemberAsync();

        Assert.Equal("+16195550123", CallFlow.Number(twiml).Value);
    }

    [Theory]
    [InlineData("""{"volunteer":"v-pat","serviceBody":"asc-sd","date":"24/11/2026","kind":"off"}""", "date")]
    [InlineData("""{"volunteer":"v-pat","serviceBody":"asc-sd","date":"2026-11-24","kind":"holiday"}""", "kind")]
    [InlineData("""{"volunteer":"v-pat","serviceBody":"asc-sd","date":"2026-11-24","kind":"cover","start":"9am","end":"10:00"}""", "start")]
    [InlineData("""{"volunteer":"v-nobody","serviceBody":"asc-sd","date":"2026-11-24","kind":"off"}""", "volunteer")]
    public async Task Bad_overrides_get_a_400_naming_the_field(string json, string field)
    {
        using var admin = App.CreateAdminClient();

        var response = await admin.PostAsync("/admin/api/overrides",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")
            .TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Broken_json_is_a_400_and_an_unknown_body_a_404()
    {
        using var admin = App.CreateAdminClient();

        var broken = await admin.PostAsync("/admin/api/overrides",
            new StringContent("{ nope", System.Text.Encoding.UTF8, "application/json"));
        var unknown = await admin.GetAsync("/admin/api/on-duty/asc-nowhere");

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_roster_is_not_shown_without_the_admin_key() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/admin/api/on-duty/asc-sd")).StatusCode);
}
