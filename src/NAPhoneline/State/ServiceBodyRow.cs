using System.Text.Json;

namespace NAPhoneline.State;

// A service body's row as stored (Dapper maps it by name): read by the directory for every call, and by the
// settings page for the form, so a column added to service_bodies is added here once.
public sealed record ServiceBodyRow
{
    // The columns, from service_bodies aliased `b`.
    public const string Columns = """
        b.id, b.key, b.name, b.kind, b.parent_id, b.time_zone, b.languages, b.postal_code_digits,
               b.routing_strategy, b.ring_seconds, b.max_wait_seconds, b.fallback_number, b.acknowledge_within,
               b.acknowledge_within_by_type::text as by_type, b.reminder_lead, b.cover_within,
               b.coverage_postal_codes, b.coverage_places, b.gender_choice, b.prompts::text as prompts,
               b.greeting_audio::text as greeting_audio, b.screen_callers
        """;

    public long Id { get; init; }
    public string Key { get; init; } = "";
    public string Name { get; init; } = "";
    public string Kind { get; init; } = "";
    public long? ParentId { get; init; }
    public string TimeZone { get; init; } = "";
    public string[] Languages { get; init; } = ["en"];
    public int? PostalCodeDigits { get; init; }
    public string RoutingStrategy { get; init; } = "round-robin";
    public int RingSeconds { get; init; }
    public int MaxWaitSeconds { get; init; }
    public string? FallbackNumber { get; init; }
    public TimeSpan? AcknowledgeWithin { get; init; }
    public string? ByType { get; init; }
    public TimeSpan? ReminderLead { get; init; }
    public TimeSpan? CoverWithin { get; init; }
    public string[] CoveragePostalCodes { get; init; } = [];
    public string[] CoveragePlaces { get; init; } = [];
    public bool GenderChoice { get; init; }
    public string? Prompts { get; init; }
    public string? GreetingAudio { get; init; }
    public bool ScreenCallers { get; init; }

    public Helpline ToHelpline() => new()
    {
        Id = Id, Key = Key, Name = Name, Kind = Kind, ParentId = ParentId, TimeZone = TimeZone,
        Languages = Languages.Length == 0 ? ["en"] : Languages, PostalCodeDigits = PostalCodeDigits,
        RoutingStrategy = RoutingStrategies.Parse(RoutingStrategy), RingSeconds = RingSeconds,
        MaxWaitSeconds = MaxWaitSeconds, FallbackNumber = FallbackNumber, AcknowledgeWithin = AcknowledgeWithin,
        ReminderLead = ReminderLead, CoverWithin = CoverWithin, CoveragePostalCodes = CoveragePostalCodes,
        CoveragePlaces = CoveragePlaces, GenderChoice = GenderChoice, ScreenCallers = ScreenCallers,
        PromptOverrides = Prompts is null ? null : JsonSerializer.Deserialize<Dictionary<string,
            Dictionary<string, string>>>(Prompts)!.ToDictionary(l => l.Key,
            l => (IReadOnlyDictionary<string, string>)l.Value),
        GreetingAudio = GreetingAudio is null ? null
            : JsonSerializer.Deserialize<Dictionary<string, string>>(GreetingAudio),
        AcknowledgeWithinByType = ByType is null ? null : JsonSerializer.Deserialize<Dictionary<string,
            int>>(ByType)!
            .ToDictionary(t => t.Key, t => TimeSpan.FromSeconds(t.Value)),
    };
}
