using NodaTime;

namespace NAPhoneline.State;

public sealed record DirectoryVolunteer(long Id, string Key, string Name, string Phone, string[] Languages,
    string? Gender,
    bool TwelfthStep, bool Active, string CalendarToken, long? HomeBodyId = null, bool Reminders = true)
{
    // Volunteers are listed to other volunteers by first name only.
    public string FirstName => Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? Name;
}

public sealed record CoveredBody(Helpline Body, int Depth);

public sealed record BodyShift(long ServiceBodyId, RosterShift Shift);

public sealed record BodyOverride(long ServiceBodyId, ShiftOverride Override);

// The service structure as one immutable snapshot: helplines and their settings, contacts, volunteers, shifts and
// recent overrides. Every instance holds one and swaps it whole when something changes, so a webhook reads a
// consistent picture without a query (CONTRACT 10).
public sealed class PhonelineDirectory
{
    public static readonly PhonelineDirectory Empty = new([], [], [], [], [], [], Instant.MinValue);

    readonly Dictionary<long, Helpline> bodies;
    readonly Dictionary<string, Helpline> bodiesByKey;
    readonly Dictionary<string, Helpline> byNumber;
    readonly ILookup<long, string> numbersByBody;
    readonly ILookup<long, Contact> contacts;
    readonly Dictionary<long, DirectoryVolunteer> volunteers;
    readonly Dictionary<string, DirectoryVolunteer> volunteersByPhone;
    readonly ILookup<long, BodyShift> shiftsByVolunteer;
    readonly ILookup<long, BodyOverride> overridesByVolunteer;
    readonly Dictionary<long, RosterSnapshot> rosters = [];
    readonly ILookup<long, CoveredBody> coveredBelow;

    public Instant LoadedAt { get; }

    public PhonelineDirectory(IReadOnlyList<Helpline> bodies, IReadOnlyList<(string Phone, long BodyId)> numbers,
        IReadOnlyList<Contact> contacts, IReadOnlyList<DirectoryVolunteer> volunteers, IReadOnlyList<BodyShift> shifts,
        IReadOnlyList<BodyOverride> overrides, Instant loadedAt)
    {
        LoadedAt = loadedAt;
        this.bodies = bodies.ToDictionary(b => b.Id);
        bodiesByKey = bodies.ToDictionary(b => b.Key, StringComparer.Ordinal);
        byNumber = numbers.Where(n => this.bodies.ContainsKey(n.BodyId))
            .ToDictionary(n => n.Phone, n => this.bodies[n.BodyId], StringComparer.Ordinal);
        numbersByBody = numbers.OrderBy(n => n.Phone, StringComparer.Ordinal).ToLookup(n => n.BodyId, n => n.Phone);
        this.contacts = contacts.ToLookup(c => c.ServiceBodyId);
        this.volunteers = volunteers.ToDictionary(v => v.Id);
        // Two volunteers may share a phone (a retired one and a new one): the active one, then the oldest.
        volunteersByPhone = volunteers.OrderByDescending(v => v.Active).ThenBy(v => v.Id)
            .DistinctBy(v => v.Phone).ToDictionary(v => v.Phone, StringComparer.Ordinal);
        shiftsByVolunteer = shifts.ToLookup(s => s.Shift.VolunteerId);
        overridesByVolunteer = overrides.ToLookup(o => o.Override.VolunteerId);

        // Each body with coverage under every body above it, with how deep below that body it sits.
        coveredBelow = bodies.Where(b => b.HasCoverage)
            .SelectMany(b => Chain(b.Id).Select((above, depth) => (above.Id, new CoveredBody(b, depth))))
            .ToLookup(x => x.Id, x => x.Item2);

        var active = volunteers.Where(v => v.Active).ToDictionary(v => v.Id);
        var shiftsByBody = shifts.Where(s => active.ContainsKey(s.Shift.VolunteerId)).ToLookup(s => s.ServiceBodyId);
        var overridesByBody = overrides.ToLookup(o => o.ServiceBodyId);
        foreach (var body in bodies)
        {
            var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(body.TimeZone);
            if (zone is null) continue;
            var bodyShifts = shiftsByBody[body.Id].Select(s => s.Shift).ToList();
            var bodyOverrides = overridesByBody[body.Id].Select(o => o.Override).ToList();
            var people = bodyShifts.Select(s => s.VolunteerId).Concat(bodyOverrides.Select(o => o.VolunteerId))
                .Distinct().Where(active.ContainsKey).Select(id => active[id])
                .ToDictionary(v => v.Id, v => new RosterVolunteer(v.Id, v.Key, v.Name, v.Phone, v.Languages,
                    v.TwelfthStep));
            rosters[body.Id] = new RosterSnapshot(zone, bodyShifts, bodyOverrides, people);
        }
    }

