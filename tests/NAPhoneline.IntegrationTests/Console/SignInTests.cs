using Microsoft.Playwright;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Console;

// CONTRACT 11: sign-in by SMS code, through the browser, with the code read from the fake Twilio server.
[Collection(DatabaseCollection.Name)]
public sealed class SignInTests(TestDatabase database) : ConsoleTest(database)
{
    [Fact]
    public async Task A_coordinator_signs_in_with_the_texted_code_and_sees_the_now_page()
    {
        var page = await SignInAsync(Coordinator, Viewport.Phone);

        Assert.EndsWith("/console", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "San Diego Area" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Volunteers" })).ToBeVisibleAsync();
        var text = Twilio.Messages.Single(m => m["To"] == Coordinator);
        Assert.Equal(DemoData.HelplineNumber, text["From"]);
        Assert.Matches(@"code is \d{6}\.", text["Body"]);
    }

    [Fact]
    public async Task An_unknown_number_sees_the_same_page_and_is_texted_nothing()
    {
        await using var context = await Browser.NewContextAsync(App, Viewport.Phone);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/sign-in");
        await Browser.ScreenshotAsync(page, "sign-in-en-phone");
        await page.GetByLabel("Phone number").FillAsync("+16195559876");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send code" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("a text message with a code");
        await Assertions.Expect(page.GetByLabel("Code")).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "sign-in-code-en-phone");
        await page.GetByLabel("Code").FillAsync("123456");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That code is not right");
        await Task.Delay(300);
        Assert.Empty(Twilio.Messages);
    }

    [Fact]
    public async Task A_bad_number_is_answered_on_the_form_and_kept()
    {
        await using var context = await Browser.NewContextAsync(App);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/sign-in");
        await page.GetByLabel("Phone number").FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send code" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("country code");
        await Assertions.Expect(page.GetByLabel("Phone number")).ToHaveValueAsync("12");
    }

