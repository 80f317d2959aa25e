using System.Net;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace NAPhoneline.IntegrationTests.Infrastructure;

// Twilio's REST API on loopback: accepts messages and calls like Twilio does and remembers what it was sent.
public sealed class FakeTwilio : IDisposable
{
    readonly WireMockServer server = WireMockServer.Start();

    public FakeTwilio()
    {
        server.Given(Request.Create().WithPath("/2010-04-01/Accounts/*/Messages.json").UsingPost())
            .AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(201)
                .WithBody("""{"sid":"SM{{request.headers.X-Request-Id}}","status":"queued"}"""));
        server.Given(Request.Create().WithPath("/2010-04-01/Accounts/*/Calls.json").UsingPost())
            .AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"sid":"CAfake","status":"queued"}"""));
        // Recordings, for the account's own credentials only (anything else gets Twilio's 401).
        server.Given(Request.Create().WithPath("/2010-04-01/Accounts/*/Recordings/*").UsingGet()
                .WithHeader("Authorization", "Basic " + Convert.ToBase64String(
                    System.Text.Encoding.UTF8.GetBytes($"{PhonelineApp.AccountSid}:{PhonelineApp.AuthToken}"))))
            .AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "audio/mpeg")
                .WithBody(RecordingBody));
        server.Given(Request.Create().WithPath("/2010-04-01/Accounts/*/Recordings/*").UsingGet())
            .AtPriority(20)
            .RespondWith(Response.Create().WithStatusCode(401)
                .WithBody("""{"code":20003,"message":"Authenticate","status":401}"""));
    }

    // What every recording sounds like here: an ID3 header and one silent MPEG frame header.
    public static readonly byte[] RecordingBody =
        [0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFB, 0x90, 0x00];

    // Paths of the recordings fetched (whatever the answer).
    public IReadOnlyList<string> RecordingFetches =>
        server.LogEntries.Where(e => e.RequestMessage.Path.Contains("/Recordings/", StringComparison.Ordinal))
            .Select(e => e.RequestMessage.Path).ToList();

    public string Url => server.Url!;

    // The next message to this number gets Twilio's error answer once; later ones go through.
    public void FailOnce(string to, int status = 500)
    {
        server.Given(Request.Create().WithPath("/2010-04-01/Accounts/*/Messages.json").UsingPost()
                .WithBody(new WireMock.Matchers.WildcardMatcher("*To=" + Uri.EscapeDataString(to) + "*")))
            .AtPriority(1)
            .InScenario("fail-once " + to)
            .WillSetStateTo("failed")
            .RespondWith(Response.Create().WithStatusCode(status)
                .WithBody($$"""{"code":20500,"message":"Internal Server Error","more_info":"https://www.twilio.com/docs/errors/20500","status":{{status}}}"""));
    }

    // Messages Twilio accepted (answered 201), as opposed to every attempt.
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Delivered =>
        server.LogEntries.Where(e => e.RequestMessage.Path.EndsWith("/Messages.json", StringComparison.Ordinal)
            && Equals(e.ResponseMessage.StatusCode, 201))
            .Select(e => Parse(e.RequestMessage.Body ?? "")).ToList();

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Calls =>
        server.LogEntries.Where(e => e.RequestMessage.Path.EndsWith("/Calls.json", StringComparison.Ordinal))
            .Select(e => Parse(e.RequestMessage.Body ?? "")).ToList();

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Messages =>
        server.LogEntries.Where(e => e.RequestMessage.Path.EndsWith("/Messages.json", StringComparison.Ordinal))
            .Select(e => Parse(e.RequestMessage.Body ?? "")).ToList();

    // The outbox sends in the background: wait (bounded) until the expected number of messages has arrived.
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> WaitForMessagesAsync(int count)
    {
        for (var i = 0; i < 200 && Messages.Count < count; i++) await Task.Delay(50);
        return Messages;
    }

    static Dictionary<string, string> Parse(string form) =>
        form.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .ToDictionary(p => WebUtility.UrlDecode(p[0]), p => WebUtility.UrlDecode(p.Length > 1 ? p[1] : ""));

    public void Dispose()
    {
        server.Stop();
        server.Dispose();
    }
}
