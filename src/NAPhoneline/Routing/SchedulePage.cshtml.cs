using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Mvc;
using NAPhoneline.Console;
using NAPhoneline.Console.Audit;
using NAPhoneline.Scheduling;
using NAPhoneline.State;
using NodaTime;
using NodaTime.Extensions;

namespace NAPhoneline.Routing;

// GET /console/schedule?body=KEY&week=YYYY-MM-DD (CONTRACT 11): a week of one body in its own zone, from the
// roster in memory (what a call would find). Coordinators of the body add, move and remove shifts and dated
// overrides; a volunteer serving there sees their own next shifts and marks dates unavailable. Every handler checks
// the person against the body: another body's schedule, or a change to it, answers 404 and changes nothing.
public sealed class SchedulePageModel(ScheduleStore store, CoverRequests covers) : ConsolePageModel
{
    static readonly ResourceManager Resources = new("NAPhoneline.Routing.ScheduleText",
        typeof(SchedulePageModel).Assembly);
    public const int MyShiftDays = 14;

    // What a redirect after a change may say (nothing else from the query string is shown).
    static readonly HashSet<string> SavedKeys = new(StringComparer.Ordinal)
        { "ShiftAdded", "ShiftMoved", "ShiftRemoved", "OverrideAdded", "OverrideRemoved", "MarkedUnavailable",
            "CoverAsked" };

    public Words W => WordsOf(Resources);
    public IReadOnlyList<Helpline> Bodies { get; private set; } = [];
    public Helpline? Body { get; private set; }
    public DateTimeZone Zone { get; private set; } = DateTimeZone.Utc;
    public LocalDate Today { get; private set; }
    public ScheduleWeek Week { get; private set; } = null!;
    public bool Manages { get; private set; }
    public bool ServesHere { get; private set; }
    public IReadOnlyList<DirectoryVolunteer> Volunteers { get; private set; } = [];
    public IReadOnlyList<ScheduleBlock> Mine { get; private set; } = [];
    public IReadOnlyList<ScheduleOverride> MyDaysOff { get; private set; } = [];
    public string? Saved { get; private set; }

    public ShiftInput AddShift { get; private set; } = new();
    public FormErrors AddShiftErrors { get; private set; } = new();
    public long? MoveId { get; private set; }
    public ShiftInput? MoveInput { get; private set; }
    public FormErrors MoveErrors { get; private set; } = new();
    public OverrideInput AddOverride { get; private set; } = new(Kind: "cover");
    public FormErrors AddOverrideErrors { get; private set; } = new();
    public string? UnavailableDate { get; private set; }
    public FormErrors UnavailableErrors { get; private set; } = new();

    IReadOnlyList<(long Id, RosterShift Value)> shiftRows = [];
    IReadOnlyList<ScheduleShift> shifts = [];
    IReadOnlyList<ScheduleOverride> overrides = [];

    long? Me => Person.Volunteer?.Id;

    public async Task<IActionResult> OnGetAsync(string? body, string? week, long? move, string? saved,
        CancellationToken ct)
    {
        if (!await LoadAsync(body, week, ct)) return Hidden();
        if (Manages && move is { } id && shifts.Any(s => s.Id == id)) MoveId = id;
        Saved = saved is not null && SavedKeys.Contains(saved) ? saved : null;
        return Page();
    }

    // The form's week of the month is weekOfMonth: week is the week shown.
    public async Task<IActionResult> OnPostAddShiftAsync(string? body, string? week, string? volunteer, string? day,
        string? start, string? end, string? repeat, string? startsOn, string? weekOfMonth, string? from,
        string? until, bool backup, CancellationToken ct)
    {
        if (!await LoadAsync(body, week, ct) || Body is null || !Manages) return Hidden();
        AddShift = new ShiftInput(volunteer, day, start, end, repeat, startsOn, weekOfMonth, from, until, backup);
        var (shift, errors) = ScheduleRules.CheckShift(AddShift, VolunteerIds, shiftRows.Select(r => r.Value).ToList());
        if (shift is null || !await store.AddShiftAsync(AuditLog.Actor(Person), Body.Id, shift, ct))
        {
            AddShiftErrors = errors.Count > 0 ? errors : new FormErrors { ["Volunteer"] = "VolunteerRequired" };
            return Page();
        }
        return Back("ShiftAdded");
    }

