using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using System.Xml.XPath;
using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Security;

// CONTRACT 15: sign-in codes, SMS commands, failed admin keys and Twelfth Step requests are rate-limited per number
// or address; voice calls never are. Limits are tiny here, set through RateLimits:* as an operator would.
[Collection(DatabaseCollection.Name)]
public sealed partial class RateLimitTests(TestDatabase database) : IAsyncLifetime
{
    const string Caller = "+16195550142";
    PhonelineApp app = null!;
    HttpClient client = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
    }

    async Task StartAsync(params (string Key, string Value)[] settings)
    {
        await database.ResetAsync();
        app = new PhonelineApp(database, settings.ToDictionary(s => s.Key, s => (string?)s.Value));
        // Tuesday 17:00 in San Diego: Pat and Sam are on duty.
        app.Time.Advance(TimeSpan.FromHours(5));
        await DemoData.ImportAsync(app);
        client = app.CreateClient();
    }

    static (string, string)[] Limit(string name, int permits, string window = "01:00:00") =>
        [($"RateLimits:{name}:Permits", permits.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ($"RateLimits:{name}:Window", window)];

    Task<HttpResponseMessage> TextAsync(string body, string from = Caller) =>
        client.PostTwilioAsync("/sms/incoming", new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Guid.NewGuid().ToString("N"), ["AccountSid"] = PhonelineApp.AccountSid,
            ["From"] = from, ["To"] = DemoData.HelplineNumber, ["Body"] = body,
        });

    static async Task<int> MessagesIn(HttpResponseMessage response) =>
        (await response.ReadTwimlAsync()).XPathSelectElements("/Response/Message").Count();

    async Task<string> ScrapeAsync()
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/metrics";
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
        });
        using var reader = new StreamReader(context.Response.Body);
        return await reader.ReadToEndAsync();
    }

    static string Said(XDocument twiml) => string.Join(" ", twiml.XPathSelectElements("//Say").Select(s => s.Value));

    [Fact]
    public async Task Fifty_calls_in_a_row_from_one_number_all_get_the_menu()
    {
        // Every limit at one: none of them may touch a call.
        await StartAsync([.. Limit("SmsCommands", 1), .. Limit("TwelfthStep", 1), .. Limit("SignInCodes", 1),
            .. Limit("FailedSignIns", 1), .. Limit("FailedAdminKeys", 1)]);

        for (var i = 0; i < 50; i++)
        {
            var call = new CallFlow(client, $"CA-again-{i:D2}", Caller);
            var greeting = await call.PostAsync("/voice/incoming");
            Assert.NotNull(greeting.XPathSelectElement("/Response/Gather"));
            var menu = await call.PostAsync("/voice/language", ("Digits", "1"));
            var gather = menu.XPathSelectElement("/Response/Gather")!;
            Assert.StartsWith(PhonelineApp.PublicBaseUrl + "/voice/menu?lang=en", gather.Attribute("action")!.Value,
                StringComparison.Ordinal);
            Assert.Contains("press 3", gather.Element("Say")!.Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Texts_beyond_the_limit_get_an_empty_answer_not_a_429_and_are_counted()
    {
        await StartAsync(Limit("SmsCommands", 3));

        for (var i = 0; i < 3; i++) Assert.Equal(1, await MessagesIn(await TextAsync("HELP")));
        var limited = await TextAsync("HELP");
        var other = await TextAsync("HELP", from: "+16195550143");

        Assert.Equal(HttpStatusCode.OK, limited.StatusCode);
        Assert.Empty((await limited.ReadTwimlAsync()).Root!.Elements());
        Assert.Equal(1, await MessagesIn(other));
        var metrics = await ScrapeAsync();
        Assert.Matches("naphoneline_rate_limited_total\\{[^}]*limit=\"SmsCommands\"[^}]*\\} 1", metrics);
        Assert.DoesNotContain(Caller, metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_text_spends_no_permit()
    {
        await StartAsync(Limit("SmsCommands", 1));
        var form = new Dictionary<string, string>
            { ["From"] = Caller, ["To"] = DemoData.HelplineNumber, ["Body"] = "HELP" };

        Assert.Equal(HttpStatusCode.Forbidden,
            (await client.PostTwilioAsync("/sms/incoming", form, signature: "Zm9yZ2Vk")).StatusCode);
        Assert.Equal(1, await MessagesIn(await TextAsync("HELP")));
    }

    [Fact]
    public async Task A_number_gets_answers_again_once_its_window_is_over()
    {
        await StartAsync(Limit("SmsCommands", 1, "00:00:00.200"));

        Assert.Equal(1, await MessagesIn(await TextAsync("HELP")));
        Assert.Equal(0, await MessagesIn(await TextAsync("HELP")));
        var answered = false;
        for (var i = 0; i < 20 && !answered; i++)
        {
            await Task.Delay(100);
            answered = await MessagesIn(await TextAsync("HELP")) == 1;
        }
        Assert.True(answered);
    }

    [Fact]
    public async Task A_Twelfth_Step_request_beyond_the_limit_puts_the_caller_through_to_a_member_and_makes_none()
    {
        await StartAsync(Limit("TwelfthStep", 1));

        // The first request, as any caller makes it.
        var first = new CallFlow(client, "CA-twelfth-1", Caller);
        await first.PostAsync("/voice/incoming");
        var confirm = await first.PostAsync("/voice/menu?lang=en&attempt=0", ("Digits", "3"));
        var record = await first.PostAsync(GatherAction(confirm), ("Digits", "1"));
        await first.PostAsync(record.XPathSelectElement("/Response/Record")!.Attribute("action")!.Value,
            ("RecordingDuration", "0"));
        Assert.Equal(1, await RequestCountAsync());

        // The same number again: a kind word and a member on the line, never silence, and no second request.
        var second = new CallFlow(client, "CA-twelfth-2", Caller);
        await second.PostAsync("/voice/incoming");
        var again = await second.PostAsync("/voice/menu?lang=en&attempt=0", ("Digits", "3"));
        var answer = await second.PostAsync(GatherAction(again), ("Digits", "1"));
        await client.PostTwilioAsync("/voice/status", second.Form(("CallStatus", "completed"), ("CallDuration", "40")));

        Assert.Contains("We already have your request", Said(answer), StringComparison.Ordinal);
        Assert.NotEmpty(answer.XPathSelectElements("/Response/Dial/Number"));
        Assert.Null(answer.XPathSelectElement("/Response/Record"));
        Assert.Equal(1, await RequestCountAsync());
        // Another caller is not held back by that one.
        var third = new CallFlow(client, "CA-twelfth-3", "+16195550143");
        await third.PostAsync("/voice/incoming");
        var theirs = await third.PostAsync(GatherAction(
            await third.PostAsync("/voice/menu?lang=en&attempt=0", ("Digits", "3"))), ("Digits", "1"));
        Assert.NotNull(theirs.XPathSelectElement("/Response/Record"));
    }

    static string GatherAction(XDocument twiml) =>
        twiml.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value;

    async Task<long> RequestCountAsync()
    {
        await app.CallRecordsWrittenAsync();
        await using var db = new NpgsqlConnection(database.ConnectionString);
        return await db.ExecuteScalarAsync<long>("select count(*) from requests");
    }

    async Task<HttpStatusCode> AdminAsync(string? key, IPAddress? from = null, string path = "/admin/api/requests",
        string scheme = "Bearer")
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = path;
            c.Connection.RemoteIpAddress = from ?? IPAddress.Parse("203.0.113.9");
            if (key is not null) c.Request.Headers.Authorization = $"{scheme} {key}";
        });
        return (HttpStatusCode)context.Response.StatusCode;
    }

    [Fact]
    public async Task Wrong_admin_keys_from_one_address_lock_that_address_out_even_with_the_right_key()
    {
        await StartAsync(Limit("FailedAdminKeys", 2));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + PhonelineApp.AdminKey));

        // A request without any key is a first look, not a guess.
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, await AdminAsync(null));
        Assert.Equal(HttpStatusCode.OK, await AdminAsync(PhonelineApp.AdminKey));
        Assert.Equal(HttpStatusCode.Unauthorized, await AdminAsync("wrong-key-1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await AdminAsync("wrong-key-2", path: "/admin/jobs"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await AdminAsync("wrong-key-3"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await AdminAsync(PhonelineApp.AdminKey));
        Assert.Equal(HttpStatusCode.TooManyRequests, await AdminAsync(basic, path: "/admin/jobs", scheme: "Basic"));
        Assert.Equal(HttpStatusCode.OK, await AdminAsync(PhonelineApp.AdminKey, IPAddress.Parse("198.51.100.4")));
    }

    HttpClient Browserless() => app.CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false,
    });

    [Fact]
    public async Task Sign_in_codes_for_one_number_stop_at_the_limit()
    {
        await StartAsync(Limit("SignInCodes", 2));
        using var browser = Browserless();

        Task<string> SendAsync(string phone) => ConsoleForms.PostSignInAsync(browser, "send", ("phone", phone));
        for (var i = 0; i < 2; i++)
            Assert.Contains("a text message with a code", await SendAsync("+16195559876"), StringComparison.Ordinal);
        Assert.Contains("Too many codes", await SendAsync("+16195559876"), StringComparison.Ordinal);
        Assert.Contains("a text message with a code", await SendAsync("+16195559875"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_sign_ins_from_one_address_stop_at_the_limit()
    {
        await StartAsync(Limit("FailedSignIns", 2));
        using var browser = Browserless();
        var sent = await ConsoleForms.PostSignInAsync(browser, "send", ("phone", "+16195559876"));
        var attempt = ConsoleForms.Attempt(sent);
        Assert.NotEmpty(attempt);

        Assert.Contains("That code is not right",
            await ConsoleForms.PostSignInAsync(browser, "verify", ("attempt", attempt), ("code", "123456")),
            StringComparison.Ordinal);
        Assert.Contains("Enter the 6 digits of the code",
            await ConsoleForms.PostSignInAsync(browser, "verify", ("attempt", attempt), ("code", "12")),
            StringComparison.Ordinal);
        Assert.Contains("Too many wrong codes from here",
            await ConsoleForms.PostSignInAsync(browser, "verify", ("attempt", attempt), ("code", "654321")),
            StringComparison.Ordinal);
    }
}
