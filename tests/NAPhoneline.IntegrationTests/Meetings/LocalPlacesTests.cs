using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.XPath;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Meetings;

// An operator adds the names local members use; texts and calls then find them.
public sealed class LocalPlacesTests(TestDatabase database) : DemoHelplineTest(database)
{
    async Task<string> Text(string body)
    {
        var response = await Client.PostTwilioAsync("/sms/incoming", new Dictionary<string, string>
        {
            ["MessageSid"] = "SM1", ["From"] = "+16195550142", ["To"] = DemoData.HelplineNumber, ["Body"] = body,
        });
        return (await response.ReadTwimlAsync()).XPathSelectElement("/Response/Message")!.Value;
    }

    [Fact]
    public async Task A_local_name_added_by_the_operator_is_found_by_text_and_by_voice()
    {
        await DemoData.ImportMeetingsAsync(App);
        Assert.StartsWith("We could not find", await Text("Gaslamp Quarter"), StringComparison.Ordinal);
        using var admin = App.CreateAdminClient();

        var added = await admin.PostAsJsonAsync("/admin/api/places",
            new { serviceBody = "asc-sd", name = "Gaslamp Quarter", latitude = 32.7115, longitude = -117.1597 });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.StartsWith("NA meetings near Gaslamp Quarter: 1) ", await Text("gaslamp quarter"),
            StringComparison.Ordinal);
        Assert.Contains(" mi)", await Text("Gaslamp Quarter"), StringComparison.Ordinal);
        var spoken = await (await Client.PostTwilioAsync("/voice/meetings/place?lang=en&attempt=0",
            TwilioRequests.Call(DemoData.HelplineNumber).With("SpeechResult", "Gaslamp Quarter"))).ReadTwimlAsync();
        Assert.Equal("Here are the next meetings near Gaslamp Quarter.",
            spoken.XPathSelectElement("/Response/Say")!.Value);
        var listed = await admin.GetFromJsonAsync<JsonElement>("/admin/api/places?serviceBody=asc-sd");
        Assert.Equal("Gaslamp Quarter", listed[0].GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(added.Headers.Location)).StatusCode);
        Assert.StartsWith("We could not find", await Text("Gaslamp Quarter"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"serviceBody":"asc-sd","name":"","latitude":32.7,"longitude":-117.1}""", "name")]
    [InlineData("""{"serviceBody":"asc-sd","name":"X","latitude":132.7,"longitude":-117.1}""", "latitude")]
    [InlineData("""{"serviceBody":"asc-nowhere","name":"X","latitude":32.7,"longitude":-117.1}""", "serviceBody")]
    public async Task Bad_places_get_a_400_naming_the_field(string json, string field)
    {
        using var admin = App.CreateAdminClient();

        var response = await admin.PostAsync("/admin/api/places",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")
            .TryGetProperty(field, out _));
    }
}
