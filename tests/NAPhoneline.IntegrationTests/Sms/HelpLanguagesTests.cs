using System.Text.RegularExpressions;
using System.Xml.XPath;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Sms;

// HELP in the language it was asked in (AYUDA, AJUDA, AIDE), else in the helpline's first language.
public sealed class HelpLanguagesTests(TestDatabase database) : DemoHelplineTest(database)
{
    async Task<string> TextAsync(string body)
    {
        var response = await Client.PostTwilioAsync("/sms/incoming", new Dictionary<string, string>
        {
            ["MessageSid"] = "SM00000000000000000000000000000002", ["AccountSid"] = PhonelineApp.AccountSid,
            ["From"] = "+16195550142", ["To"] = DemoData.HelplineNumber, ["Body"] = body, ["NumMedia"] = "0",
            ["NumSegments"] = "1",
        });
        return (await response.ReadTwimlAsync()).XPathSelectElement("/Response/Message")!.Value;
    }

    [Theory]
    [InlineData("HELP", "call " + DemoData.HelplineNumber + " at any hour")]
    [InlineData("ayuda", "llame al " + DemoData.HelplineNumber)]
    [InlineData("AJUDA", "ligue para " + DemoData.HelplineNumber + " a qualquer hora")]
    [InlineData("Ajuda", "ABERTAS 92101")]
    [InlineData("aide", "appelez le " + DemoData.HelplineNumber + " à toute heure")]
    [InlineData("AIDE", "OUVERTES 92101")]
    public async Task Help_is_answered_in_the_language_asked(string body, string expected) =>
        Assert.Contains(expected, await TextAsync(body), StringComparison.Ordinal);

    [Theory]
    [InlineData("pt", "a qualquer hora")]
    [InlineData("fr", "à toute heure")]
    public async Task Help_on_a_helpline_whose_first_language_is_another_answers_in_it(string language, string expected)
    {
        var file = new Regex(@"""languages"": \[\s*""en"",\s*""es""\s*\]")
            .Replace(DemoData.HelplineJson, $"\"languages\": [\"{language}\", \"en\"]", 1);
        using (var admin = App.CreateAdminClient())
            Assert.True((await admin.PutAsync("/admin/api/config",
                new StringContent(file, System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode);

        var help = await TextAsync("HELP");

        Assert.Contains(expected, help, StringComparison.Ordinal);
        Assert.DoesNotContain("at any hour", help, StringComparison.Ordinal);
    }
}
