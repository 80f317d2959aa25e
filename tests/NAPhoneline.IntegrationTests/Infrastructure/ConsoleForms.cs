using System.Net;
using System.Text.RegularExpressions;

namespace NAPhoneline.IntegrationTests.Infrastructure;

// The console's sign-in form over plain HTTP (no browser), for tests that count or fuzz: the page's antiforgery
// token, then the post; the answer's text, HTML-decoded.
public static partial class ConsoleForms
{
    public static async Task<string> PostSignInAsync(HttpClient browser, string handler,
        params (string Name, string Value)[] fields)
    {
        var form = await browser.GetStringAsync("/console/sign-in");
        var token = Token().Match(form).Groups[1].Value;
        var response = await browser.PostAsync("/console/sign-in?handler=" + handler, new FormUrlEncodedContent(
            fields.Select(f => KeyValuePair.Create(f.Name, f.Value))
                .Append(KeyValuePair.Create("__RequestVerificationToken", token))));
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    // The attempt id the "send" answer carries into the "verify" form.
    public static string Attempt(string page) => AttemptField().Match(page).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("name=\"attempt\" value=\"([^\"]+)\"")]
    private static partial Regex AttemptField();
}
