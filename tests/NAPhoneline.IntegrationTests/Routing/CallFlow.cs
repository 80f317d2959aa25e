using System.Xml.Linq;
using System.Xml.XPath;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Routing;

// One caller's side of a call, driven through signed webhooks the way Twilio would, plus the volunteer legs.
public sealed class CallFlow(HttpClient client, string callSid, string from = "+16195550142",
    string to = DemoData.HelplineNumber)
{
    public Dictionary<string, string> Form(params (string Key, string Value)[] extra)
    {
        var form = TwilioRequests.Call(to, from, callSid);
        foreach (var (key, value) in extra) form[key] = value;
        return form;
    }

    public async Task<XDocument> PostAsync(string url, params (string Key, string Value)[] extra) =>
        await (await client.PostTwilioAsync(url, Form(extra))).ReadTwimlAsync();

    public async Task<XDocument> AskForAMemberAsync(string language = "en")
    {
        await PostAsync("/voice/incoming");
        return await PostAsync($"/voice/menu?lang={language}&attempt=0", ("Digits", "2"));
    }

    // The volunteer's phone answers the leg: it hears the whisper, then presses keys (or nothing).
    public async Task<XDocument> LegAnswersAsync(XElement number, string keys)
    {
        var whisper = await PostAsync(number.Attribute("url")!.Value, ("To", number.Value),
            ("Direction", "outbound-dial"));
        var gather = whisper.XPathSelectElement("/Response/Gather")!;
        Assert.Contains("Press 1 to accept", gather.Element("Say")!.Value, StringComparison.Ordinal);
        return await PostAsync(gather.Attribute("action")!.Value, ("To", number.Value), ("Digits", keys));
    }

    public Task<XDocument> DialEndsAsync(XDocument twiml, string status, int duration = 0) =>
        PostAsync(twiml.XPathSelectElement("/Response/Dial")!.Attribute("action")!.Value,
            ("DialCallStatus", status),
            ("DialCallDuration", duration.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static XElement Number(XDocument twiml) => twiml.XPathSelectElement("/Response/Dial/Number")!;
}
