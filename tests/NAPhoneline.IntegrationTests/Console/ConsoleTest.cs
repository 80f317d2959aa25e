using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Console;

// Console tests: the demo helpline plus a second area (North County) imported through the admin API, the service
// on Kestrel for a real browser, texts caught by the fake Twilio server. People of the demo and of the fixture:
public abstract partial class ConsoleTest(TestDatabase database) : IAsyncLifetime
{
    public const string Coordinator = "+16195550115";      // Robin C., coordinator of the San Diego Area
    public const string NorthCoordinator = "+17605550115"; // Casey N., coordinator of North County
    public const string HiChair = "+16195550112";          // H&I chair of San Diego
    public const string Pat = "+16195550121";              // volunteer in San Diego (en, es)
    public const string Sam = "+16195550122";              // volunteer in San Diego
    public const string Alex = "+16195550123";             // volunteer in San Diego
    public const string Morgan = "+17605550121";           // volunteer in North County

    protected TestDatabase Database { get; } = database;
    protected FakeTwilio Twilio { get; } = new();
    protected PhonelineApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Database.ResetAsync();
        App = new PhonelineApp(Database, new Dictionary<string, string?> { ["Telephony:ApiBaseUrl"] = Twilio.Url },
            kestrel: true);
        await DemoData.ImportAsync(App);
        await ImportAsync(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests", "Fixtures",
            "console-second-area.json")));
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Twilio.Dispose();
    }

    protected async Task ImportAsync(string json)
    {
        using var client = App.CreateAdminClient();
        using var body = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await client.PutAsync("/admin/api/config", body);
        Assert.True(response.IsSuccessStatusCode, "import failed: " + await response.Content.ReadAsStringAsync());
    }

    // Signs in as a person would: number, Send code, the code from the text message, Sign in.
    protected async Task<IPage> SignInAsync(string phone, Viewport? viewport = null, string locale = "en-US")
    {
        var context = await Browser.NewContextAsync(App, viewport, locale);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console");
        await SignInOnPageAsync(page, phone);
        return page;
    }

    protected async Task SignInOnPageAsync(IPage page, string phone)
    {
        var before = SignInTexts(phone).Count;
        await page.GetByLabel("Phone number").Or(page.GetByLabel("Número de teléfono")).FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = SendCode() }).ClickAsync();
        var code = await CodeSentToAsync(phone, before);
        await page.GetByLabel("Code").Or(page.GetByLabel("Código")).FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { NameRegex = SignInButton() }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/console/sign-in", StringComparison.Ordinal));
    }

    protected async Task<string> CodeSentToAsync(string phone, int before = 0)
    {
        for (var i = 0; i < 100; i++)
        {
            var texts = SignInTexts(phone);
            if (texts.Count > before) return SixDigits().Match(texts[^1]["Body"]).Value;
            await Task.Delay(50);
        }
        throw new TimeoutException($"No sign-in code was texted to {phone}.");
    }

    // Only the sign-in texts: a request notification may reach the same person meanwhile.
    List<IReadOnlyDictionary<string, string>> SignInTexts(string phone) => Twilio.Messages
        .Where(m => m["To"] == phone && (m["Body"].Contains("console code", StringComparison.Ordinal)
            || m["Body"].Contains("código de la consola", StringComparison.Ordinal))).ToList();

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();

    [GeneratedRegex("^(Send code|Enviar código)$")]
    private static partial Regex SendCode();

    [GeneratedRegex("^(Sign in|Entrar)$")]
    private static partial Regex SignInButton();
}
