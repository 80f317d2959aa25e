using System.Diagnostics;
using Microsoft.Playwright;

namespace NAPhoneline.IntegrationTests.Infrastructure;

// Screen sizes for the console: a phone (what most volunteers use) and a desktop.
public sealed record Viewport(int Width, int Height, bool Mobile)
{
    public static Viewport Phone { get; } = new(390, 844, Mobile: true);
    public static Viewport Desktop { get; } = new(1280, 900, Mobile: false);
}

// One headless Debian Chromium for the whole test run, driven by Playwright, started on first use and closed at
// process exit. Each test opens its own context (fresh cookies and storage) on a PhonelineApp with kestrel: true:
//   await using var context = await Browser.NewContextAsync(app, Viewport.Phone, "es-ES");
//   var page = await context.NewPageAsync();
//   await page.GotoAsync("/console");
// Playwright's browser download is not used: Chromium comes from apt-get, installed here when it is missing.
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // A folder for screenshots (ScreenshotAsync); unset, no screenshots are taken.
    public const string ScreenshotsVariable = "NAPHONELINE_SCREENSHOTS";

    // The network here is closed: Chromium's own traffic (updates, sync, field trials) is refused and its retries
    // disturb page loads, so the background services are off. No GPU, and /dev/shm may be small in containers.
    static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    static readonly SemaphoreSlim Gate = new(1, 1);
    static IPlaywright? playwright;
    static IBrowser? browser;

    // A new isolated browser context whose relative URLs go to the app; dispose it at the end of the test.
    public static async Task<IBrowserContext> NewContextAsync(PhonelineApp app, Viewport? viewport = null,
        string locale = "en-US")
    {
        var screen = viewport ?? Viewport.Desktop;
        var shared = await SharedAsync();
        return await shared.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.ServerAddress.ToString(),
            ViewportSize = new ViewportSize { Width = screen.Width, Height = screen.Height },
            IsMobile = screen.Mobile,
            HasTouch = screen.Mobile,
            // Sets navigator.language and the Accept-Language header.
            Locale = locale,
        });
    }

    // Saves a full-page PNG as <NAPHONELINE_SCREENSHOTS>/<name>.png when the variable is set; returns the path.
    public static async Task<string?> ScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable(ScreenshotsVariable);
        if (string.IsNullOrWhiteSpace(folder)) return null;
        Directory.CreateDirectory(folder);
        var path = Path.GetFullPath(Path.Combine(folder, name + ".png"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    static async Task<IBrowser> SharedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (browser is { IsConnected: true }) return browser;
            if (playwright is null)
            {
                EnsureChromium();
                playwright = await Playwright.CreateAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Close();
            }
            // Again after a crash: a test that killed Chromium does not fail the rest of the run.
            browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
            });
            return browser;
        }
        finally
        {
            Gate.Release();
        }
    }

    // Closing the browser ends Chromium; disposing Playwright ends its node driver. Bounded: exit must not hang.
    static void Close()
    {
        var closing = Task.Run(async () =>
        {
            if (browser is not null) await browser.CloseAsync();
            playwright?.Dispose();
        });
        try { closing.Wait(TimeSpan.FromSeconds(10)); } catch (AggregateException) { }
    }

    // Like deploy/private-postgres.sh for PostgreSQL: a fresh CI machine has no Chromium, so apt-get installs it,
    // as root or through password-less sudo. Called under Gate, so once per test run.
    static void EnsureChromium()
    {
        if (File.Exists(ChromiumPath)) return;
        AptInstall("chromium");
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"apt-get installed chromium but {ChromiumPath} is missing");
    }

    static void AptInstall(string package)
    {
        string[] apt = Run("id", "-u").Output.Trim() == "0" ? ["apt-get"] : ["sudo", "-n", "apt-get"];
        string[] install = [.. apt, "install", "-y", "-q", "-o", "DPkg::Lock::Timeout=120", package];
        var result = Run(install);
        // Package lists that were never fetched (a fresh image) or are stale do not know the package yet.
        if (result.ExitCode != 0 && (result.Output.Contains("Unable to locate package", StringComparison.Ordinal)
            || result.Output.Contains("no installation candidate", StringComparison.Ordinal)))
        {
            var update = Run([.. apt, "update", "-q"]);
            if (update.ExitCode != 0) throw new InvalidOperationException("apt-get update failed: " + update.Output);
            result = Run(install);
        }
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"apt-get install {package} failed ({result.ExitCode}): "
                + result.Output);
    }

    static (int ExitCode, string Output) Run(params string[] command)
    {
        var start = new ProcessStartInfo(command[0])
            { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in command.Skip(1)) start.ArgumentList.Add(arg);
        // English messages to match on; no debconf questions (stdin is closed too, should sudo drop the variable).
        start.Environment["LC_ALL"] = "C";
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Start(start);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException(string.Join(' ', command) + " timed out");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // Not root and no sudo, typically: say what would fix it.
            throw new InvalidOperationException($"{ChromiumPath} is missing and '{start.FileName}' cannot run"
                + $" ({e.Message}); install it as root: apt-get install -y chromium", e);
        }
    }
}
