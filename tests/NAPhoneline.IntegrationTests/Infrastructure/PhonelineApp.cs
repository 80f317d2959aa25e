using Microsoft.AspNetCore.Builder;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace NAPhoneline.IntegrationTests.Infrastructure;

// The service in-process on the test database, with the settings an operator would give it. Twilio's REST API is
// a fake server on loopback (FakeTwilio); time is a FakeTimeProvider the test can move.
public sealed class PhonelineApp : WebApplicationFactory<Program>
{
    public const string AuthToken = "test-auth-token-0123456789abcdef";
    public const string AccountSid = "ACtest00000000000000000000000000";
    public const string PublicBaseUrl = "https://phoneline.test";
    public const string AdminKey = "test-admin-key-0123456789abcdef-0123456789";
    public const string FallbackNumber = "+16195550199";
    // An obviously-test privacy key (32 bytes of 0x07), so tests can open what the service encrypted.
    public static readonly string PrivacyKey = Convert.ToBase64String(Enumerable.Repeat((byte)7, 32).ToArray());

    readonly Dictionary<string, string?> settings;
    readonly bool realTime;
    readonly bool kestrel;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 24, 20, 0, 0, TimeSpan.Zero));

    public string JournalFolder { get; } = Path.Combine(Path.GetTempPath(),
        "naphoneline-journal-" + Guid.NewGuid().ToString("N")[..12]);

    // realTime: the system clock, for tests that run a real Hangfire server (its scheduler reads the real time).
    // kestrel: a real socket on 127.0.0.1 (a free port) instead of the in-memory TestServer, for a browser.
    public PhonelineApp(TestDatabase database, IDictionary<string, string?>? overrides = null, bool realTime = false,
        bool kestrel = false)
    {
        this.realTime = realTime;
        this.kestrel = kestrel;
        // UseKestrel(0) binds http://127.0.0.1:0, so Kestrel picks the port.
        if (kestrel) UseKestrel(0);
        settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Phoneline"] = database.ConnectionString,
            ["Telephony:AccountSid"] = AccountSid,
            ["Telephony:AuthToken"] = AuthToken,
            ["Telephony:PublicBaseUrl"] = PublicBaseUrl,
            // nothing listens: a test that needs Twilio sets a FakeTwilio
            ["Telephony:ApiBaseUrl"] = "http://127.0.0.1:9",
            ["Phoneline:FallbackNumber"] = FallbackNumber,
            ["Admin:ApiKey"] = AdminKey,
            ["Privacy:Key"] = PrivacyKey,
            ["Jobs:RunServer"] = "false",
            // Each instance has its own journal, as on separate machines.
            ["Phoneline:JournalPath"] = JournalFolder,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            // The browser talks plain http to Kestrel; in production nginx terminates TLS and says so with
            // X-Forwarded-Proto. The test stands in for that proxy, so secure cookies behave as they will there.
            if (kestrel) services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, BehindTlsProxy>();
            if (realTime) return;
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
    }

    // A value as the service keeps it at rest (NumberVault, under PrivacyKey), opened: tests that read tables
    // directly see the clear.
    public static string? Open(string? stored) => Vault.Unprotect(stored);

    public static readonly NAPhoneline.Shared.Privacy.NumberVault Vault = new(
        Microsoft.Extensions.Options.Options.Create(
            new NAPhoneline.Shared.Privacy.PrivacyOptions { Key = PrivacyKey }));

    // Where a browser reaches the Kestrel server: http://localhost:<port>/. Kestrel listens on 127.0.0.1, where
    // localhost resolves; the name matters because Chromium treats http://localhost as a secure context, so the
    // console's Secure cookies work over plain http.
    public Uri ServerAddress
    {
        get
        {
            if (!kestrel) throw new InvalidOperationException("ServerAddress needs PhonelineApp(..., kestrel: true)");
            var server = Services.GetRequiredService<IServer>();
            var bound = new Uri(server.Features.Get<IServerAddressesFeature>()!.Addresses.Single());
            return new UriBuilder(bound) { Host = "localhost", Path = "/" }.Uri;
        }
    }

    // Call records are written behind the caller; a test that reads them waits for the writer first.
    public Task CallRecordsWrittenAsync() => Services.GetRequiredService<NAPhoneline.Shared.Calls.CallLog>()
        .FlushAsync();

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }
}

sealed class BehindTlsProxy : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(
        Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Request.Headers["X-Forwarded-Proto"] = "https";
            return nextMiddleware(context);
        });
        next(app);
    };
}
