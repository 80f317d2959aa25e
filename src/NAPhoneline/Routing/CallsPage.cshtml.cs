using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Mvc;
using NAPhoneline.Console;
using NAPhoneline.State;
using NodaTime;
using NodaTime.Text;

namespace NAPhoneline.Routing;

public sealed record CallLegView(string Who, string Status);

public sealed record CallView(long Id, Helpline Body, DateTime StartedAt, string When, string Caller, string Language,
    IReadOnlyList<string> Path, IReadOnlyList<CallLegView> Tried, string? AnsweredBy, CallCategory Category,
    string Outcome, int RingSeconds, int? TalkSeconds);

// GET /console/calls: the call log of the bodies a coordinator manages, newest first, 50 a page, filtered by body,
// dates (in the body's zone) and outcome. Anyone else, and any body they do not manage, gets 404. The caller is
// only ever the masked number the record keeps.
public sealed class CallsPageModel(CallHistoryStore store) : ConsolePageModel
{
    static readonly ResourceManager Resources = new("NAPhoneline.Routing.CallsText", typeof(CallsPageModel).Assembly);
    static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;

    public Words W => WordsOf(Resources);

    [BindProperty(SupportsGet = true, Name = "body")] public string? BodyKey { get; set; }
    [BindProperty(SupportsGet = true, Name = "from")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "outcome")] public string? OutcomeFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "before")] public string? Before { get; set; }

    public IReadOnlyList<Helpline> Bodies { get; private set; } = [];
    public IReadOnlyList<CallView> Calls { get; private set; } = [];
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public string? OlderLink { get; private set; }
    public string? NewestLink => PageCursor.Parse(Before) is null ? null : Link(null);
    public bool ShowBody => Bodies.Count > 1 && BodyKey is null;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Person.IsCoordinator || !ManagedFilter(BodyKey, out var only)) return Hidden();
        if (only is null) BodyKey = null;
        var directory = Directory;
        Bodies = ManagedBodies().Where(b => b.Id == only?.Id || directory.HelplineNumbers(b.Id).Count > 0).ToList();

        var from = Date(From, "from");
        var to = Date(To, "to");
        if (from is { } f && to is { } t && t < f) Errors["to"] = W["ToBeforeFrom"];
        var category = CallHistory.ParseFilter(OutcomeFilter);
        if (!string.IsNullOrEmpty(OutcomeFilter) && category is null) Errors["outcome"] = W["OutcomeUnknown"];
        if (Errors.Count > 0) return Page();

        var dated = from is not null || to is not null;
        var bodies = (only is null ? Bodies : [only]).Select(b =>
        {
            var zone = Zone(b);
            var (since, until) = CallHistory.Days(from ?? new LocalDate(2000, 1, 1), to ?? new LocalDate(9000, 1, 1),
                zone);
            return (b.Id, since.ToDateTimeUtc(), until.ToDateTimeUtc());
        }).ToList();
        if (bodies.Count == 0) return Page();

        var (rows, legs) = await store.PageAsync(new CallQuery(bodies, dated, category, PageCursor.Parse(Before),
            CallHistory.PageSize + 1), ct);
        Calls = rows.Take(CallHistory.PageSize).Select(r => View(directory, r, legs[r.Id].ToList())).ToList();
        if (rows.Count > CallHistory.PageSize)
            OlderLink = Link(PageCursor.After(Calls[^1].StartedAt, Calls[^1].Id).ToString());
        return Page();
    }

    LocalDate? Date(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parsed = IsoDate.Parse(text.Trim());
        if (parsed.Success) return parsed.Value;
        Errors[field] = W["DateInvalid"];
        return null;
    }

    static DateTimeZone Zone(Helpline body) =>
        DateTimeZoneProviders.Tzdb.GetZoneOrNull(body.TimeZone) ?? DateTimeZone.Utc;

    CallView View(PhonelineDirectory directory, CallRecordRow row, IReadOnlyList<CallLegRow> legs)
    {
        var body = directory.Body(row.ServiceBodyId) ?? new Helpline { Id = row.ServiceBodyId, Name = "?" };
        var started = DateTime.SpecifyKind(row.StartedAt, DateTimeKind.Utc);
        var tried = legs.Select(l => new CallLegView(LegName(directory, l, row.Path),
            Word("Leg-" + l.Status, l.Status))).ToList();
        // Who took the call: the volunteer the record names, else the leg that was accepted (a fallback, a chair).
        var answered = row.AnsweredBy is { } v ? directory.Volunteer(v)?.Name
            : legs.FirstOrDefault(l => l.Status is "accepted" or "completed") is { } leg ? LegName(directory, leg,
                row.Path)
            : null;
        return new CallView(row.Id, body, started, When(started, Zone(body)), row.CallerMasked,
            Word("Language-" + row.Language, row.Language),
            row.Path.Select(s => Step(s, row)).ToList(), tried, answered,
            CallHistory.Category(row.Outcome, row.Searched),
            Word(CallHistory.OutcomeKey(row.Outcome, row.EndedAt is not null), row.Outcome ?? ""), row.RingSeconds,
            row.TalkSeconds);
    }

    string LegName(PhonelineDirectory directory, CallLegRow leg, string[] path) => leg.Kind switch
    {
        "volunteer" => leg.VolunteerId is { } id ? directory.Volunteer(id)?.Name ?? W["FormerVolunteer"]
            : W["FormerVolunteer"],
        // A chair's leg: the path says which chair ("chair:hi").
        "contact" => path.LastOrDefault(s => s.StartsWith("chair:", StringComparison.Ordinal)) is { } chair
            ? Word(CallHistory.StepKey(chair) + "-who", W["Leg-kind-contact"]) : W["Leg-kind-contact"],
        _ => Word("Leg-kind-" + leg.Kind, leg.Kind),
    };

    // Where a regional number sent the call and why (CONTRACT 14): "From Southern California Region: the postal
    // code starts with 921"; other steps by their words.
    string Step(string step, CallRecordRow row) =>
        step.StartsWith("route:", StringComparison.Ordinal) && Resources.GetString(CallHistory.StepKey(step),
            Culture) is { } words
            ? string.Format(Culture, words, row.RoutedFrom is { } from ? Directory.Body(from)?.Name ?? "?" : "?",
                row.RouteMatch ?? "")
            : Word(CallHistory.StepKey(step), step);

    // A word this version knows, else what the record says (a step or outcome added later, never caller data).
    string Word(string key, string recorded) => Resources.GetString(key, Culture) ?? recorded;

    string When(DateTime utc, DateTimeZone zone)
    {
        var local = Instant.FromDateTimeUtc(utc).InZone(zone);
        var thisYear = Now.InZone(zone).Year == local.Year;
        return local.ToString(thisYear ? "ddd d MMM HH:mm" : "ddd d MMM yyyy HH:mm", Culture);
    }

    public string Seconds(int? seconds) => seconds is { } s ? W.Format("Seconds", s) : "—";

    public string CategoryName(CallCategory category) => W["Category-" + CallHistory.Name(category)];

    public string? Selected(string? value, string? current) => value == current ? "selected" : null;

    public string Invalid(string field) => Errors.ContainsKey(field) ? "true" : "false";

    // The same filters, carried on from the cursor: nothing in the link but body keys, dates and the cursor.
    string Link(string? before)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) query.Add(name + "=" + Uri.EscapeDataString(value));
        }
        Add("body", BodyKey);
        Add("from", From?.Trim());
        Add("to", To?.Trim());
        Add("outcome", OutcomeFilter);
        Add("before", before);
        return "/console/calls?" + string.Join("&", query);
    }

    public string IsoOf(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