    public IEnumerable<Helpline> Bodies => bodies.Values;

    // The bodies with coverage at or below this one (CONTRACT 14); a helpline with any below it routes by location.
    public IReadOnlyList<CoveredBody> CoveredBelow(long serviceBodyId) => [.. coveredBelow[serviceBodyId]];

    public bool RoutesByLocation(long serviceBodyId) => coveredBelow[serviceBodyId].Any(c => c.Depth > 0);

    // A number callers dial that routes by location: the console shows it and its areas.
    public bool IsRegionalNumber(long serviceBodyId) =>
        RoutesByLocation(serviceBodyId) && numbersByBody[serviceBodyId].Any();

    // A body of the dialled helpline's own tree (a routed call's URLs name it), else the dialled helpline.
    public Helpline? Routed(Helpline? dialled, long? bodyId) =>
        dialled is not null && bodyId is { } id && Body(id) is { } body && Chain(id).Any(b => b.Id == dialled.Id)
            ? body : dialled;

    public IEnumerable<DirectoryVolunteer> Volunteers => volunteers.Values;

    public IEnumerable<Contact> AllContacts => contacts.SelectMany(g => g);

    // A body and every body below it (a coordinator's reach).
    public IReadOnlyList<Helpline> Subtree(long serviceBodyId) =>
        bodies.Values.Where(b => Chain(b.Id).Any(a => a.Id == serviceBodyId)).ToList();

    public IReadOnlyList<string> HelplineNumbers(long serviceBodyId) => numbersByBody[serviceBodyId].ToList();

    public IReadOnlyList<BodyShift> ShiftsIn(long serviceBodyId) =>
        shiftsByVolunteer.SelectMany(g => g).Where(s => s.ServiceBodyId == serviceBodyId).ToList();

    public IReadOnlyList<BodyOverride> OverridesIn(long serviceBodyId) =>
        overridesByVolunteer.SelectMany(g => g).Where(o => o.ServiceBodyId == serviceBodyId).ToList();

    public Helpline? HelplineFor(string? calledNumber) =>
        calledNumber is not null && byNumber.TryGetValue(calledNumber, out var helpline) ? helpline : null;

    public Helpline? Body(long id) => bodies.GetValueOrDefault(id);

    public Helpline? Body(string key) => bodiesByKey.GetValueOrDefault(key);

    public RosterSnapshot? Roster(long serviceBodyId) => rosters.GetValueOrDefault(serviceBodyId);

    public IReadOnlyList<Contact> Contacts(long serviceBodyId) => contacts[serviceBodyId].ToList();

    public Contact? Contact(long serviceBodyId, string role) =>
        contacts[serviceBodyId].FirstOrDefault(c => c.Role == role);

    public DirectoryVolunteer? Volunteer(long id) => volunteers.GetValueOrDefault(id);

    public DirectoryVolunteer? VolunteerByPhone(string? phone) =>
        phone is not null && volunteersByPhone.TryGetValue(phone, out var v) ? v : null;

    public IReadOnlyList<BodyShift> ShiftsOf(long volunteerId) => shiftsByVolunteer[volunteerId].ToList();

    public IReadOnlyList<BodyOverride> OverridesOf(long volunteerId) => overridesByVolunteer[volunteerId].ToList();

    // From a body up to the top (at most ten steps, so a loop in bad data cannot hang a call).
    public IReadOnlyList<Helpline> Chain(long serviceBodyId)
    {
        var chain = new List<Helpline>();
        for (var body = Body(serviceBodyId); body is not null && chain.Count < 10; body = body.ParentId is { } p
            ? Body(p) : null)
            chain.Add(body);
        return chain;
    }

    // Texts go out from a helpline number: this body's, else the nearest one up the ladder (never a person's own).
    public string? HelplineNumberFor(long serviceBodyId) =>
        Chain(serviceBodyId).Select(b => numbersByBody[b.Id].FirstOrDefault()).FirstOrDefault(n => n is not null);
}