    // A move writes the whole shift again: its day, times and pattern (the form shows the ones it had).
    public async Task<IActionResult> OnPostMoveShiftAsync(string? body, string? week, long id, string? day,
        string? start, string? end, string? repeat, string? startsOn, string? weekOfMonth, string? from,
        string? until, bool backup, CancellationToken ct)
    {
        if (!await LoadAsync(body, week, ct) || Body is null || !Manages) return Hidden();
        // Only a shift of this body: any other id answers like one that does not exist.
        if (shiftRows.Where(r => r.Id == id).Select(r => r.Value).FirstOrDefault() is not { } moving) return Hidden();
        MoveInput = new ShiftInput(null, day, start, end, repeat, startsOn, weekOfMonth, from, until, backup);
        var others = shiftRows.Where(r => r.Id != id).Select(r => r.Value).ToList();
        var (shift, errors) = ScheduleRules.CheckMove(moving.VolunteerId, MoveInput, others);
        if (shift is null)
        {
            MoveId = id;
            MoveErrors = errors;
            return Page();
        }
        return await store.MoveShiftAsync(AuditLog.Actor(Person), Body.Id, id, shift, ct) ? Back("ShiftMoved")
            : Hidden();
    }

    public async Task<IActionResult> OnPostRemoveShiftAsync(string? body, string? week, long id, CancellationToken ct)
    {
        if (!await LoadAsync(body, week, ct) || Body is null || !Manages) return Hidden();
        return await store.RemoveShiftAsync(AuditLog.Actor(Person), Body.Id, id, ct) ? Back("ShiftRemoved") : Hidden();
    }

