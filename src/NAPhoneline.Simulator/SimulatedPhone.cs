using System.Globalization;
using System.Xml.Linq;
using NAPhoneline.Telephony.Webhooks;

namespace NAPhoneline.Simulator;

// Plays Twilio's part in a call: posts signed webhooks, speaks <Say> as text, reads keys or words for <Gather>,
// asks how a <Dial> ends, and follows action and <Redirect> URLs the way Twilio resolves them.
public sealed class SimulatedPhone(HttpClient http, SimulatorOptions options, TextReader input, TextWriter output)
{
    const int MaxSteps = 60; // a call that loops forever is a bug worth seeing, not a hang
    readonly string callSid = "CA" + Guid.NewGuid().ToString("N");
    readonly string publicBase = (options.PublicBaseUrl ?? options.ServiceUrl.ToString()).TrimEnd('/');

    public async Task<int> CallAsync()
    {
        output.WriteLine($"CALL  {options.From} -> {options.To}");
        var document = await PostAsync(publicBase + "/voice/incoming", []);
        for (var step = 0; document is not null; step++)
        {
            if (step == MaxSteps)
            {
                output.WriteLine($"STOP  the call went on for {MaxSteps} webhooks; giving up");
                return 1;
            }
            document = await RunAsync(document.Value.Url, document.Value.Twiml);
        }
        await PostAsync(publicBase + "/voice/status", new() { ["CallStatus"] = "completed" }, expectTwiml: false);
        output.WriteLine("END   call ended");
        return 0;
    }

