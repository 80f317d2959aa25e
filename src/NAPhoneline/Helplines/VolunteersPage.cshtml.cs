using System.Globalization;
using System.Resources;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using NAPhoneline.Console;
using NAPhoneline.State;

namespace NAPhoneline.Helplines;

// GET /console/volunteers: the volunteers of the bodies a coordinator manages, searched and filtered;
// ?handler=csv downloads the same list with full numbers. Anyone who coordinates nothing gets 404.
public sealed class VolunteersPageModel : ConsolePageModel
{
    internal static readonly ResourceManager Resources =
        new("NAPhoneline.Helplines.VolunteersText", typeof(VolunteersPageModel).Assembly);

    public Words W => WordsOf(Resources);
    public string? Query { get; private set; }
    public string? BodyKey { get; private set; }
    public VolunteerStatus Status { get; private set; }
    public IReadOnlyList<Helpline> Bodies { get; private set; } = [];
    public IReadOnlyList<VolunteerListRow> Rows { get; private set; } = [];

    public IActionResult OnGet(string? q, string? body, string? status) =>
        Load(q, body, status) ? Page() : NotFound();

    public IActionResult OnGetCsv(string? q, string? body, string? status)
    {
        if (!Load(q, body, status)) return NotFound();
        using var stream = new MemoryStream();
        // Text a spreadsheet would run as a formula is written as text; phone numbers keep their '+'.
        var options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape, InjectionCharacters = "=@\t\r" };
        using (var csv = CsvWriter.Create(stream, options, leaveOpen: true))
        {
            csv.WriteHeader(["key", "name", "phone", "languages", "twelfthStep", "gender", "homeBody", "active"]);
            foreach (var (v, home) in Rows)
            {
                csv.WriteField(v.Key);
                csv.WriteField(v.Name.Length > 0 && v.Name[0] is '+' or '-' ? "'" + v.Name : v.Name);
                csv.WriteField(v.Phone);
                csv.WriteField(string.Join(' ', v.Languages));
                csv.WriteField(v.TwelfthStep);
                csv.WriteField(v.Gender ?? "");
                csv.WriteField(home?.Key ?? "");
                csv.WriteField(v.Active);
                csv.EndRecord();
            }
        }
        var day = Now.InUtc().Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return File(stream.ToArray(), "text/csv; charset=utf-8", $"volunteers-{day}.csv");
    }

    bool Load(string? q, string? body, string? status)
    {
        if (!Person.IsCoordinator) return false;
        Bodies = ManagedBodies(Directory, Person);
        Query = q?.Trim() is { Length: > 0 and <= 100 } query ? query : null;
        Status = status switch { "retired" => VolunteerStatus.Retired, "all" => VolunteerStatus.All, _ => default };
        Helpline? one = null;
        if (!string.IsNullOrEmpty(body) && (one = Bodies.FirstOrDefault(b => b.Key == body)) is null) return false;
        BodyKey = one?.Key;
        Rows = VolunteerList.Filter(Directory, Person.Managed, Query, one?.Id, Status);
        return true;
    }

    public static IReadOnlyList<Helpline> ManagedBodies(PhonelineDirectory directory, ConsoleUser person) =>
        person.Managed.Select(directory.Body).OfType<Helpline>()
            .OrderBy(b => directory.Chain(b.Id).Count).ThenBy(b => b.Name, StringComparer.CurrentCulture).ToList();

    public string StatusValue(VolunteerStatus status) => status switch
    {
        VolunteerStatus.Retired => "retired",
        VolunteerStatus.All => "all",
        _ => "active",
    };

    public string CsvLink()
    {
        var query = new List<string> { "handler=csv" };
        if (Query is not null) query.Add("q=" + Uri.EscapeDataString(Query));
        if (BodyKey is not null) query.Add("body=" + Uri.EscapeDataString(BodyKey));
        if (Status != VolunteerStatus.Active) query.Add("status=" + StatusValue(Status));
        return "/console/volunteers?" + string.Join('&', query);
    }

    public string LanguageNames(IEnumerable<string> languages) =>
        string.Join(", ", languages.Select(l => Resources.GetString("Language-" + l, Culture) ?? l));

    public string GenderName(string? gender) => gender is null ? W["GenderNotSaid"]
        : Resources.GetString("Gender-" + gender, Culture) ?? gender;
}
