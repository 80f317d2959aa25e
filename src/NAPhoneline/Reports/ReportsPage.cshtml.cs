using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NAPhoneline.Console;
using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Reports;

public sealed record FigureRow(string Label, string Current, string Previous);

// GET /console/reports: a coordinator's report of a body they manage (and the bodies below it) for a preset or a
// custom range, beside the same range a month earlier, with the missed-calls heatmap. Anyone else gets 404.
public sealed class ReportsPageModel(ReportStore store) : ConsolePageModel
{
    static readonly ResourceManager Resources = new("NAPhoneline.Reports.ReportsText",
        typeof(ReportsPageModel).Assembly);

    public Words W => WordsOf(Resources);

    [BindProperty(SupportsGet = true, Name = "body")] public string? BodyKey { get; set; }
    [BindProperty(SupportsGet = true, Name = "preset")] public string? PresetText { get; set; }
    [BindProperty(SupportsGet = true, Name = "from")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? To { get; set; }

    public IReadOnlyList<Helpline> Bodies { get; private set; } = [];
    public Helpline? Body { get; private set; }
    public RangePreset Preset { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public ReportSummary? Summary { get; private set; }
    public IReadOnlyList<FigureRow> Figures { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Person.IsCoordinator || !ManagedFilter(BodyKey, out var only)) return Hidden();
        Bodies = ManagedBodies().ToList();
        // No body named: the highest one they coordinate (a region rather than one of its areas).
        Body = only ?? Bodies.OrderBy(b => Directory.Chain(b.Id).Count).FirstOrDefault();
        if (Body is null) return Hidden();
        BodyKey = Body.Key;
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(Body.TimeZone) ?? DateTimeZone.Utc;
        var preset = ReportRange.ParsePreset(PresetText);
        if (preset is null) { Errors["preset"] = W["PresetUnknown"]; return Page(); }
        Preset = preset.Value;
        var range = ReportRange.For(Preset, Now.InZone(zone).Date);
        if (range is null)
        {
            var (custom, problems) = ReportRange.Parse(From, To);
            foreach (var (field, problem) in problems) Errors[field] = W["Range-" + problem];
            if (custom is null) return Page();
            range = custom;
        }
        From = Iso(range.From);
        To = Iso(range.To);
        Summary = await store.SummaryAsync(new ReportBody(Body.Id, Body.Key, zone.Id), range, ct);
        Figures = Rows(Summary.Current, Summary.Previous);
        return Page();
    }

    // The same call log as GET /admin/api/reports/calls, for the range shown.
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var page = await OnGetAsync(ct);
        if (page is not PageResult || Summary is null || Body is null) return page is PageResult ? Hidden() : page;
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(Body.TimeZone) ?? DateTimeZone.Utc;
        var range = ReportRange.Parse(From, To).Range!;
        var rows = await store.CallsAsync(new ReportBody(Body.Id, Body.Key, zone.Id), range.In(zone), ct);
        return File(CallCsv.Write(rows, zone), "text/csv; charset=utf-8", $"calls-{Body.Key}-{From}-{To}.csv");
    }

    IReadOnlyList<FigureRow> Rows(ReportFigures c, ReportFigures p)
    {
        FigureRow Row(string key, Func<ReportFigures, string> value) => new(W[key], value(c), value(p));
        string N(int n) => n.ToString("N0", Culture);
        string Rate(double? r) => r is { } v ? v.ToString("P0", Culture) : "—";
        string S(double? s) => s is { } v ? W.Format("Seconds", v.ToString("0.#", Culture)) : "—";
        string M(double? m) => m is { } v ? W.Format("Minutes", v.ToString("0.#", Culture)) : "—";
        return
        [
            Row("Calls", f => N(f.Calls)),
            Row("Offered", f => N(f.TalkToMember.Offered)),
            Row("Answered", f => N(f.TalkToMember.Answered)),
            Row("AnswerRate", f => Rate(f.TalkToMember.AnswerRate)),
            Row("Abandoned", f => N(f.TalkToMember.Abandoned)),
            Row("Voicemail", f => N(f.TalkToMember.Voicemail)),
            Row("Missed", f => N(f.TalkToMember.Missed)),
            Row("AnswerP50", f => S(f.TalkToMember.SecondsToAnswer.P50)),
            Row("AnswerP90", f => S(f.TalkToMember.SecondsToAnswer.P90)),
            Row("AnswerMax", f => S(f.TalkToMember.SecondsToAnswer.Max)),
            Row("RequestsCreated", f => N(f.Requests.Created)),
            Row("RequestsAcknowledged", f => N(f.Requests.Acknowledged)),
            Row("RequestsUnanswered", f => N(f.Requests.Unanswered)),
            Row("AckP50", f => M(f.Requests.MinutesToAck.P50)),
            Row("AckP90", f => M(f.Requests.MinutesToAck.P90)),
            Row("MeetingSearches", f => N(f.Meetings.Searches)),
            Row("MeetingsTexted", f => N(f.Meetings.Texted)),
        ];
    }

    // Weekday names Sunday first, in the page's language.
    public string Day(int dow) => Culture.DateTimeFormat.GetAbbreviatedDayName((DayOfWeek)dow);

    public string Cell(int count) => count.ToString(CultureInfo.InvariantCulture);

    // The heatmap's shade: none for zero, then a quarter to full by share of the busiest hour.
    public string Opacity(int count, int max) => count == 0 || max == 0 ? "0"
        : (0.25 + 0.75 * count / max).ToString("0.##", CultureInfo.InvariantCulture);

    public string Invalid(string field) => Errors.ContainsKey(field) ? "true" : "false";

    public string? Selected(string value, string? current) => value == current ? "selected" : null;

    public string? Checked(RangePreset preset) => preset == Preset ? "checked" : null;

    public string CsvLink => $"/console/reports?handler=csv&body={Uri.EscapeDataString(BodyKey ?? "")}" +
        $"&preset=custom&from={From}&to={To}";

    static string Iso(LocalDate date) => NodaTime.Text.LocalDatePattern.Iso.Format(date);
}