    [Fact]
    public async Task Five_wrong_tries_use_up_the_code()
    {
        await using var context = await Browser.NewContextAsync(App);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/sign-in");
        await page.GetByLabel("Phone number").FillAsync(Pat);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send code" }).ClickAsync();
        var code = await CodeSentToAsync(Pat);
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++)
        {
            await page.GetByLabel("Code").FillAsync(wrong);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That code is not right");
        }
        await page.GetByLabel("Code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Too many wrong tries");
    }

    [Fact]
    public async Task A_code_expires_after_ten_minutes_and_works_once()
    {
        await using var context = await Browser.NewContextAsync(App);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/sign-in");
        await page.GetByLabel("Phone number").FillAsync(Pat);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send code" }).ClickAsync();
        var code = await CodeSentToAsync(Pat);
        App.Time.Advance(TimeSpan.FromMinutes(10));
        await page.GetByLabel("Code").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That code has expired");

        var fresh = await SignInAsync(Pat);
        await Assertions.Expect(fresh.GetByRole(AriaRole.Heading, new() { Name = "Now" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Codes_for_one_number_are_limited_per_hour()
    {
        await using var context = await Browser.NewContextAsync(App);
        var page = await context.NewPageAsync();
        for (var i = 0; i < 6; i++)
        {
            await page.GotoAsync("/console/sign-in");
            await page.GetByLabel("Phone number").FillAsync(Sam);
            await page.GetByRole(AriaRole.Button, new() { Name = "Send code" }).ClickAsync();
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Too many codes");
        await Task.Delay(300);
        Assert.Equal(5, Twilio.Messages.Count(m => m["To"] == Sam));
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_secure_and_same_site()
    {
        var page = await SignInAsync(Pat);

        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "__Host-phoneline-console");
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Secure);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        Assert.Equal("/", cookie.Path);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var page = await SignInAsync(Pat);
        var cookies = await page.Context.CookiesAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send code" })).ToBeVisibleAsync();

        // The old cookie, presented again elsewhere, opens nothing.
        await using var other = await Browser.NewContextAsync(App);
        await other.AddCookiesAsync(cookies.Select(c => new Cookie
        {
            Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, Secure = c.Secure, HttpOnly = c.HttpOnly,
        }));
        var again = await other.NewPageAsync();
        await again.GotoAsync("/console");
        Assert.Contains("/console/sign-in", again.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retired_volunteer_is_signed_out_at_once()
    {
        var page = await SignInAsync(Sam);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Now" })).ToBeVisibleAsync();

        await ImportAsync("""
            { "volunteers": [ { "key": "v-sam", "name": "Sam T.", "phone": "+16195550122", "languages": ["en"],
                                "gender": "male", "twelfthStep": true, "active": false } ] }
            """);
        await page.ReloadAsync();

        Assert.Contains("/console/sign-in", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_idle_session_expires()
    {
        var page = await SignInAsync(Pat);
        App.Time.Advance(TimeSpan.FromHours(1));
        await page.ReloadAsync();
        Assert.DoesNotContain("/console/sign-in", page.Url, StringComparison.Ordinal);

        App.Time.Advance(TimeSpan.FromHours(2).Add(TimeSpan.FromMinutes(1)));
        await page.ReloadAsync();
        Assert.Contains("/console/sign-in", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_busy_session_still_ends_twelve_hours_after_sign_in()
    {
        var page = await SignInAsync(Pat);
        for (var hour = 1; hour < 12; hour++)
        {
            App.Time.Advance(TimeSpan.FromHours(1));
            await page.ReloadAsync();
            Assert.DoesNotContain("/console/sign-in", page.Url, StringComparison.Ordinal);
        }

        App.Time.Advance(TimeSpan.FromHours(1));
        await page.ReloadAsync();
        Assert.Contains("/console/sign-in", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_speaks_spanish_to_a_spanish_browser_and_switches()
    {
        var page = await SignInAsync(Pat, Viewport.Phone, "es-ES");
        // Pat's first language is English: the session follows the person, and the switch changes it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Español" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ahora" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Cerrar sesión" })).ToBeVisibleAsync();
        Assert.Equal("es", await page.GetAttributeAsync("html", "lang"));
    }

    [Fact]
    public async Task A_coordinator_switches_to_portuguese_then_to_french_and_every_page_follows()
    {
        var page = await SignInAsync(Coordinator, Viewport.Phone);

        await page.GetByRole(AriaRole.Button, new() { Name = "Português" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Agora", Level = 1 }))
            .ToBeVisibleAsync();
        Assert.Equal("pt", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Solicitações abertas" }))
            .ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sair" })).ToBeVisibleAsync();
        foreach (var other in new[] { "English", "Español", "Français" })
            await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = other })).ToBeVisibleAsync();
        await ExpectPagesAsync(page, "Escala", "terça-feira, 24 de novembro", "Adicionar um plantão", "Voluntário",
            "Solicitações", "Quais solicitações", "Situação", "Tipo");
        await Browser.ScreenshotAsync(page, "requests-pt-phone");

        await page.GetByRole(AriaRole.Button, new() { Name = "Français" }).ClickAsync();
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        await page.GotoAsync("/console");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Maintenant", Level = 1 }))
            .ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Demandes ouvertes" }))
            .ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" })).ToBeVisibleAsync();
        await ExpectPagesAsync(page, "Planning", "mardi 24 novembre", "Ajouter une permanence", "Bénévole",
            "Demandes", "Quelles demandes", "Statut", "Type");
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390);
        await Browser.ScreenshotAsync(page, "requests-fr-phone");
    }

    // The schedule (a day's heading, the add-a-shift form) and the requests inbox (its filter form), as the
    // navigation names them, in the page's language.
    static async Task ExpectPagesAsync(IPage page, string schedule, string today, string addShift, string volunteer,
        string requests, string filters, string status, string type)
    {
        var navigation = page.GetByRole(AriaRole.Navigation);
        await Assertions.Expect(navigation.GetByRole(AriaRole.Link, new() { Name = schedule, Exact = true }))
            .ToBeVisibleAsync();
        await page.GotoAsync("/console/schedule?body=asc-sd");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }))
            .ToHaveTextAsync(schedule + ": San Diego Area");
        await Assertions.Expect(navigation.GetByRole(AriaRole.Link, new() { Name = schedule, Exact = true }))
            .ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = today, Exact = true }))
            .ToBeVisibleAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = addShift });
        await Assertions.Expect(form.GetByLabel(volunteer, new() { Exact = true })).ToBeVisibleAsync();

        await navigation.GetByRole(AriaRole.Link, new() { Name = requests, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = requests, Level = 1 }))
            .ToBeVisibleAsync();
        var filter = page.GetByRole(AriaRole.Form, new() { Name = filters });
        await Assertions.Expect(filter.GetByLabel(status, new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(filter.GetByLabel(type, new() { Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_french_canadian_browser_gets_the_sign_in_page_in_french()
    {
        await using var context = await Browser.NewContextAsync(App, Viewport.Phone, "fr-CA");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console");

        Assert.Contains("/console/sign-in", page.Url, StringComparison.Ordinal);
        Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connexion" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Português" })).ToBeVisibleAsync();
        await page.GetByLabel("Numéro de téléphone").FillAsync("+16195559876");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le code" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("un SMS avec un code");
        await Assertions.Expect(page.GetByLabel("Code")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" })).ToBeVisibleAsync();
        await Browser.ScreenshotAsync(page, "sign-in-code-fr-phone");
    }
}
