using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using NAPhoneline.State;

namespace NAPhoneline.Console;

// What a console page knows about the request: the session and the person's roles at this moment.
public sealed record SignedIn(ConsoleSession Session, ConsoleUser User)
{
    public string Language => Session.Language ?? User.Language;
}

// Reads the session cookie, checks the session in PostgreSQL and the person's roles in memory. Not signed in:
// the sign-in page. Signed in but not allowed: 404, so nothing says that another body's record exists.
public sealed class ConsoleAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, ConsoleSessions sessions, HelplineDirectory directory, IHostEnvironment environment)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "console";

    public static string CookieName(IHostEnvironment environment) =>
        environment.IsDevelopment() ? "phoneline-console" : "__Host-phoneline-console";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Cookies.TryGetValue(CookieName(environment), out var token) || token.Length is 0 or > 100)
            return AuthenticateResult.NoResult();
        var session = await sessions.FindAsync(token, Context.RequestAborted);
        var user = session is null ? null : ConsoleUser.For(directory.Current, session.Phone);
        if (session is null || user is null) return AuthenticateResult.NoResult();

        Context.Features.Set(new SignedIn(session, user));
        // Forms' antiforgery tokens are bound to the identifier claim: the session, so a coordinator who renames
        // themselves in the settings does not find every open form refused as out of date.
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, Convert.ToHexString(session.TokenHash)),
            new Claim(ClaimTypes.Name, user.Name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var back = Request.Path.StartsWithSegments("/console") ? Request.Path.Value : "/console";
        Response.Redirect("/console/sign-in?returnUrl=" + Uri.EscapeDataString(back ?? "/console"));
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    public static CookieOptions Cookie(IHostEnvironment environment) => new()
    {
        HttpOnly = true,
        Secure = !environment.IsDevelopment(),
        SameSite = SameSiteMode.Lax,
        Path = "/",
        IsEssential = true,
    };
}
