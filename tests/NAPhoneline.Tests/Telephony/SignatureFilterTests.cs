using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NAPhoneline.Telephony;
using NAPhoneline.Telephony.Webhooks;

namespace NAPhoneline.Tests.Telephony;

// The filter on a real Kestrel server on loopback, so raw request targets are exactly what a proxy would pass on.
public sealed class SignatureFilterTests : IAsyncLifetime
{
    const string Token = "filter-test-token";
    WebApplication app = null!;
    HttpClient client = null!;
    int calls;

    async Task StartAsync(string? publicBaseUrl, bool validate = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.Configure<TelephonyOptions>(o =>
        {
            o.AuthToken = Token;
            o.PublicBaseUrl = publicBaseUrl;
            o.ValidateSignatures = validate;
        });
        app = builder.Build();
        var hooks = app.MapGroup("/hooks").ValidateTwilioSignature();
        hooks.MapPost("/{**rest}", async (HttpRequest request) =>
        {
            calls++;
            if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true)
                return Results.Text(await new StreamReader(request.Body).ReadToEndAsync());
            return Results.Text("ok");
        });
        hooks.MapGet("/{**rest}", () => { calls++; return Results.Text("ok"); });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        client?.Dispose();
        if (app is not null) await app.DisposeAsync();
    }

    static HttpRequestMessage Post(string target, Dictionary<string, string> form, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent(form) };
        if (signature is not null) request.Headers.Add("X-Twilio-Signature", signature);
        return request;
    }

    static readonly Dictionary<string, string> Form = new() { ["CallSid"] = "CA1", ["From"] = "+16195550142",
        ["Digits"] = "2" };

    [Fact]
    public async Task A_valid_signature_over_the_public_url_passes()
    {
        await StartAsync("https://phoneline.example.org");

        var response = await client.SendAsync(Post("/hooks/voice?lang=en", Form,
            SignatureValidator.ComputeSignature(Token, "https://phoneline.example.org/hooks/voice?lang=en", Form)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_tampered_form_gets_403_with_an_empty_body_and_the_endpoint_never_runs()
    {
        await StartAsync("https://phoneline.example.org");
        var signature = SignatureValidator.ComputeSignature(Token, "https://phoneline.example.org/hooks/voice", Form);

        var response = await client.SendAsync(Post("/hooks/voice",
            new Dictionary<string, string>(Form) { ["Digits"] = "3" }, signature));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(0, calls);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task A_missing_or_empty_header_is_403_not_500(string? signature)
    {
        await StartAsync("https://phoneline.example.org");

        var response = await client.SendAsync(Post("/hooks/voice", Form, signature));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Percent_escapes_in_the_target_are_signed_as_received()
    {
        await StartAsync("https://example.com");
        // HttpClient would canonicalise %7E to ~, so the request goes out byte for byte over a socket,
        // as a proxy sends it.
        const string target = "/hooks/a%7Eb/voice?x=It%27s+ok";
        var body = "CallSid=CA1&From=%2B16195550142&Digits=2";
        var signature = SignatureValidator.ComputeSignature(Token, "https://example.com" + target, Form);

        var status = await RawPostAsync(target, body, signature);
        var decoded = await RawPostAsync("/hooks/a~b/voice?x=It%27s+ok", body, signature);

        Assert.Equal(200, status);
        Assert.Equal(403, decoded);
    }

    async Task<int> RawPostAsync(string target, string body, string signature)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(client.BaseAddress!.Host, client.BaseAddress.Port);
        var stream = tcp.GetStream();
        var request = $"POST {target} HTTP/1.1\r\nHost: example.com\r\n" +
                      "Content-Type: application/x-www-form-urlencoded\r\n" +
                      $"X-Twilio-Signature: {signature}\r\nContent-Length: {body.Length}\r\n" +
                      $"Connection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var response = await new StreamReader(stream).ReadLineAsync();
        return int.Parse(response!.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("https://example.org/naphoneline", "/hooks/voice", "https://example.org/naphoneline/hooks/voice")]
    [InlineData("https://example.org/hooks", "/hooks/voice", "https://example.org/hooks/voice")]
    public async Task A_public_url_with_a_path_prefix_works_whether_the_proxy_strips_it_or_not(string baseUrl,
        string target, string signedUrl)
    {
        await StartAsync(baseUrl);

        var response =
            await client.SendAsync(Post(target, Form, SignatureValidator.ComputeSignature(Token, signedUrl, Form)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_json_webhook_is_checked_against_its_body_hash_and_the_body_stays_readable()
    {
        await StartAsync("https://example.com");
        const string body = "{\"CallSid\":\"CA123\",\"Status\":\"completed\"}";
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var target = "/hooks/events?bodySHA256=" + hash;
        var signature = SignatureValidator.ComputeSignature(Token, "https://example.com" + target, null);

        var good = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json")
        };
        good.Headers.Add("X-Twilio-Signature", signature);
        var tampered = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Content = new StringContent(body.Replace("completed", "failed", StringComparison.Ordinal), Encoding.UTF8,
                "application/json")
        };
        tampered.Headers.Add("X-Twilio-Signature", signature);

        var goodResponse = await client.SendAsync(good);
        Assert.Equal(HttpStatusCode.OK, goodResponse.StatusCode);
        Assert.Equal(body, await goodResponse.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(tampered)).StatusCode);
    }

    [Fact]
    public async Task A_get_webhook_signs_the_url_with_its_query()
    {
        await StartAsync("https://example.com");
        const string target = "/hooks/gather?Digits=1&CallSid=CA123&From=%2B15551234567";
        var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.Add("X-Twilio-Signature",
            SignatureValidator.ComputeSignature(Token, "https://example.com" + target, null));

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_before_it_is_read()
    {
        await StartAsync("https://example.com");
        var form = new Dictionary<string, string>(Form) { ["Padding"] = new string('x', 100_000) };

        var response = await client.SendAsync(Post("/hooks/voice", form,
            SignatureValidator.ComputeSignature(Token, "https://example.com/hooks/voice", form)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task A_broken_form_body_is_a_400_not_a_500()
    {
        await StartAsync("https://example.com");
        var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/voice")
        {
            Content = new ByteArrayContent("a=%zz%&&=\u0000"u8.ToArray())
            {
                Headers = { ContentType = new("multipart/form-data") }
            },
        };
        request.Headers.Add("X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJlIGF0IGFsbA==");

        var response = await client.SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 403);
    }

    [Fact]
    public async Task Validation_can_be_switched_off_for_local_development()
    {
        await StartAsync(null, validate: false);

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Post("/hooks/voice", Form, null))).StatusCode);
    }
}
