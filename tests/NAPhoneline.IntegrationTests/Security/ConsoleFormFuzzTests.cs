using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using System.Xml.XPath;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using NAPhoneline.IntegrationTests.Infrastructure;

namespace NAPhoneline.IntegrationTests.Security;

// Every console form with hostile input (Hostile, seeded), signed in as the San Diego coordinator: the forms are
// found by crawling the console from its start page, so a form added later is fuzzed too. Each answer is a page,
// a redirect or a 4xx, never a 5xx or an exception's text; afterwards every page still opens, and a call still gets
// the menu and a volunteer. Unlike the admin API's fuzz, a form may save what it is given (a name with an emoji is
// a name), so the check is that nothing broke, not that nothing changed.
[Collection(DatabaseCollection.Name)]
public sealed partial class ConsoleFormFuzzTests(TestDatabase database) : IAsyncLifetime
{
    const string Coordinator = "+16195550115", Pat = "+16195550121";
    // Signing out ends the run's session; the sign-in form is fuzzed signed out, by RateLimitTests and SignInTests.
    static readonly string[] NotFuzzed = ["/console/sign-out", "/console/sign-in"];
    // Per field, a handful; all fields at once, every hostile string.
    static readonly string[] PerField =
        [new string('A', 100_000), "\u0000\u0001", "'; drop table requests; --", "-1", "99999999999999999999", "😀"];

