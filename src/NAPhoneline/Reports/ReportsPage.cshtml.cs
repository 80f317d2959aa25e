using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NAPhoneline.Console;
using NAPhoneline.Shared.Calls;
using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Reports;

// A figure as shown (Current, Previous) and as written to its CSV (a bare number under a label with the unit).
public sealed record FigureRow(string Label, string Current, string Previous, string CsvLabel, string CsvCurrent,
    string CsvPrevious);

// GET /console/reports: a coordinator's report of a body they manage (and the bodies below it) for a preset or a
// custom range, beside the same range a month earlier, with the missed-calls heatmap, calls over time and the legs
// rung per volunteer; each table as CSV (?handler=csv&table=...). Anyone else gets 404.
public sealed class ReportsPageModel(ReportStore store) : ConsolePageModel
{
    static readonly ResourceManager Resources = new("NAPhoneline.Reports.ReportsText",
        typeof(ReportsPageModel).Assembly);

    public Words W => WordsOf(Resources);

    [BindProperty(SupportsGet = true, Name = "body")] public string? BodyKey { get; set; }
    [BindProperty(SupportsGet = true, Name = "preset")] public string? PresetText { get; set; }
    [BindProperty(SupportsGet = true, Name = "from")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "table")] public string? TableText { get; set; }

    public IReadOnlyList<Helpline> Bodies { get; private set; } = [];
    public Helpline? Body { get; private set; }
    public RangePreset Preset { get; private set; }
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);
    public ReportSummary? Summary { get; private set; }
    public IReadOnlyList<FigureRow> Figures { get; private set; } = [];
    public IReadOnlyList<VolunteerLegs> Legs { get; private set; } = [];
    public DayChart? Chart { get; private set; }
    DateTimeZone Zone { get; set; } = DateTimeZone.Utc;
    ReportRange? Shown { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Scope() is { } refused) return refused;
        if (Shown is null) return Page();
        await SummarizeAsync(ct, withLegs: true);
        Chart = DayChart.For(Summary!.Current.ByDay, Culture);
        Legs = LegsOf(Summary);
        return Page();
    }

    // One table of the page (or the call log) as CSV, for the same body and range; an unknown table is 404.
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (ReportTableCsv.Parse(TableText) is not { } table) return Hidden();
        if (Scope() is { } refused) return refused;
        if (Shown is null || Body is null) return Hidden();
        byte[] csv;
        switch (table)
        {
            case ReportTable.Calls:
                csv = CallCsv.Write(await store.CallsAsync(ReportBodyOf(), Shown.In(Zone), ct), Zone);
                break;
            case ReportTable.Volunteers:
                csv = ReportTableCsv.Write([W["Volunteer"], W["Rung"], W["LegsAnswered"], W["LegsMissed"]],
                    LegsOf(await store.SummaryAsync(ReportBodyOf(), Shown, ct, withLegs: true)).Select(l =>
                        (IReadOnlyList<string>)[LegName(l),
                        ReportTableCsv.Number(l.Rung), ReportTableCsv.Number(l.Answered),
                        ReportTableCsv.Number(l.Missed)]));
                break;
            default:
                await SummarizeAsync(ct);
                csv = SummaryCsv(table, Summary!);
                break;
        }
        return File(csv, "text/csv; charset=utf-8",
            $"{ReportTableCsv.Name(table)}-{Body.Key}-{From}-{To}.csv");
    }

    byte[] SummaryCsv(ReportTable table, ReportSummary s) => table switch
    {
        ReportTable.Figures => ReportTableCsv.Write(
            [W["Figure"], W.Format("Range", s.Current.From, s.Current.To),
                W.Format("PreviousRange", s.Previous.From, s.Previous.To)],
            Figures.Select(f => (IReadOnlyList<string>)[f.CsvLabel, f.CsvCurrent, f.CsvPrevious])),
        ReportTable.Missed => ReportTableCsv.Write(
            [W["Day"], .. Enumerable.Range(0, 24).Select(h => h.ToString("00", CultureInfo.InvariantCulture))],
            s.Current.MissedByHour.Select((hours, d) => (IReadOnlyList<string>)
                [Culture.DateTimeFormat.GetDayName((DayOfWeek)d), .. hours.Select(ReportTableCsv.Number)])),
        _ => ReportTableCsv.Write([W["Date"], W["Calls"], W["DaysOffered"], W["Answered"], W["Missed"]],
            s.Current.ByDay.Select(d => (IReadOnlyList<string>)[d.Date, ReportTableCsv.Number(d.Calls),
                ReportTableCsv.Number(d.Offered), ReportTableCsv.Number(d.Answered),
                ReportTableCsv.Number(d.Missed)])),
    };

    async Task SummarizeAsync(CancellationToken ct, bool withLegs = false)
    {
        Summary = await store.SummaryAsync(ReportBodyOf(), Shown!, ct, withLegs);
        Figures = Rows(Summary.Current, Summary.Previous);
    }

    // Volunteers by name, then one line per other kind of leg (fallback, global fallback, contact).
    IReadOnlyList<VolunteerLegs> LegsOf(ReportSummary summary)
    {
        var names = StringComparer.Create(Culture, ignoreCase: true);
        return summary.Current.Legs.OrderBy(l => l.Kind).ThenBy(l => l.Name ?? "\uffff", names)
            .ThenBy(l => l.VolunteerId).ToList();
    }

    public string LegName(VolunteerLegs l) => l.Kind switch
    {
        LegKind.Volunteer => l.Name ?? W["FormerVolunteer"],
        _ => W["Leg-" + l.Kind],
    };

    ReportBody ReportBodyOf() => new(Body!.Id, Body.Key, Zone.Id);

    // The body and range asked for: 404 for anyone but the body's coordinator; a bad range leaves Shown null with
    // the problems in Errors.
    IActionResult? Scope()
    {
        if (!Person.IsCoordinator || !ManagedFilter(BodyKey, out var only)) return Hidden();
        Bodies = ManagedBodies().ToList();
        // No body named: the highest one they coordinate (a region rather than one of its areas).
        Body = only ?? Bodies.OrderBy(b => Directory.Chain(b.Id).Count).FirstOrDefault();
        if (Body is null) return Hidden();
        BodyKey = Body.Key;
        Zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(Body.TimeZone) ?? DateTimeZone.Utc;
        var preset = ReportRange.ParsePreset(PresetText);
        if (preset is null) { Errors["preset"] = W["PresetUnknown"]; return null; }
        Preset = preset.Value;
        var range = ReportRange.For(Preset, Now.InZone(Zone).Date);
        if (range is null)
        {
            var (custom, problems) = ReportRange.Parse(From, To);
            foreach (var (field, problem) in problems) Errors[field] = W["Range-" + problem];
            if (custom is null) return null;
            range = custom;
        }
        From = Iso(range.From);
        To = Iso(range.To);
        Shown = range;
        return null;
    }

    IReadOnlyList<FigureRow> Rows(ReportFigures c, ReportFigures p)
    {
        // unit: null for a count, else the key of the CSV label that names the unit.
        FigureRow Row(string key, Func<ReportFigures, double?> value, Func<double?, string> shown,
            string? unit = null) => new(W[key], shown(value(c)), shown(value(p)),
            unit is null ? W[key] : W.Format(unit, W[key]), ReportTableCsv.Number(value(c)),
            ReportTableCsv.Number(value(p)));
        FigureRow Count(string key, Func<ReportFigures, int> value) => Row(key, f => value(f), N);
        string N(double? n) => (n ?? 0).ToString("N0", Culture);
        string Rate(double? r) => r is { } v ? v.ToString("P0", Culture) : "—";
        string S(double? s) => s is { } v ? W.Format("Seconds", v.ToString("0.#", Culture)) : "—";
        string M(double? m) => m is { } v ? W.Format("Minutes", v.ToString("0.#", Culture)) : "—";
        return
        [
            Count("Calls", f => f.Calls),
            Count("Offered", f => f.TalkToMember.Offered),
            Count("Answered", f => f.TalkToMember.Answered),
            Row("AnswerRate", f => f.TalkToMember.AnswerRate, Rate, "CsvShare"),
            Count("Abandoned", f => f.TalkToMember.Abandoned),
            Count("Voicemail", f => f.TalkToMember.Voicemail),
            Count("Missed", f => f.TalkToMember.Missed),
            Row("AnswerP50", f => f.TalkToMember.SecondsToAnswer.P50, S, "CsvSeconds"),
            Row("AnswerP90", f => f.TalkToMember.SecondsToAnswer.P90, S, "CsvSeconds"),
            Row("AnswerMax", f => f.TalkToMember.SecondsToAnswer.Max, S, "CsvSeconds"),
            Count("RequestsCreated", f => f.Requests.Created),
            Count("RequestsAcknowledged", f => f.Requests.Acknowledged),
            Count("RequestsUnanswered", f => f.Requests.Unanswered),
            Row("AckP50", f => f.Requests.MinutesToAck.P50, M, "CsvMinutes"),
            Row("AckP90", f => f.Requests.MinutesToAck.P90, M, "CsvMinutes"),
            Count("MeetingSearches", f => f.Meetings.Searches),
            Count("MeetingsTexted", f => f.Meetings.Texted),
            Count("BlockedCalls", f => f.Blocked.Calls),
            Count("BlockedTexts", f => f.Blocked.Texts),
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

    public string CsvLink(ReportTable table) => $"/console/reports?handler=csv&table={ReportTableCsv.Name(table)}" +
        $"&body={Uri.EscapeDataString(BodyKey ?? "")}&preset=custom&from={From}&to={To}";

    // The chart's description for a screen reader: the totals and the busiest date.
    public string DaysDescription(IReadOnlyList<DayFigures> days)
    {
        var first = days.Count > 0 ? DayName(days[0].Date) : From;
        var last = days.Count > 0 ? DayName(days[^1].Date) : To;
        var busiest = days.OrderByDescending(d => d.Calls).ThenBy(d => d.Date, StringComparer.Ordinal)
            .FirstOrDefault();
        if (busiest is null || busiest.Calls == 0) return W.Format("DaysNone", first, last);
        return W.Format("DaysDescription", first, last, Count(days.Sum(d => d.Calls)),
            Count(days.Sum(d => d.Answered)), Count(days.Sum(d => d.Missed)), DayName(busiest.Date),
            Count(busiest.Calls));
    }

    public string Percent(double share) => share.ToString("P0", Culture);

    public string Count(int n) => n.ToString("N0", Culture);

    public string DayName(string iso) => NodaTime.Text.LocalDatePattern.Iso.Parse(iso).Value
        .ToString("ddd d MMM", Culture);

    static string Iso(LocalDate date) => NodaTime.Text.LocalDatePattern.Iso.Format(date);
}
