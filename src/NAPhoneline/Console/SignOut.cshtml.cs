using Microsoft.AspNetCore.Mvc;

namespace NAPhoneline.Console;

public sealed class SignOutModel(ConsoleSessions sessions, IHostEnvironment environment) : ConsolePageModel
{
    public IActionResult OnGet() => Redirect("/console");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await sessions.EndAsync(SignedIn.Session.TokenHash, ct);
        Response.Cookies.Delete(
            ConsoleAuthentication.CookieName(environment), ConsoleAuthentication.Cookie(environment));
        return Redirect("/console/sign-in?lang=" + Language);
    }
}
