using System.Text;
using Microsoft.Extensions.Options;
using NAPhoneline.Telephony;
using NAPhoneline.Telephony.Rest;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace NAPhoneline.Tests.Telephony;

// The REST client against a real HTTP server on loopback (WireMock.Net) playing Twilio's API.
public sealed class TwilioRestClientTests : IDisposable
{
    const string Sid = "ACtest00000000000000000000000000";
    const string Token = "rest-test-token";
    readonly WireMockServer twilio = WireMockServer.Start();
    readonly HttpClient http = new();

    TwilioRestClient Client(string? apiBase = null) => new(http, new StaticOptions(
        new TelephonyOptions { AccountSid = Sid, AuthToken = Token, ApiBaseUrl = apiBase ?? twilio.Url! }));

    [Fact]
    public async Task Sends_an_sms_as_a_form_post_with_basic_auth()
    {
        twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{Sid}/Messages.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"sid":"SM123","status":"queued","to":"+16195550142","from":"+16195550100","num_segments":"1","unknown":{"a":1}}"""));

        var message = await Client()
            .SendSmsAsync(new SmsMessage("+16195550142", "+16195550100", "Meetings tonight & tomorrow"));

        Assert.Equal("SM123", message.Sid);
        Assert.Equal("queued", message.Status);
        var request = twilio.LogEntries.Single().RequestMessage;
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Sid}:{Token}")),
            request.Headers!["Authorization"].Single());
        Assert.StartsWith("application/x-www-form-urlencoded", request.Headers["Content-Type"].Single(),
            StringComparison.Ordinal);
        Assert.Equal("To=%2B16195550142&From=%2B16195550100&Body=Meetings+tonight+%26+tomorrow", request.Body);
    }

    [Fact]
    public async Task Creates_a_call_with_repeated_status_callback_events()
    {
        twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{Sid}/Calls.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithBody("""{"sid":"CA123","status":"queued"}"""));

        var call = await Client().CreateCallAsync(new OutboundCall("+16195550121", "+16195550100")
        {
            Url = "https://phoneline.example.org/voice/bridge?r=1",
            StatusCallback = "https://phoneline.example.org/voice/status",
            StatusCallbackEvents = ["initiated", "answered", "completed"], Timeout = 20,
        });

        Assert.Equal("CA123", call.Sid);
        var body = twilio.LogEntries.Single().RequestMessage.Body!;
        Assert.Contains("StatusCallbackEvent=initiated&StatusCallbackEvent=answered&StatusCallbackEvent=completed",
            body, StringComparison.Ordinal);
        Assert.Contains("Timeout=20", body, StringComparison.Ordinal);
        Assert.Contains("Url=https%3A%2F%2Fphoneline.example.org%2Fvoice%2Fbridge%3Fr%3D1", body,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirects_a_live_call()
    {
        twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{Sid}/Calls/CA42.json").UsingPost()
            .WithBody(new RegexMatcher("Url=.*&Method=POST")))
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"sid":"CA42","status":"in-progress"}"""));

        var call = await Client().UpdateCallAsync("CA42",
            new CallUpdate { Url = "https://phoneline.example.org/voice/voicemail", Method = "POST" });

        Assert.Equal("in-progress", call.Status);
    }

    [Fact]
    public async Task A_call_needs_exactly_one_of_url_and_twiml()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Client().CreateCallAsync(new OutboundCall("+1", "+2")));
        await Assert.ThrowsAsync<ArgumentException>(() => Client()
            .CreateCallAsync(new OutboundCall("+1", "+2") { Url = "https://x", Twiml = "<Response/>" }));
        await Assert.ThrowsAsync<ArgumentException>(() => Client()
            .CreateCallAsync(new OutboundCall("+1", "+2") { Twiml = new string('x', 4001) }));
    }

    [Theory]
    [InlineData("""{"code": 21211, "message": "Invalid 'To' Phone Number", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}""", 21211, "Invalid 'To' Phone Number")]
    [InlineData("""{"type":"https://www.twilio.com/docs/errors/20001","title":"Bad request","detail":"Missing Body","code":20001,"status":400}""", 20001, "Missing Body")]
    [InlineData("""{"errors":[{"code":20429,"message":"Too many requests","infoUrl":"https://www.twilio.com/docs/errors/20429"}]}""", 20429, "Too many requests")]
    public async Task Twilio_errors_become_typed_exceptions_with_twilios_code(string body, int code, string message)
    {
        twilio.Given(Request.Create().UsingPost()).RespondWith(Response.Create().WithStatusCode(400).WithBody(body));

        var error =
            await Assert.ThrowsAsync<TwilioApiException>(() => Client().SendSmsAsync(new SmsMessage("+1", "+2", "x")));

        Assert.Equal(400, error.Status);
        Assert.Equal(code, error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_error_without_json_is_reported_and_not_marked_safe_to_retry()
    {
        twilio.Given(Request.Create().UsingPost())
            .RespondWith(Response.Create().WithStatusCode(500).WithBody("<html>oops</html>"));

        var error =
            await Assert.ThrowsAsync<TwilioApiException>(() => Client().SendSmsAsync(new SmsMessage("+1", "+2", "x")));

        Assert.Equal(500, error.Status);
        Assert.Null(error.Code);
        Assert.False(error.IsSafeToRetry);
    }

    [Fact]
    public async Task A_refused_connection_is_a_typed_error_that_is_safe_to_retry()
    {
        var error = await Assert.ThrowsAsync<TwilioApiException>(() => Client("http://127.0.0.1:9")
            .SendSmsAsync(new SmsMessage("+1", "+2", "x")));

        Assert.Equal(0, error.Status);
        Assert.True(error.IsSafeToRetry);
    }

    [Fact]
    public async Task Fetches_a_recording_of_the_account_as_mp3_with_basic_auth_from_the_api_base()
    {
        byte[] mp3 = [0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0xFF, 0xFB];
        twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{Sid}/Recordings/RE0123abcd.mp3").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "audio/mpeg").WithBody(mp3));

        // The stored URL names Twilio's host (and a query): the request goes to the configured base all the same.
        await using var media = await Client().GetMediaAsync(
            $"https://api.twilio.com/2010-04-01/Accounts/{Sid}/Recordings/RE0123abcd?x=1");

        Assert.NotNull(media);
        Assert.Equal("audio/mpeg", media.ContentType);
        using var copy = new MemoryStream();
        await media.Content.CopyToAsync(copy);
        Assert.Equal(mp3, copy.ToArray());
        var request = twilio.LogEntries.Single().RequestMessage;
        Assert.Equal("GET", request.Method);
        Assert.Equal($"/2010-04-01/Accounts/{Sid}/Recordings/RE0123abcd.mp3", request.Path);
        Assert.Empty(request.Query ?? new Dictionary<string, WireMock.Types.WireMockList<string>>());
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Sid}:{Token}")),
            request.Headers!["Authorization"].Single());
    }

    [Theory]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/ACother0000000000000000000000000/Recordings/RE1")]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/ACtest00000000000000000000000000/Messages/SM1")]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/ACtest00000000000000000000000000/Recordings/RE1/../../Messages.json")]
    [InlineData(
        "https://api.twilio.com/2010-04-01/Accounts/ACtest00000000000000000000000000/Recordings/RE1%2F..%2FCalls")]
    [InlineData("https://api.twilio.com/2010-04-01/Accounts/ACtest00000000000000000000000000/Recordings/RE1.json")]
    [InlineData("/2010-04-01/Accounts/ACtest00000000000000000000000000/Recordings/RE1")]
    [InlineData("file:///2010-04-01/Accounts/ACtest00000000000000000000000000/Recordings/RE1")]
    [InlineData("")]
    public async Task Anything_but_a_recording_of_the_account_is_not_fetched(string url)
    {
        twilio.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("x"));

        Assert.Null(await Client().GetMediaAsync(url));

        Assert.Empty(twilio.LogEntries);
    }

    [Fact]
    public async Task A_recording_twilio_no_longer_has_is_null_and_a_redirect_is_not_followed()
    {
        twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{Sid}/Recordings/REgone.mp3").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(404).WithBody("""{"code":20404,"status":404}"""));
        twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/{Sid}/Recordings/REmoved.mp3").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", "http://169.254.169.254/latest"));
        using var noRedirects = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var client = new TwilioRestClient(noRedirects, new StaticOptions(new TelephonyOptions
        {
            AccountSid = Sid, AuthToken = Token, ApiBaseUrl = twilio.Url!,
        }));

        Assert.Null(await client.GetMediaAsync($"https://api.twilio.com/2010-04-01/Accounts/{Sid}/Recordings/REgone"));
        var error = await Assert.ThrowsAsync<TwilioApiException>(() =>
            client.GetMediaAsync($"https://api.twilio.com/2010-04-01/Accounts/{Sid}/Recordings/REmoved"));

        Assert.Equal(302, error.Status);
        Assert.Equal(2, twilio.LogEntries.Count());
    }

    public void Dispose()
    {
        twilio.Stop();
        twilio.Dispose();
        http.Dispose();
    }

    sealed class StaticOptions(TelephonyOptions value) : IOptionsMonitor<TelephonyOptions>
    {
        public TelephonyOptions CurrentValue => value;
        public TelephonyOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<TelephonyOptions, string?> listener) => null;
    }
}
