using NAPhoneline.State;

namespace NAPhoneline.Helplines;

// The helpline configuration file as operators write it (CONTRACT.md section 5). Everything is optional here so
// that the validator, not the JSON reader, explains what is missing.
public sealed record HelplineConfig
{
    public List<ServiceBodyConfig>? ServiceBodies { get; init; }
    public List<VolunteerConfig>? Volunteers { get; init; }
    public List<ShiftConfig>? Shifts { get; init; }
}

public sealed record ServiceBodyConfig
{
    public string? Key { get; init; }
    public string? Name { get; init; }
    public string? Kind { get; init; }
    public string? Parent { get; init; }
    public string? TimeZone { get; init; }
    public List<string>? Languages { get; init; }
    public List<string>? HelplineNumbers { get; init; }
    public int? PostalCodeDigits { get; init; }
    public RoutingConfig? Routing { get; init; }
    public EscalationConfig? Escalation { get; init; }
    public RemindersConfig? Reminders { get; init; }
    public CoverageConfig? Coverage { get; init; }
    // CONTRACT 14: the body's own words for any prompt, per language, and a recorded greeting per language.
    public Dictionary<string, Dictionary<string, string>>? Prompts { get; init; }
    public Dictionary<string, string>? GreetingAudio { get; init; }
    public List<ContactConfig>? Contacts { get; init; }
}

// CONTRACT 14: where a body's callers are, for a regional number above it: postal-code prefixes ("921" holds
// 92101) and place names of the offline place data or the local places.
public sealed record CoverageConfig
{
    public List<string>? PostalCodes { get; init; }
    public List<string>? Places { get; init; }
}

// CONTRACT 13: texts to volunteers leadTime before each shift; coverWithin: an open cover request this close to its
// shift goes to the coordinators (default 4 hours).
public sealed record RemindersConfig
{
    public string? LeadTime { get; init; }
    public string? CoverWithin { get; init; }
}

public sealed record RoutingConfig
{
    public string? Strategy { get; init; }
    public int? RingSeconds { get; init; }
    public int? MaxWaitSeconds { get; init; }
    public string? FallbackNumber { get; init; }
    // CONTRACT 14: the caller may ask for a man or a woman before the volunteers ring.
    public bool? GenderChoice { get; init; }
    // CONTRACT 15: before any volunteer rings, the caller presses a digit they are told (robocalls do not).
    public bool? ScreenCallers { get; init; }
}

public sealed record EscalationConfig
{
    public string? AcknowledgeWithin { get; init; }
    // Optional deadlines per request type (e.g. a Twelfth Step call sooner than a professional's callback).
    public Dictionary<string, string>? ByType { get; init; }
}

public sealed record ContactConfig
{
    public string? Role { get; init; }
    public string? Name { get; init; }
    public string? Phone { get; init; }
    public bool? AcceptsCalls { get; init; }
    // Optional: voicemails (and later the digest) also reach this address, "Name <address>" or a bare address.
    public string? Email { get; init; }
}

public sealed record VolunteerConfig
{
    public string? Key { get; init; }
    public string? Name { get; init; }
    public string? Phone { get; init; }
    public List<string>? Languages { get; init; }
    public string? Gender { get; init; }
    public bool? TwelfthStep { get; init; }
    // Extension: false retires a volunteer (no more calls) while keeping their history.
    public bool? Active { get; init; }
    // CONTRACT 13: false, no shift reminders.
    public bool? Reminders { get; init; }
}

public sealed record ShiftConfig
{
    public string? Volunteer { get; init; }
    public string? ServiceBody { get; init; }
    public string? Day { get; init; }
    public string? Start { get; init; }
    public string? End { get; init; }
    // CONTRACT 13: weekly (default), biweekly (with startsOn) or monthly (with week: 1-4, -1 the last).
    public string? Repeat { get; init; }
    public string? StartsOn { get; init; }
    public int? Week { get; init; }
    public string? From { get; init; }
    public string? Until { get; init; }
    public bool? Backup { get; init; }
}

public sealed record ConfigError(string Item, string Field, string Message)
{
    public string Where => Field.Length == 0 ? Item : $"{Item}.{Field}";
}

// What the validator hands the store: normalised, checked, ready to write.
public sealed record ImportPlan(
    IReadOnlyList<BodyRow> Bodies, IReadOnlyList<VolunteerRow> Volunteers, IReadOnlyList<ShiftRow> Shifts);

public sealed record BodyRow(
    string Key, string Name, string Kind, string? ParentKey, string TimeZone, string[] Languages, int? PostalCodeDigits,
    string Strategy, int RingSeconds, int MaxWaitSeconds, string? FallbackNumber, TimeSpan? AcknowledgeWithin,
    string[] HelplineNumbers, IReadOnlyList<ContactRow> Contacts, string? AcknowledgeWithinByType = null,
    TimeSpan? ReminderLead = null, TimeSpan? CoverWithin = null, string[]? CoveragePostalCodes = null,
    string[]? CoveragePlaces = null, bool GenderChoice = false, string? Prompts = null, string? GreetingAudio = null,
    bool ScreenCallers = false);

public sealed record ContactRow(string Role, string Name, string Phone, bool AcceptsCalls, string? Email = null);

public sealed record VolunteerRow(string Key, string Name, string Phone, string[] Languages, string? Gender,
    bool TwelfthStep, bool Active, bool Reminders = true);

public sealed record ShiftRow(string VolunteerKey, string BodyKey, int Day, TimeOnly Start, TimeOnly End,
    ShiftPattern Pattern, bool Backup)
{
    public string Repeat => ShiftColumns.Word(Pattern.Repeat);
    public DateOnly? StartsOn => Pattern.StartsOn?.ToDateOnly();
    public short? Week => (short?)Pattern.Week;
    public DateOnly? FromDate => Pattern.From?.ToDateOnly();
    public DateOnly? UntilDate => Pattern.Until?.ToDateOnly();
}

// What the database already holds that a file may refer to or collide with.
public sealed record ExistingStructure(
    IReadOnlyDictionary<string, string?> BodyParents, IReadOnlySet<string> VolunteerKeys,
    IReadOnlyDictionary<string, string> NumberOwners)
{
    // The local place names (normalised) a coverage may name beside the offline place data.
    public IReadOnlySet<string> LocalPlaces { get; init; } = new HashSet<string>();

    public static ExistingStructure Empty { get; } =
        new(new Dictionary<string, string?>(), new HashSet<string>(), new Dictionary<string, string>());
}
