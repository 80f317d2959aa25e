using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NAPhoneline.Hosting;
using NAPhoneline.Notifications;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;
using NAPhoneline.Telephony.Rest;

namespace NAPhoneline.Console;

// Sign-in by SMS code (CONTRACT 11). An unknown number goes through the same steps and sees the same pages, so the
// form tells nobody who is a volunteer; only a person who may sign in is texted.
public sealed class SignInModel(SignInCodes codes, ConsoleSessions sessions, HelplineDirectory directory,
    DirectSms sms, RateLimits limits, IHostEnvironment environment, ILogger<SignInModel> log) : PageModel
{
    public string Language { get; private set; } = "en";
    public Words T => ConsoleText.For(Language);
    public string? Phone { get; private set; }
    public string? Attempt { get; private set; }
    public string? Error { get; private set; }
    public string ReturnUrl { get; private set; } = "/console";

    public void OnGet(string? lang, string? returnUrl) => Prepare(lang, returnUrl);

    public async Task<IActionResult> OnPostSendAsync(string? phone, string? lang, string? returnUrl,
        CancellationToken ct)
    {
        Prepare(lang, returnUrl);
        Phone = phone;
        var number = E164.Normalize(phone);
        if (number is null)
        {
            Error = T["PhoneInvalid"];
            return Page();
        }
        // Per number in this instance's memory first (RateLimits:SignInCodes), then the hourly counts in PostgreSQL.
        if (!limits.TryTake(LimitKind.SignInCode, number))
        {
            Error = T["TooManyCodes"];
            return Page();
        }
        var person = ConsoleUser.For(directory.Current, number);
        var address = RateLimits.AddressOf(HttpContext);
        var issued = await codes.IssueAsync(number, person is not null, address, ct);
        if (issued.Verdict != CodeRequestVerdict.Send)
        {
            Error = T["TooManyCodes"];
            return Page();
        }
        Attempt = issued.Attempt;
        if (person is not null) Send(person, number, issued.Code);
        return Page();
    }

    public async Task<IActionResult> OnPostVerifyAsync(string? attempt, string? code, string? lang, string? returnUrl,
        CancellationToken ct)
    {
        Prepare(lang, returnUrl);
        Attempt = attempt;
        if (string.IsNullOrEmpty(attempt) || attempt.Length > 64) return RedirectToPage();
        // Failed sign-ins per client address (RateLimits:FailedSignIns): spent, even the right code waits.
        var address = RateLimits.AddressOf(HttpContext);
        if (limits.IsSpent(LimitKind.FailedSignIn, address))
        {
            Error = T["TooManySignIns"];
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        var digits = (code ?? "").Trim();
        if (digits.Length != 6 || !digits.All(char.IsAsciiDigit))
        {
            limits.TryTake(LimitKind.FailedSignIn, address);
            Error = T["CodeInvalid"];
            return Page();
        }
        var (verdict, phone) = await codes.VerifyAsync(attempt, digits, ct);
        var person = phone is null ? null : ConsoleUser.For(directory.Current, phone);
        if (verdict != CodeVerdict.SignedIn || person is null)
        {
            limits.TryTake(LimitKind.FailedSignIn, address);
            Error = T[verdict switch
            {
                CodeVerdict.Expired => "CodeExpired",
                CodeVerdict.TooManyTries => "CodeTooManyTries",
                CodeVerdict.Used => "CodeUsed",
                _ => "CodeWrong",
            }];
            return Page();
        }
        var token = await sessions.StartAsync(person.Phone, person.Language, ct);
        Response.Cookies.Append(ConsoleAuthentication.CookieName(environment), token,
            ConsoleAuthentication.Cookie(environment));
        return LocalRedirect(ReturnUrl);
    }

    void Prepare(string? lang, string? returnUrl)
    {
        Language = ConsoleText.Supported(lang) ?? ConsoleText.FromBrowser(Request);
        // Only a console path: a sign-in link can never send the person elsewhere.
        ReturnUrl = returnUrl is { Length: < 200 } r && r.StartsWith("/console", StringComparison.Ordinal)
            && !r.StartsWith("/console/sign-", StringComparison.Ordinal) && Url.IsLocalUrl(r) ? r : "/console";
        ViewData["Language"] = Language;
    }

    void Send(ConsoleUser person, string number, string code)
    {
        var from = person.HomeBody is { } body ? directory.Current.HelplineNumberFor(body) : null;
        from ??= directory.Current.Bodies.Select(b => directory.Current.HelplineNumberFor(b.Id))
            .FirstOrDefault(n => n is not null);
        if (environment.IsDevelopment())
            log.LogInformation("Console sign-in code for {Phone}: {Code} (Development only)", E164.Mask(number), code);
        if (from is null)
        {
            log.LogWarning("No helpline number to text a console sign-in code from");
            return;
        }
        sms.Send(new SmsMessage(number, from, ConsoleText.For(person.Language).Format("CodeSms", code)));
    }
}