    // A coordinator asks the others to cover one shift ("123:2026-11-24": the shift and the date it starts).
    public async Task<IActionResult> OnPostFindCoverAsync(string? body, string? week, string? occurrence,
        CancellationToken ct)
    {
        if (!await LoadAsync(body, week, ct) || Body is null || !Manages) return Hidden();
        var parts = (occurrence ?? "").Split(':');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || ScheduleRules.ParseDate(parts[1]) is not { } date
            || shifts.FirstOrDefault(s => s.Id == id)?.Shift is not { } shift || !shift.OccursOn(date))
            return Hidden();
        var (from, until) = Roster.Occurrence(date, shift.Start, shift.End, Zone);
        if (from <= Now) return Hidden();
        await covers.OpenForShiftAsync(Body.Id, shift.VolunteerId, from, until, Now, ct);
        return Back("CoverAsked", date);
    }

    public string Occurrence(long? id, LocalDate date) => $"{Id(id)}:{ScheduleRules.Date(date)}";

    public async Task<IActionResult> OnPostAddOverrideAsync(string? body, string? week, string? kind,
        string? volunteer, string? date, string? start, string? end, CancellationToken ct)
    {
        if (!await LoadAsync(body, week, ct) || Body is null || !Manages) return Hidden();
        AddOverride = new OverrideInput(kind, volunteer, date, start, end);
        var (o, errors) = ScheduleRules.CheckOverride(AddOverride, VolunteerIds, Today,
            overrides.Select(x => x.Override).ToList());
        if (o is null || !await store.AddOverrideAsync(AuditLog.Actor(Person), Body.Id, o, ct))
        {
            AddOverrideErrors = errors.Count > 0 ? errors : new FormErrors { ["Volunteer"] = "VolunteerRequired" };
            return Page();
        }
        // A coordinator taking a volunteer off a date asks the others to cover (CONTRACT 13).
        if (o.Kind == OverrideKind.Off)
            await covers.OpenForDayOffAsync(Body.Id, o.VolunteerId, o.Date, "coordinator", Now, ct);
        return Back("OverrideAdded", o.Date);
    }

    // Coordinators remove any override of the body from today on; a volunteer only their own days off.
    public async Task<IActionResult> OnPostRemoveOverrideAsync(string? body, string? week, long id,
        CancellationToken ct)
    {
        if (!await LoadAsync(body, week, ct) || Body is null) return Hidden();
        if (!Manages && !(ServesHere && Me is not null)) return Hidden();
        var removed = await store.RemoveOverrideAsync(AuditLog.Actor(Person), Body.Id, id, Today,
            Manages ? null : Me, ct);
        return removed ? Back("OverrideRemoved") : Hidden();
    }

    public async Task<IActionResult> OnPostUnavailableAsync(string? body, string? week, string? date,
        CancellationToken ct)
    {
        if (!await LoadAsync(body, week, ct) || Body is null || !ServesHere || Me is not { } me) return Hidden();
        UnavailableDate = date;
        var (day, errors) = ScheduleRules.CheckUnavailable(date, Today, me, shifts.Select(s => s.Shift).ToList(),
            overrides.Select(o => o.Override).ToList());
        if (day is not { } d)
        {
            UnavailableErrors = errors;
            return Page();
        }
        if (await store.AddOverrideAsync(AuditLog.Actor(Person), Body.Id,
                new ValidOverride(me, d, OverrideKind.Off, null, null), ct))
            await covers.OpenForDayOffAsync(Body.Id, me, d, "console", Now, ct);
        return Back("MarkedUnavailable", d);
    }

    // False: a body this person may not see (or one that does not exist), which answers 404.
    IReadOnlyDictionary<(long VolunteerId, Instant From), string> answers =
        new Dictionary<(long VolunteerId, Instant From), string>();

    // A coordinator sees how the volunteer answered the shift's reminder: confirmed, not yet, cannot come.
    public string? Answer(ScheduleBlock block) =>
        block.Kind == BlockKind.Shift && answers.TryGetValue((block.VolunteerId, block.From), out var a) ? a : null;

    async Task<bool> LoadAsync(string? bodyKey, string? week, CancellationToken ct)
    {
        var directory = Directory;
        Bodies = Person.ScheduleBodies.Select(directory.Body).OfType<Helpline>()
            .Where(b => directory.Roster(b.Id) is not null)
            .OrderByDescending(b => directory.HelplineNumbers(b.Id).Count > 0 || directory.ShiftsIn(b.Id).Count > 0)
            .ThenBy(b => b.Name, StringComparer.CurrentCulture).ToList();
        var body = string.IsNullOrEmpty(bodyKey) ? Bodies.FirstOrDefault() : directory.Body(bodyKey);
        if (body is null) return string.IsNullOrEmpty(bodyKey);
        if (!Person.SeesSchedule(body.Id) || directory.Roster(body.Id) is not { } roster) return false;

        Body = body;
        Zone = roster.Zone;
        Manages = Person.Manages(body.Id);
        ServesHere = Me is not null && Person.VolunteerBodies.Contains(body.Id);
        Today = Now.InZone(Zone).Date;
        var monday = ScheduleWeek.MondayOf(ScheduleRules.WeekOf(week, Today));
        var from = LocalDate.Min(monday.PlusDays(-1), Today.PlusDays(-1));
        var rows = await store.RowsAsync(body.Id, from, ct);
        shiftRows = rows.Shifts;

        bool Active(long id) => directory.Volunteer(id) is { Active: true };
        shifts = ScheduleIds.Match(roster.Shifts, rows.Shifts).Select(m => new ScheduleShift(m.Id, m.Value)).ToList();
        var known = ScheduleIds.Match(roster.Overrides, rows.Overrides)
            .Select(m => new ScheduleOverride(m.Id, m.Value));
        // Memory keeps only recent overrides (what calls need): older ones, for a past week, come from the rows.
        var history = ScheduleIds.Unmatched(roster.Overrides, rows.Overrides)
            .Where(r => r.Value.Date < Today.PlusDays(-1)).Select(r => new ScheduleOverride(r.Id, r.Value));
        overrides = known.Concat(history).Where(o => Active(o.Override.VolunteerId)).ToList();
        Week = ScheduleWeek.For(monday, Zone, shifts, overrides);
        if (Manages)
            answers = await store.AnswersAsync(body.Id, monday.PlusDays(-1).AtStartOfDayInZone(Zone).ToInstant(),
                monday.PlusDays(7).AtStartOfDayInZone(Zone).ToInstant(), ct);

        if (Manages)
            Volunteers = directory.Volunteers.Where(v => v.Active && (v.HomeBodyId == body.Id
                    || directory.ShiftsOf(v.Id).Any(s => s.ServiceBodyId == body.Id)
                    || roster.Volunteers.ContainsKey(v.Id)))
                .OrderBy(v => v.Name, StringComparer.CurrentCulture).ToList();
        if (ServesHere && Me is { } mine)
        {
            Mine = ScheduleWeek.Upcoming(mine, Now, MyShiftDays, Zone, shifts, overrides);
            MyDaysOff = overrides.Where(o => o.Id is not null && o.Override.VolunteerId == mine
                && o.Override.Kind == OverrideKind.Off && o.Override.Date >= Today)
                .OrderBy(o => o.Override.Date).ToList();
        }
        return true;
    }

    IReadOnlySet<long> VolunteerIds => Volunteers.Select(v => v.Id).ToHashSet();

    // After a change: the same week again (the week of the date changed, for an override), saying what was done.
    RedirectResult Back(string saved, LocalDate? date = null) =>
        Redirect(WeekUrl(date is { } d ? ScheduleWeek.MondayOf(d) : Week.Monday) + "&saved=" + saved + "#saved");

    // --- for the view ---

    public string WeekUrl(LocalDate monday, string? bodyKey = null) =>
        "/console/schedule?body=" + Uri.EscapeDataString(bodyKey ?? Body?.Key ?? "") + "&week="
        + ScheduleRules.Date(monday);

    public string Name(long volunteerId) => Directory.Volunteer(volunteerId) is { } v
        ? (Manages ? v.Name : v.FirstName) : "?";

    public bool IsMine(long volunteerId) => Me == volunteerId;

    public string DayTitle(LocalDate date) => date.ToString(W["DayPattern"], Culture);

    public string DateText(LocalDate date) => date.ToString(W["DatePattern"], Culture);

    public string DayName(IsoDayOfWeek day) => Culture.DateTimeFormat.GetDayName(day.ToDayOfWeek());

    public static string Clock(LocalTime time) => ScheduleRules.Time(time);

    // A block's wall-clock times as set (a shift ending at midnight ends at 24:00).
    public string Range(ScheduleBlock block) => block.WholeDay ? W["AllDay"]
        : W.Format("Range", Clock(block.Start), block.End == LocalTime.Midnight ? "24:00" : Clock(block.End));

    // An instant of a day: 24:00 at its end; on a day the clocks change, with the zone's abbreviation, since 01:00
    // happens twice in the autumn.
    public string At(Instant at, ScheduleDay day)
    {
        if (at == day.End) return "24:00";
        return at.InZone(Zone).ToString(day.ClockChange ? "HH:mm x" : "HH:mm", CultureInfo.InvariantCulture);
    }

    public string Hours(Duration d) => d.TotalHours.ToString("0.#", Culture);

    // How a shift repeats, in words ("every other week, until 2027-01-31"); null for a plain weekly shift.
    public string? PatternText(RosterShift? shift) => shift is null ? null
        : ScheduleRules.PatternWords(shift) is { Count: > 0 } words
            ? string.Join(", ", words.Select(w => w.Date is { } d ? W.Format(w.Key, ScheduleRules.Date(d))
                : W.Format(w.Key, DayName(shift.Day))))
            : null;

    // A shift form's values: what was typed, else the shift's own (moving), else a new weekly shift.
    public ShiftInput MoveValues(ScheduleBlock b) => MoveInput ?? (b.Shift is { } s ? ShiftInput.Of(s)
        : new ShiftInput(null, ScheduleRules.DayValue(b.Date.DayOfWeek), Clock(b.Start), Clock(b.End)));

    public string Occurrence(ScheduleBlock b) =>
        W.Format("Occurrence", DayTitle(b.Date), Range(b));

    public bool MayRemove(ScheduleOverride o) => o.Id is not null && o.Override.Date >= Today
        && (Manages || (o.Override.Kind == OverrideKind.Off && IsMine(o.Override.VolunteerId)));

    public bool MayRemoveOff(ScheduleBlock b) => b.OffId is not null && b.Date >= Today
        && (Manages || IsMine(b.VolunteerId));

    // A form field's state: its message when wrong, what describes it (hints, then the message).
    public FieldState Field(FormErrors errors, string field, string id, string? hint = null) =>
        new(id, errors.TryGetValue(field, out var key) ? W[key] : null, hint);

    // A small form of one button (remove, undo, I can't come) for this body and week.
    public ScheduleButton Button(string handler, string field, string value, string css, string text, string hidden,
        string? confirm = null, string? fragment = null) =>
        new(handler, Body?.Key ?? "", ScheduleRules.Date(Week.Monday), field, value, css, text, hidden, confirm,
            fragment);

    public static string Id(long? id) => id?.ToString(CultureInfo.InvariantCulture) ?? "";

    // A time range's note: begun the day before, running into the next day, or lost to the spring change.
    public string? Note(ScheduleBlock first, ScheduleDay day) =>
        first.Date < day.Date ? W.Format("StartedOn", DayName(first.Date.DayOfWeek))
        : day.RunsOn(first) ? W.Format("EndsOn", DayName(first.Date.PlusDays(1).DayOfWeek))
        : first.Vanishes ? W["Vanishes"] : null;

    public string GapList(ScheduleDay day) =>
        string.Join(", ", day.Gaps.Select(g => W.Format("Range", At(g.From, day), At(g.Until, day))));
}

