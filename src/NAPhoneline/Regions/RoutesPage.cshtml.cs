using System.Resources;
using Microsoft.AspNetCore.Mvc;
using NAPhoneline.Console;
using NAPhoneline.State;

namespace NAPhoneline.Regions;

// /console/routes: for each regional number above (or at) a coordinator's bodies, the areas it routes to with their
// coverage, and "where would 92101 go?" answered the way a call would be (CONTRACT 14).
public sealed class RoutesPageModel(RegionalRouter regions) : ConsolePageModel
{
    static readonly ResourceManager Resources = new("NAPhoneline.Regions.RoutesText", typeof(RoutesPageModel).Assembly);

    public Words W => WordsOf(Resources);
    public IReadOnlyList<Helpline> Regions { get; private set; } = [];
    public Helpline? Region { get; private set; }
    public string? Place { get; private set; }
    public RoutePreview? Answer { get; private set; }
    public string? Error { get; private set; }

    public IReadOnlyList<CoveredBody> Areas => Region is null ? [] : Directory.CoveredBelow(Region.Id)
        .Where(c => c.Depth > 0).OrderBy(c => c.Depth).ThenBy(c => c.Body.Name, StringComparer.CurrentCulture)
        .ToList();

    public IActionResult OnGet(string? body, string? place)
    {
        if (!Person.IsCoordinator) return NotFound();
        var directory = Directory;
        // The regional numbers a coordinator's calls may come through: their bodies and every body above them.
        Regions = Person.Managed.SelectMany(directory.Chain).DistinctBy(b => b.Id)
            .Where(b => directory.IsRegionalNumber(b.Id)).OrderBy(b => b.Name, StringComparer.CurrentCulture)
            .ToList();
        Region = Regions.FirstOrDefault(b => b.Key == body) ?? Regions.FirstOrDefault();
        if (body is not null && Regions.All(b => b.Key != body)) return NotFound();
        if (Region is null || place is null) return Page();
        Place = place.Trim();
        if (Place.Length is 0 or > 100) Error = W["PlaceRequired"];
        else Answer = RoutePreview.For(regions, Region, Place);
        return Page();
    }

    public string WhyText(RoutePreview answer) => W.Format("Why-" + answer.Why, answer.Match ?? "");

    public string Numbers(Helpline body) => string.Join(", ", Directory.HelplineNumbers(body.Id));
}