    readonly FakeTwilio twilio = new();
    PhonelineApp app = null!;
    HttpClient browser = null!;
    readonly HtmlParser parser = new();
    int accepted;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        app = new PhonelineApp(database, new Dictionary<string, string?>
        {
            ["Telephony:ApiBaseUrl"] = twilio.Url,
            ["RateLimits:FailedSignIns:Permits"] = "1000000",
        });
        await DemoData.ImportAsync(app);
        await DemoData.ImportMeetingsAsync(app);
        using var admin = app.CreateAdminClient();
        // Something on every page: an open request (its page has Take and Note), a blocklist entry (Remove).
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/admin/api/callbacks", new
        {
            name = "Dr. Rivera", organisation = "Mercy Hospital", phone = "(619) 555-0177", reason = "Meetings",
            serviceBody = "asc-sd", role = "pi",
        })).StatusCode);
        Assert.True((await admin.PostAsJsonAsync("/admin/api/blocklist", new
        {
            number = "+16195550142", serviceBody = "asc-sd", reason = "fuzz", until = "2026-12-31T00:00:00Z",
        })).IsSuccessStatusCode);
        browser = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false,
        });
    }

    public async Task DisposeAsync()
    {
        browser.Dispose();
        await app.DisposeAsync();
        twilio.Dispose();
    }

    // The coordinator sees every form of the body; a volunteer has their own (marking days unavailable).
    [Theory]
    [InlineData(Coordinator, "handler=AddShift handler=AddOverride handler=Add handler=Note handler=Take "
        + "/console/settings /console/volunteers/new /console/language")]
    [InlineData(Pat, "handler=Unavailable /console/language")]
    public async Task Every_console_form_with_hostile_input_answers_a_page_or_a_4xx_and_breaks_nothing(
        string person, string expected)
    {
        await SignInAsync(person);
        var pages = await CrawlAsync();
        var forms = new Dictionary<string, Form>(StringComparer.Ordinal);
        foreach (var (path, html) in pages)
            foreach (var form in Forms(html, path))
                forms.TryAdd(form.Method + " " + Regex.Replace(form.Action, "(?<!handler)=[^&#]*", "=") + " " +
                    string.Join(",", form.Fields.Keys.Order(StringComparer.Ordinal)), form);
        // The crawl reached the forms people use most; without them the test proves little.
        foreach (var handler in expected.Split(' '))
            Assert.True(forms.Values.Any(f => f.Action.Contains(handler, StringComparison.OrdinalIgnoreCase)),
                $"no form for {handler} among: " + string.Join(" ", forms.Keys));
        Assert.Contains(forms.Values, f => f.Method == "get");

        var random = new Random(Hostile.Seed);
        var values = Hostile.Strings(random, 6);
        var sent = 0;
        foreach (var form in forms.Values)
        {
            foreach (var value in values)
            {
                await SubmitAsync(form, form.Fields.Keys.ToDictionary(k => k, _ => value), value);
                sent++;
            }
            foreach (var field in form.Fields.Keys)
                foreach (var value in PerField)
                {
                    await SubmitAsync(form, new Dictionary<string, string> { [field] = value }, $"{field}={value}");
                    sent++;
                }
        }
        // Most submissions reached a handler and got a page or a redirect (the rest: 4xx for ids that are not).
        Assert.True(accepted > sent / 2, $"{accepted} of {sent} submissions answered with a page or a redirect");

        // Nothing broke: every page crawled opens again (a volunteer retired by the fuzz still has a page) ...
        foreach (var (path, _) in pages)
        {
            var again = await GetSignedInAsync(path);
            Assert.True(again.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)again.StatusCode} after");
        }
        // ... and the phone still works: the menu, then "talk to a member" dials somebody.
        var call = new Routing.CallFlow(app.CreateClient(), "CA0000000000000000000000000000fuzz");
        var talk = await call.AskForAMemberAsync();
        Assert.NotNull(talk.XPathSelectElement("/Response/Dial/Number"));
    }

    sealed record Form(string Method, string Action, Dictionary<string, string> Fields, string? Token);

    // One submission: the form's own values, then the hostile ones. The token comes from the page it was on.
    async Task SubmitAsync(Form form, Dictionary<string, string> hostile, string what)
    {
        var fields = new Dictionary<string, string>(form.Fields);
        foreach (var (k, v) in hostile) fields[k] = v;
        HttpResponseMessage response;
        if (form.Method == "get")
        {
            var query = string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Escape(f.Value)}"));
            var action = form.Action.Split('?')[0];
            response = await browser.GetAsync(action + "?" + query);
        }
        else
        {
            if (form.Token is not null) fields["__RequestVerificationToken"] = form.Token;
            response = await browser.PostAsync(form.Action, new FormUrlEncodedContent(fields));
        }
        var body = await response.Content.ReadAsStringAsync();
        var label = $"{form.Method} {form.Action} with {Shorten(what)}";
        Assert.True((int)response.StatusCode < 500, $"{label}: {(int)response.StatusCode}");
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", body, StringComparison.Ordinal);
        // The session's own token is never refused as out of date: the fuzz reaches the pages' handlers.
        Assert.DoesNotContain("out of date", body, StringComparison.Ordinal);
        // A NUL is refused before any handler, and the person is told what to take out.
        if (form.Method == "post" && hostile.Values.Any(v => v.Contains('\0')))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("cannot be saved", body, StringComparison.Ordinal);
        }
        else if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Found) accepted++;
        // A redirect to the sign-in page would mean the fuzz lost its session, and the rest would test nothing.
        if (response.Headers.Location?.OriginalString.Contains("/console/sign-in", StringComparison.Ordinal) == true)
            Assert.Fail($"{label} ended the session");
    }

    // A 100,000-character query would be refused by any server for its length; a form's GET sends what fits.
    static string Escape(string value) => Uri.EscapeDataString(value.Length > 2000 ? value[..2000] : value);

    static string Shorten(string what) => what.Length > 60 ? what[..60] + $"… ({what.Length} chars)" : what;

    // Breadth first from /console, following links within the console, one page per path and handler.
    async Task<List<(string Path, string Html)>> CrawlAsync()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pages = new List<(string, string)>();
        var queue = new Queue<string>(["/console", "/console/schedule?body=asc-sd", "/console/settings?body=asc-sd"]);
        while (queue.Count > 0 && pages.Count < 60)
        {
            var path = queue.Dequeue();
            // Pages differing only in a query value (weeks, filters) are the same forms.
            if (!seen.Add(Regex.Replace(path, "=[^&]*", "="))) continue;
            if (NotFuzzed.Any(n => path.StartsWith(n, StringComparison.Ordinal))) continue;
            var response = await GetSignedInAsync(path);
            if (response.StatusCode != HttpStatusCode.OK
                || response.Content.Headers.ContentType?.MediaType != "text/html") continue;
            var html = await response.Content.ReadAsStringAsync();
            pages.Add((path, html));
            foreach (var a in parser.ParseDocument(html).QuerySelectorAll("a[href]"))
            {
                var href = a.GetAttribute("href")!;
                if (href.StartsWith("/console", StringComparison.Ordinal) && !href.Contains("/recording",
                        StringComparison.Ordinal))
                    queue.Enqueue(href.Split('#')[0]);
            }
        }
        return pages;
    }

    async Task<HttpResponseMessage> GetSignedInAsync(string path)
    {
        var response = await browser.GetAsync(path);
        Assert.False(response.Headers.Location?.OriginalString.Contains("/console/sign-in",
            StringComparison.Ordinal) == true, $"{path} asked to sign in again");
        return response;
    }

    IEnumerable<Form> Forms(string html, string page)
    {
        var document = parser.ParseDocument(html);
        foreach (var form in document.QuerySelectorAll("form").OfType<IHtmlFormElement>())
        {
            // No action: the form goes to its own page.
            var action = form.GetAttribute("action") is { Length: > 0 } a ? a : page;
            if (!action.StartsWith("/console", StringComparison.Ordinal)) continue;
            if (NotFuzzed.Any(n => action.StartsWith(n, StringComparison.Ordinal))) continue;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            string? token = null;
            foreach (var element in form.Elements)
            {
                var name = element.GetAttribute("name");
                if (string.IsNullOrEmpty(name)) continue;
                var value = element switch
                {
                    IHtmlSelectElement select => select.Value ?? "",
                    IHtmlTextAreaElement area => area.Value,
                    IHtmlInputElement { Type: "checkbox" or "radio" } box => box.IsChecked ? box.Value : null,
                    IHtmlInputElement input => input.Value,
                    IHtmlButtonElement button => button.Value,
                    _ => null,
                };
                if (name == "__RequestVerificationToken") token = value;
                else if (value is not null) fields.TryAdd(name, value);
                else fields.TryAdd(name, "");
            }
            yield return new Form((form.GetAttribute("method") ?? "get").ToLowerInvariant(), action, fields, token);
        }
    }

    // As a person: number, the code from the text, signed in (the session cookie stays in this client).
    async Task SignInAsync(string phone)
    {
        var send = await ConsoleForms.PostSignInAsync(browser, "send", ("phone", phone));
        var attempt = ConsoleForms.Attempt(send);
        Assert.NotEmpty(attempt);
        string? code = null;
        for (var i = 0; i < 100 && code is null; i++)
        {
            code = twilio.Messages.Where(m => m["To"] == phone).Select(m => SixDigits().Match(m["Body"]))
                .FirstOrDefault(m => m.Success)?.Value;
            if (code is null) await Task.Delay(50);
        }
        Assert.NotNull(code);
        await ConsoleForms.PostSignInAsync(browser, "verify", ("attempt", attempt), ("code", code));
        Assert.Equal(HttpStatusCode.OK, (await GetSignedInAsync("/console")).StatusCode);
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