public sealed record FieldState(string Id, string? Message, string? Hint)
{
    public string? Invalid => Message is null ? null : "true";
    public string ErrorId => Id + "-error";
    public string? DescribedBy => string.Join(' ', new[] { Hint, Message is null ? null : ErrorId }.OfType<string>())
        is { Length: > 0 } ids ? ids : null;
}

public sealed record ScheduleButton(string Handler, string Body, string Week, string Field, string Value, string Css,
    string Text, string Hidden, string? Confirm, string? Fragment);

// The day and times of a shift form (adding one, or moving one), for the _ShiftFields partial.
public sealed record ShiftFields(string Prefix, ShiftInput Input, FormErrors Errors, SchedulePageModel Page);

// A form's error summary, for the _ScheduleErrors partial: its problems in the order of its fields, each linked to
// its field (whose id is the form's prefix and the field's name: "add-starts-on").
public sealed record ErrorSummary(string Prefix, FormErrors Errors, IReadOnlyList<string> Fields,
    SchedulePageModel Page)
{
    public static string FieldId(string prefix, string field) =>
        prefix + "-" + string.Concat(field.Select((c, i) => char.IsUpper(c)
            ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}

// One day of the week, for the _ScheduleDay partial.
public sealed record DayView(SchedulePageModel Page, ScheduleDay Day);

// One person on a time range of a day, for the _ScheduleBlock partial.
public sealed record BlockView(SchedulePageModel Page, ScheduleDay Day, ScheduleBlock Block);
