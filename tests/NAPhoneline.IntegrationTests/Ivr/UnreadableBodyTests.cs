using System.Net;
using System.Text;
using System.Xml.Linq;
using System.Xml.XPath;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.Telephony.Webhooks;

namespace NAPhoneline.IntegrationTests.Ivr;

// A voice webhook whose form cannot be read still gets TwiML that reaches a person, never a 4xx; one whose values
// are odd (a NUL byte, bytes that are not UTF-8) is read and answered as usual.
public sealed class UnreadableBodyTests(TestDatabase database) : DemoHelplineTest(database)
{
    [Theory]
    [InlineData("/voice/incoming")]
    [InlineData("/voice/menu?lang=es&attempt=0")]
    [InlineData("/voice/route/next?call=1&stage=volunteers&lang=en")]
    [InlineData("/voice/requests/recorded?type=twelfth-step&lang=en")]
    public async Task A_body_that_cannot_be_parsed_gets_the_apology_and_the_fallback_number(string path)
    {
        // multipart without a boundary: ASP.NET cannot read the form at all, so no signature can be checked either.
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent([0x00, 0xFF, 0xFE, (byte)'x']),
        };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");
        request.Headers.Add("X-Twilio-Signature", "c2lnbmF0dXJl");

        var response = await Client.SendAsync(request);

        var twiml = await response.ReadTwimlAsync();
        Assert.Equal(PhonelineApp.FallbackNumber, twiml.XPathSelectElement("/Response/Dial/Number")!.Value);
        Assert.Contains(path.Contains("lang=es", StringComparison.Ordinal) ? "Lo sentimos" : "sorry",
            twiml.XPathSelectElement("/Response/Say")!.Value, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Too_many_fields_for_the_form_reader_get_the_safe_answer()
    {
        var body = string.Join('&', Enumerable.Range(0, 1500).Select(i => $"f{i}=x"));
        var request = new HttpRequestMessage(HttpMethod.Post, "/voice/incoming")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Twilio-Signature", "c2lnbmF0dXJl");

        var twiml = await (await Client.SendAsync(request)).ReadTwimlAsync();

        Assert.Equal(PhonelineApp.FallbackNumber, twiml.XPathSelectElement("/Response/Dial/Number")!.Value);
    }

    [Fact]
    public async Task A_signed_form_with_a_NUL_byte_and_broken_UTF8_is_answered_as_usual()
    {
        var raw = "AccountSid=" + PhonelineApp.AccountSid + "&CallSid=CA-odd&From=%2B16195550142&To=%2B16195550100"
            + "&Digits=&SpeechResult=me%00eting%FF%FE";
        // Signed over the values as a form reader decodes them: what Twilio signs is what arrives.
        var decoded = new Microsoft.AspNetCore.WebUtilities.FormReader(raw).ReadForm().ToDictionary(f => f.Key,
            f => f.Value.ToString());
        Assert.Contains('\0', decoded["SpeechResult"]);
        var url = PhonelineApp.PublicBaseUrl + "/voice/menu?lang=en&attempt=0";
        var request = new HttpRequestMessage(HttpMethod.Post, "/voice/menu?lang=en&attempt=0")
        {
            Content = new StringContent(raw, Encoding.Latin1, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Twilio-Signature", SignatureValidator.ComputeSignature(PhonelineApp.AuthToken, url,
            decoded));

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var twiml = await response.ReadTwimlAsync();
        Assert.NotNull(twiml.Root);
        Assert.DoesNotContain(twiml.XPathSelectElements("/Response/Dial/Number"),
            n => n.Value == PhonelineApp.FallbackNumber);
    }
}
