using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NAPhoneline.IntegrationTests.Infrastructure;

// The service's own executable in a process of its own, on loopback, for what an in-process host cannot show:
// a SIGKILL in the middle of an outage. Signed webhooks go to it with the public URL it was given.
public sealed class ServiceProcess : IAsyncDisposable
{
    readonly Process process;
    readonly StringWriter output = new();

    public string Url { get; }
    public HttpClient Client { get; }

    ServiceProcess(Process process, string url)
    {
        this.process = process;
        Url = url;
        Client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(20) };
    }

    public string Output => output.ToString();

    public static async Task<ServiceProcess> StartAsync(TestDatabase database, string journalFolder, string twilioUrl)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NAPhoneline.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["ConnectionStrings__Phoneline"] = database.ConnectionString;
        env["Telephony__AccountSid"] = PhonelineApp.AccountSid;
        env["Telephony__AuthToken"] = PhonelineApp.AuthToken;
        env["Telephony__PublicBaseUrl"] = url;
        env["Telephony__ApiBaseUrl"] = twilioUrl;
        env["Phoneline__FallbackNumber"] = PhonelineApp.FallbackNumber;
        env["Phoneline__JournalPath"] = journalFolder;
        env["Admin__ApiKey"] = PhonelineApp.AdminKey;
        env["Privacy__Key"] = PhonelineApp.PrivacyKey;
        env["Jobs__RunServer"] = "false";
        env["Logging__LogLevel__Default"] = "Warning";
        var service = new ServiceProcess(Process.Start(start)!, url);
        service.process.OutputDataReceived += (_, e) => { lock (service.output) service.output.WriteLine(e.Data); };
        service.process.ErrorDataReceived += (_, e) => { lock (service.output) service.output.WriteLine(e.Data); };
        service.process.BeginOutputReadLine();
        service.process.BeginErrorReadLine();
        await service.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        return service;
    }

    public async Task WaitUntilHealthyAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            if (process.HasExited) Assert.Fail("The service exited: " + Output);
            try
            {
                using var response = await Client.GetAsync("/healthz");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        Assert.Fail($"The service was not healthy within {within.TotalSeconds:0} s: " + Output);
    }

    // SIGKILL: no shutdown, no flush; only what is on disk survives.
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public Task<HttpResponseMessage> PostTwilioAsync(string pathAndQuery, IDictionary<string, string> form) =>
        Client.PostTwilioAsync(pathAndQuery.StartsWith("http",
            StringComparison.Ordinal) ? pathAndQuery : Url + pathAndQuery, form);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) Kill();
        process.Dispose();
        Client.Dispose();
        await Task.CompletedTask;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
