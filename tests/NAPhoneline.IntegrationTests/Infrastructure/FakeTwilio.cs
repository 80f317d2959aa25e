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
            .RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"sid":"SM{{request.headers.X-Request-Id}}","status":"queued"}"""));
        server.Given(Request.Create().WithPath("/2010-04-01/Accounts/*/Calls.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"sid":"CAfake","status":"queued"}"""));
    }

    public string Url => server.Url!;

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
