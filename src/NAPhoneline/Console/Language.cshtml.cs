using Microsoft.AspNetCore.Mvc;
using NAPhoneline.Shared.Voice;

namespace NAPhoneline.Console;

// The console in another language for the rest of this session.
public sealed class LanguageModel(ConsoleSessions sessions) : ConsolePageModel
{
    public IActionResult OnGet() => Redirect("/console");

    public async Task<IActionResult> OnPostAsync(string? language, string? returnUrl, CancellationToken ct)
    {
        if (language is not null && Prompts.Supported.Contains(language))
            await sessions.SetLanguageAsync(SignedIn.Session.TokenHash, language, ct);
        return LocalRedirect(returnUrl is { } r && r.StartsWith("/console", StringComparison.Ordinal) && Url.IsLocalUrl(r)
            ? r : "/console");
    }
}
