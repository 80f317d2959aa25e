using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Console;

// What every signed-in console page has: the person, their language, the structure in memory and the clock.
public abstract class ConsolePageModel : PageModel
{
    public SignedIn SignedIn => HttpContext.Features.Get<SignedIn>()
        ?? throw new InvalidOperationException("Console pages require a signed-in person.");

    public ConsoleUser Person => SignedIn.User;
    public string Language => SignedIn.Language;
    public CultureInfo Culture => ConsoleText.Culture(Language);
    public Words T => ConsoleText.For(Language);
    public PhonelineDirectory Directory =>
        HttpContext.RequestServices.GetRequiredService<HelplineDirectory>().Current;
    public Instant Now =>
        Instant.FromDateTimeOffset(HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());

    protected Words WordsOf(ResourceManager resources) => new(resources, Culture);

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = Culture;
        ViewData["Language"] = Language;
    }

    // The body filter of a coordinator's page: no key means all their bodies; a body they do not manage (or that
    // does not exist) is refused, so the page answers 404.
    protected bool ManagedFilter(string? key, out Helpline? only)
    {
        only = null;
        if (string.IsNullOrEmpty(key)) return Person.IsCoordinator;
        only = Directory.Body(key);
        return only is not null && Person.Manages(only.Id);
    }

    protected IEnumerable<Helpline> ManagedBodies() => Person.Managed.Select(Directory.Body).OfType<Helpline>()
        .OrderBy(b => b.Name, StringComparer.Create(Culture, ignoreCase: true));

    // Another body's record answers like a record that does not exist.
    protected static NotFoundResult Hidden() => new();
}
