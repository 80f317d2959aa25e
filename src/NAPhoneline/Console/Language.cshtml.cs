using Microsoft.AspNetCore.Mvc;

namespace NAPhoneline.Console;

// The console in another language (any of Prompts.Supported) for the rest of this session.
public sealed class LanguageModel(ConsoleSessions sessions) : ConsolePageModel
{
    public IActionResult OnGet() => Redirect("/console");

    public async Task<IActionResult> OnPostAsync(string? language, string? returnUrl, CancellationToken ct)
    {
        if (ConsoleText.Supported(language) is { } supported)
            await sessions.SetLanguageAsync(SignedIn.Session.TokenHash, supported, ct);
        return LocalRedirect(returnUrl is { } r && r.StartsWith("/console", StringComparison.Ordinal)
            && Url.IsLocalUrl(r) ? r : "/console");
    }
}
