using System.Net;
using System.Xml.XPath;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Sms;

public sealed class InboundSmsTests(TestDatabase database) : DemoHelplineTest(database)
{
    Task<HttpResponseMessage> Text(string body, string to = DemoData.HelplineNumber) =>
        Client.PostTwilioAsync("/sms/incoming", new Dictionary<string, string>
        {
            ["MessageSid"] = "SM00000000000000000000000000000001", ["AccountSid"] = PhonelineApp.AccountSid,
            ["From"] = "+16195550142", ["To"] = to, ["Body"] = body, ["NumMedia"] = "0", ["NumSegments"] = "1",
        });

    [Theory]
    [InlineData("HELP")]
    [InlineData("  help ")]
    [InlineData("Info")]
    public async Task Help_explains_what_to_do_and_gives_the_helpline_number(string body)
    {
        var message = (await (await Text(body)).ReadTwimlAsync()).XPathSelectElement("/Response/Message")!.Value;

        Assert.Contains("San Diego Area", message, StringComparison.Ordinal);
        Assert.Contains(DemoData.HelplineNumber, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ayuda_answers_in_Spanish()
    {
        var message = (await (await Text("ayuda")).ReadTwimlAsync()).XPathSelectElement("/Response/Message")!.Value;

        Assert.Contains("llame al " + DemoData.HelplineNumber, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_gets_no_reply_because_Twilio_handles_opt_outs()
    {
        var twiml = await (await Text("STOP")).ReadTwimlAsync();

        Assert.Empty(twiml.Root!.Elements());
    }

    [Fact]
    public async Task A_text_to_an_unknown_number_still_gets_an_answer()
    {
        var message = (await (await Text("hello", to: "+14155550100")).ReadTwimlAsync())
            .XPathSelectElement("/Response/Message")!.Value;

        Assert.Contains("+14155550100", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_characters_in_a_text_never_break_the_reply()
    {
        var response = await Text("\u0001\u0002help\u0007");

        Assert.NotNull((await response.ReadTwimlAsync()).XPathSelectElement("/Response/Message"));
    }

    [Fact]
    public async Task The_status_callback_answers_204_and_a_forged_one_403()
    {
        var form = new Dictionary<string, string> { ["MessageSid"] = "SM1", ["MessageStatus"] = "delivered" };

        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostTwilioAsync("/sms/status", form)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await Client.PostTwilioAsync("/sms/status", form, signature: "bm90IGEgc2lnbmF0dXJlIGF0IGFsbA=="))
            .StatusCode);
    }
}