    public async Task<int> TextAsync(string body)
    {
        output.WriteLine($"TEXT  {options.From} -> {options.To}: {body}");
        var form = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["AccountSid"] = AccountSid, ["From"] = options.From,
            ["To"] = options.To, ["Body"] = body, ["NumMedia"] = "0", ["NumSegments"] = "1",
            ["ApiVersion"] = "2010-04-01",
        };
        var reply = await SendAsync(publicBase + "/sms/incoming", form);
        if (reply is null) return 1;
        foreach (var message in reply.Value.Twiml.Root!.Elements("Message")) output.WriteLine($"SMS   {message.Value}");
        return 0;
    }

    // Runs one TwiML document; returns the next document when a verb moves the call to another URL, null when it ends.
    async Task<(string Url, XDocument Twiml)?> RunAsync(string url, XDocument twiml)
    {
        foreach (var verb in twiml.Root!.Elements())
        {
            switch (verb.Name.LocalName)
            {
                case "Say": output.WriteLine($"SAY   {verb.Value}"); break;
                case "Play": output.WriteLine($"PLAY  {verb.Value}"); break;
                case "Pause": output.WriteLine($"PAUSE {Attr(verb, "length") ?? "1"} s"); break;
                case "Gather":
                    var next = await GatherAsync(url, verb);
                    if (next is not null) return next;
                    break;
                case "Dial":
                    var afterDial = await DialAsync(url, verb);
                    if (afterDial is not null) return afterDial;
                    break;
                case "Record":
                    output.WriteLine(
                        $"BEEP  recording (up to {Attr(verb, "maxLength") ?? "3600"} s); type your message and Enter");
                    var said = input.ReadLine() ?? "";
                    var fields = new Dictionary<string, string>
                    {
                        ["RecordingUrl"] =
                            $"https://api.twilio.com/2010-04-01/Accounts/{AccountSid}/Recordings/RE{Guid.NewGuid():N}",
                        ["RecordingDuration"] = Math.Max(1, said.Length / 12).ToString(CultureInfo.InvariantCulture),
                        ["Digits"] = "hangup",
                    };
                    return await PostAsync(Resolve(url, Attr(verb, "action") ?? url), fields);
                case "Redirect": return await PostAsync(Resolve(url, verb.Value.Trim()), []);
                case "Hangup": output.WriteLine("HANGUP"); return null;
                // A blocked caller (CONTRACT 15): the call is refused before it is answered.
                case "Reject": output.WriteLine("REJECT the call is refused, unanswered"); return null;
                default: output.WriteLine($"????  unknown verb <{verb.Name.LocalName}>"); break;
            }
        }
        return null; // Twilio hangs up when a document runs out of verbs
    }

    async Task<(string, XDocument)?> GatherAsync(string url, XElement gather)
    {
        foreach (var prompt in gather.Elements()) output.WriteLine($"SAY   {prompt.Value}");
        output.Write("KEYS? press keys or say words, Enter for silence: ");
        var line = input.ReadLine();
        if (line is null) { output.WriteLine(); output.WriteLine("HANGUP caller hung up"); return null; }
        line = line.Trim();
        var fields = new Dictionary<string, string>();
        if (line.Length > 0 && line.All(c => char.IsAsciiDigit(c) || c is '*' or '#'))
            fields["Digits"] = line.TrimEnd('#');
        else if (line.Length > 0) { fields["SpeechResult"] = line; fields["Confidence"] = "0.9"; }
        else if (Attr(gather, "actionOnEmptyResult") != "true") return null; // silence falls through to the next verb
        return await PostAsync(Resolve(url, Attr(gather, "action") ?? url), fields);
    }

    async Task<(string, XDocument)?> DialAsync(string url, XElement dial)
    {
        var nouns = dial.Elements("Number").ToList();
        var numbers = nouns.Select(n => n.Value.Trim()).DefaultIfEmpty(dial.Value.Trim()).ToList();
        output.WriteLine($"DIAL  {string.Join(", ", numbers)} (caller ID shown: "
            + $"{Attr(dial, "callerId") ?? options.From}, rings {Attr(dial, "timeout") ?? "30"} s)");
        output.Write("WHO?  a = answers, n = no answer, b = busy, f = failed [n]: ");
        var status = (input.ReadLine() ?? "").Trim().ToLowerInvariant() switch
        {
            "a" => "completed",
            "b" => "busy",
            "f" => "failed",
            _ => "no-answer",
        };
        output.WriteLine($"      {status}");
        var connected = status == "completed";
        // A screened number: the answering phone runs its own TwiML first and is connected only if it does not hang up.
        if (connected && nouns.Count > 0 && Attr(nouns[0], "url") is { } whisper)
            connected = await ScreenAsync(whisper, numbers[0]);
        if (connected) output.WriteLine($"TALK  connected to {numbers[0]}");
        for (var i = 0; i < nouns.Count; i++)
            if (Attr(nouns[i], "statusCallback") is { } callback)
                await PostAsync(
                    Resolve(url, callback),
                    new() { ["CallStatus"] = i == 0 ? status : "no-answer" },
                    expectTwiml: false);

        var action = Attr(dial, "action");
        if (action is null) return null;
        var fields = new Dictionary<string, string>
        {
            ["DialCallStatus"] = status, ["DialCallSid"] = "CA" + Guid.NewGuid().ToString("N")
        };
        if (status == "completed") fields["DialCallDuration"] = connected ? "60" : "5";
        return await PostAsync(Resolve(url, action), fields);
    }

    // Plays the volunteer's side of a screened leg; true when the leg ends its TwiML without hanging up (accepted).
    async Task<bool> ScreenAsync(string url, string number)
    {
        var leg = new Dictionary<string, string>
        {
            ["CallSid"] = "CA" + Guid.NewGuid().ToString("N"), ["ParentCallSid"] = callSid, ["To"] = number,
            ["From"] = options.To, ["Direction"] = "outbound-dial"
        };
        var step = await PostAsync(url, leg);
        for (var i = 0; step is not null && i < 10; i++)
        {
            var (current, twiml) = step.Value;
            step = null;
            foreach (var verb in twiml.Root!.Elements())
            {
                if (verb.Name.LocalName == "Hangup") { output.WriteLine($"LEG   {number} hangs up"); return false; }
                if (verb.Name.LocalName == "Say") output.WriteLine($"LEG   {number} hears: {verb.Value}");
                if (verb.Name.LocalName != "Gather") continue;
                foreach (var prompt in verb.Elements("Say")) output.WriteLine($"LEG   {number} hears: {prompt.Value}");
                output.Write($"LEG?  keys pressed at {number}, Enter for none: ");
                var keys = (input.ReadLine() ?? "").Trim();
                if (keys.Length == 0) continue;
                step = await PostAsync(
                    Resolve(current, Attr(verb, "action") ?? current), new(leg) { ["Digits"] = keys });
                break;
            }
            if (step is null) return true; // the leg's TwiML ended without a hang-up: Twilio connects it
        }
        return false;
    }

    async Task<(string Url, XDocument Twiml)?> PostAsync(
        string url, Dictionary<string, string> fields, bool expectTwiml = true)
    {
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = AccountSid, ["CallSid"] = callSid, ["From"] = options.From, ["To"] = options.To,
            ["Caller"] = options.From, ["Called"] = options.To, ["CallStatus"] = "in-progress",
            ["Direction"] = "inbound", ["ApiVersion"] = "2010-04-01",
        };
        foreach (var (key, value) in fields) form[key] = value;
        return await SendAsync(url, form, expectTwiml);
    }

    async Task<(string Url, XDocument Twiml)?> SendAsync(
        string url, Dictionary<string, string> form, bool expectTwiml = true)
    {
        // Twilio signs the public URL; the request itself goes to wherever the service listens.
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url).PathAndQuery)
        {
            Content = new FormUrlEncodedContent(form)
        };
        request.Headers.Add("X-Twilio-Signature", SignatureValidator.ComputeSignature(options.AuthToken, url, form));
        using var response = await http.SendAsync(request);
        if (!expectTwiml) return null;
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode
            || response.Content.Headers.ContentType?.MediaType is not ("application/xml" or "text/xml"))
        {
            output.WriteLine($"ERROR {(int)response.StatusCode} from {url}: "
                + "Twilio would play \"an application error has occurred\"");
            return null;
        }
        var twiml = XDocument.Parse(body);
        if (twiml.Root?.Name.LocalName != "Response")
        {
            output.WriteLine($"ERROR {url} did not answer a <Response>");
            return null;
        }
        return (url, twiml);
    }

    // Relative action URLs resolve against the current document's URL, as Twilio does.
    static string Resolve(string current, string target) =>
        Uri.TryCreate(target, UriKind.Absolute, out _) ? target : new Uri(new Uri(current), target).AbsoluteUri;

    static string? Attr(XElement element, string name) => element.Attribute(name)?.Value;

    const string AccountSid = "ACsimulator000000000000000000000";
}
