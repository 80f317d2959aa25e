using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Mvc;
using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Console.Audit;

public sealed record AuditView(long Id, DateTime At, string When, string Who, string What, string? BodyName,
    AuditChange Change);

// GET /console/audit: who changed what and when, before and after, for the bodies a coordinator manages, newest
// first, 50 a page. Anyone else, and a body they do not manage, gets 404.
public sealed class AuditPageModel(AuditStore store) : ConsolePageModel
{
    public const int PageSize = 50;
    static readonly ResourceManager Resources = new("NAPhoneline.Console.Audit.AuditText",
        typeof(AuditPageModel).Assembly);

    public Words W => WordsOf(Resources);

    [BindProperty(SupportsGet = true, Name = "body")] public string? BodyKey { get; set; }
    [BindProperty(SupportsGet = true, Name = "before")] public string? Before { get; set; }

    public IReadOnlyList<Helpline> Bodies { get; private set; } = [];
    public IReadOnlyList<AuditView> Rows { get; private set; } = [];
    public bool WithoutBody { get; private set; }
    public string? OlderLink { get; private set; }
    public string? NewestLink => PageCursor.Parse(Before) is null ? null : Link(null);

    // Rows of no body (a whole-configuration import, meetings imported for no body) belong to no one area: only a
    // coordinator of a top-level body (one without a parent), who manages the whole structure, sees them.
    public static bool SeesRowsWithoutBody(ConsoleUser person, PhonelineDirectory directory) =>
        person.Managed.Any(id => directory.Body(id) is { ParentId: null });

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Person.IsCoordinator || !ManagedFilter(BodyKey, out var only)) return Hidden();
        if (only is null) BodyKey = null;
        var directory = Directory;
        Bodies = ManagedBodies().ToList();
        WithoutBody = only is null && SeesRowsWithoutBody(Person, directory);

        var rows = await store.PageAsync(only is null ? Person.Managed.ToList() : [only.Id], WithoutBody,
            PageCursor.Parse(Before), PageSize + 1, ct);
        var words = new AuditWords(T["Yes"], T["No"], W["Nothing"]);
        Rows = rows.Take(PageSize).Select(r => View(directory, r, words)).ToList();
        if (rows.Count > PageSize) OlderLink = Link(PageCursor.After(Rows[^1].At, Rows[^1].Id).ToString());
        return Page();
    }

    AuditView View(PhonelineDirectory directory, AuditRow row, AuditWords words)
    {
        var at = DateTime.SpecifyKind(row.At, DateTimeKind.Utc);
        var body = row.ServiceBodyId is { } id ? directory.Body(id) : null;
        var zone = body is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(body.TimeZone);
        var local = Instant.FromDateTimeUtc(at).InZone(zone ?? DateTimeZone.Utc);
        var when = local.ToString("ddd d MMM yyyy HH:mm", Culture);
        return new AuditView(row.Id, at, zone is null ? W.Format("InUtc", when) : when,
            Word("Actor-" + row.Actor.Replace(' ', '-'), row.Actor),
            W.Format("What", Word("Entity-" + row.Entity, row.Entity), row.EntityKey,
                Word("Action-" + row.Action, row.Action)),
            body?.Name ?? (row.ServiceBodyId is null ? W["WholeStructure"] : null),
            AuditValues.Change(row.Before, row.After, words));
    }

    // A word this version knows, else what the row says (entities and actions other features add later).
    string Word(string key, string recorded) => Resources.GetString(key, Culture) ?? recorded;

    public string? Selected(string? value, string? current) => value == current ? "selected" : null;

    string Link(string? before)
    {
        var query = new List<string>();
        if (BodyKey is not null) query.Add("body=" + Uri.EscapeDataString(BodyKey));
        if (before is not null) query.Add("before=" + Uri.EscapeDataString(before));
        return query.Count == 0 ? "/console/audit" : "/console/audit?" + string.Join("&", query);
    }

    public string IsoOf(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
