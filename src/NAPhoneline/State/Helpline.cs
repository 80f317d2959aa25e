namespace NAPhoneline.State;

public enum RoutingStrategy { RoundRobin, Random, Simultaneous }

public static class RoutingStrategies
{
    public static RoutingStrategy Parse(string? text) => text switch
    {
        "random" => RoutingStrategy.Random,
        "simultaneous" => RoutingStrategy.Simultaneous,
        _ => RoutingStrategy.RoundRobin,
    };

    public static string Name(RoutingStrategy strategy) => strategy switch
    {
        RoutingStrategy.Random => "random",
        RoutingStrategy.Simultaneous => "simultaneous",
        _ => "round-robin",
    };
}

// A service body as calls and requests see it (every body, whether or not it has a helpline number).
public sealed record Helpline
{
    public long Id { get; init; }
    public string Key { get; init; } = "";
    public string Name { get; init; } = "";
    public string Kind { get; init; } = "";
    public long? ParentId { get; init; }
    public string TimeZone { get; init; } = "";
    public string[] Languages { get; init; } = ["en"];
    public int? PostalCodeDigits { get; init; }
    public RoutingStrategy RoutingStrategy { get; init; } = RoutingStrategy.RoundRobin;
    public int RingSeconds { get; init; } = 20;
    public int MaxWaitSeconds { get; init; } = 120;
    public string? FallbackNumber { get; init; }
    public TimeSpan? AcknowledgeWithin { get; init; }
    public IReadOnlyDictionary<string, TimeSpan>? AcknowledgeWithinByType { get; init; }
    // CONTRACT 13: shift reminders this long before each shift (null: none); open cover requests this close to
    // their shift go to the coordinators.
    public TimeSpan? ReminderLead { get; init; }
    public TimeSpan? CoverWithin { get; init; }
    // CONTRACT 14: postal-code prefixes (upper case, no spaces) and place names (as written) this body answers for.
    public string[] CoveragePostalCodes { get; init; } = [];
    public string[] CoveragePlaces
    {
        get;
        init
        {
            field = value;
            // Normalised once, so a call compares, never normalises, a region's few thousand names.
            CoveragePlaceKeys = value.Select(Shared.PlaceNames.Normalize).ToArray();
        }
    } = [];
    public string[] CoveragePlaceKeys { get; private init; } = [];
    public bool GenderChoice { get; init; }
    public bool ScreenCallers { get; init; }

    // CONTRACT 14: the body's own words per language and prompt name, and recorded greetings per language.
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? PromptOverrides { get; init; }
    public IReadOnlyDictionary<string, string>? GreetingAudio { get; init; }

    public bool HasCoverage => CoveragePostalCodes.Length > 0 || CoveragePlaces.Length > 0;
}

public sealed record Contact(long ServiceBodyId, string Role, string Name, string Phone, bool AcceptsCalls,
    string? Email = null);
