using System.Net.Http.Headers;
using System.Xml.Linq;
using NAPhoneline.Telephony.Webhooks;

namespace NAPhoneline.IntegrationTests.Infrastructure;

// Webhooks as Twilio sends them: form posts to the public URL, signed with the account's auth token.
public static class TwilioRequests
{
    public static Task<HttpResponseMessage> PostTwilioAsync(this HttpClient client, string pathAndQuery,
        IDictionary<string, string> form, string? signature = null)
    {
        var url = pathAndQuery.StartsWith("http", StringComparison.Ordinal) ? pathAndQuery
            : PhonelineApp.PublicBaseUrl + pathAndQuery;
        var target = new Uri(url).PathAndQuery;
        var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature",
            signature ?? SignatureValidator.ComputeSignature(PhonelineApp.AuthToken, url, form));
        return client.SendAsync(request);
    }

    public static Dictionary<string, string> Call(string to, string from = "+16195550142",
        string callSid = "CA00000000000000000000000000000001") => new()
    {
        ["AccountSid"] = PhonelineApp.AccountSid,
        ["CallSid"] = callSid,
        ["From"] = from,
        ["To"] = to,
        ["Caller"] = from,
        ["Called"] = to,
        ["CallStatus"] = "ringing",
        ["Direction"] = "inbound",
        ["ApiVersion"] = "2010-04-01",
    };

    public static Dictionary<string, string> With(this Dictionary<string, string> form, string key, string value) =>
        new(form) { [key] = value };

    public static async Task<XDocument> ReadTwimlAsync(this HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF,
            "TwiML must not start with a BOM");
        return XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes));
    }

    public static AuthenticationHeaderValue Bearer(string key) => new("Bearer", key);
}
