using System.Globalization;
using System.Text.RegularExpressions;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Requests;
using NAPhoneline.State;

namespace NAPhoneline.Helplines;

public sealed class ContactForm
{
    public string? Role { get; set; }
    // A role outside the usual ones ("treasurer"), written instead of chosen.
    public string? OtherRole { get; set; }
    public string? Name { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public bool AcceptsCalls { get; set; }
    public bool Remove { get; set; }

    public string? EffectiveRole =>
        string.IsNullOrWhiteSpace(OtherRole) ? Role?.Trim() : OtherRole.Trim().ToLowerInvariant();

    public bool IsBlank => string.IsNullOrWhiteSpace(EffectiveRole) && string.IsNullOrWhiteSpace(Name)
        && string.IsNullOrWhiteSpace(Phone) && string.IsNullOrWhiteSpace(Email);
}

// The settings form of one body as typed: numbers stay text until they are read, deadlines are in minutes. The
// rest of the body (name, kind, parent, zone, helpline numbers) is not on the form and is kept as it is.
public sealed partial class SettingsForm
{
    public const string Coordinator = "coordinator";
    public static readonly IReadOnlyList<string> Roles = ["helpline", "hi", "pi", "escalation", Coordinator];
    const int MaxMinutes = 7 * 24 * 60;

    public string? Strategy { get; set; }
    public string? RingSeconds { get; set; }
    public string? MaxWaitSeconds { get; set; }
    public string? FallbackNumber { get; set; }
    public List<string> Languages { get; set; } = [];
    public string? AcknowledgeWithin { get; set; }
    public Dictionary<string, string?> ByType { get; set; } = [];
    // CONTRACT 13: off means no reminders at all; the two minute fields are then not read.
    public bool Reminders { get; set; }
    public string? LeadTime { get; set; }
    public string? CoverWithin { get; set; }
    public List<ContactForm> Contacts { get; set; } = [];
    public bool GenderChoice { get; set; }
    public bool ScreenCallers { get; set; }
    // CONTRACT 14: prefixes separated by commas or spaces; places one per line (or by commas).
    public string? CoveragePostalCodes { get; set; }
    public string? CoveragePlaces { get; set; }

    public static SettingsForm From(Helpline body, IEnumerable<Contact> contacts) => new()
    {
        Strategy = RoutingStrategies.Name(body.RoutingStrategy),
        RingSeconds = body.RingSeconds.ToString(CultureInfo.InvariantCulture),
        MaxWaitSeconds = body.MaxWaitSeconds.ToString(CultureInfo.InvariantCulture),
        FallbackNumber = body.FallbackNumber,
        Languages = [.. body.Languages],
        AcknowledgeWithin = Minutes(body.AcknowledgeWithin),
        ByType = RequestTypes.All.ToDictionary(t => t,
            t => body.AcknowledgeWithinByType?.TryGetValue(t, out var span) == true ? Minutes(span) : null),
        Reminders = body.ReminderLead is not null,
        LeadTime = Minutes(body.ReminderLead),
        CoverWithin = body.ReminderLead is null ? null : Minutes(body.CoverWithin),
        GenderChoice = body.GenderChoice,
        ScreenCallers = body.ScreenCallers,
        CoveragePostalCodes = string.Join(", ", body.CoveragePostalCodes),
        CoveragePlaces = string.Join("\n", body.CoveragePlaces),
        Contacts = contacts.Select(c => new ContactForm
            { Role = c.Role, Name = c.Name, Phone = c.Phone, Email = c.Email, AcceptsCalls = c.AcceptsCalls })
            .ToList(),
    };

    public static string? Minutes(TimeSpan? span) => span is not { } s ? null
        : s.TotalMinutes.ToString(s.TotalMinutes % 1 == 0 ? "0" : "0.##", CultureInfo.InvariantCulture);

    // The body as it is now with this form's changes, for the import validator; `errors` gets what the form
    // itself can tell (a number that is not one, a phone of another country); `rows` maps each contact of the
    // result to its row on the form.
    public ServiceBodyConfig ApplyTo(ServiceBodyConfig current, string region, List<FormError> errors,
        List<int> rows)
    {
        var byType = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in RequestTypes.All)
            if (Duration(ByType.GetValueOrDefault(type), "byType-" + type, errors) is { } d) byType[type] = d;
        if (Languages.Count == 0) errors.Add(new FormError("languages", "LanguagesNone"));

        var contacts = new List<ContactConfig>();
        for (var i = 0; i < Contacts.Count; i++)
        {
            var c = Contacts[i];
            if (c.Remove || c.IsBlank) continue;
            var phone = Phone(c.Phone, region, $"contact-{i}-phone", errors);
            contacts.Add(new ContactConfig
            {
                Role = c.EffectiveRole, Name = c.Name?.Trim(), Phone = phone, AcceptsCalls = c.AcceptsCalls,
                // Blank is no address; the validator reads the rest (a display name is allowed, as in the file).
                Email = string.IsNullOrWhiteSpace(c.Email) ? null : c.Email.Trim(),
            });
            rows.Add(i);
        }
        return current with
        {
            // In the order they had: the first is the greeting's.
            Languages = VolunteerForm.InOrder(Languages, current.Languages),
            Routing = new RoutingConfig
            {
                Strategy = Strategy,
                RingSeconds = Whole(RingSeconds, "ringSeconds", "RingSecondsInvalid", errors),
                MaxWaitSeconds = Whole(MaxWaitSeconds, "maxWaitSeconds", "MaxWaitInvalid", errors),
                FallbackNumber = string.IsNullOrWhiteSpace(FallbackNumber) ? null
                    : Phone(FallbackNumber, region, "fallbackNumber", errors),
                GenderChoice = GenderChoice,
                ScreenCallers = ScreenCallers,
            },
            Coverage = new CoverageConfig
            {
                PostalCodes = Split(CoveragePostalCodes, [',', ';', ' ', '\n', '\r', '\t']),
                Places = Split(CoveragePlaces, [',', ';', '\n', '\r']),
            },
            Escalation = new EscalationConfig
            {
                AcknowledgeWithin = Duration(AcknowledgeWithin, "acknowledgeWithin", errors),
                ByType = byType.Count == 0 ? null : byType,
            },
            Reminders = RemindersOf(errors),
            Contacts = contacts,
        };
    }

    // Ticked with no lead time is refused (by the validator, "required") rather than read as "no reminders":
    // whoever ticked the box meant to send them. An empty cover deadline is the default, 4 hours.
    RemindersConfig? RemindersOf(List<FormError> errors) => !Reminders ? null : new RemindersConfig
    {
        LeadTime = Duration(LeadTime, "leadTime", errors, "LeadTimeInvalid"),
        CoverWithin = Duration(CoverWithin, "coverWithin", errors, "CoverWithinInvalid"),
    };

    // Removing one's own coordinator role would lock the person out of this page: refused, unless they coordinate
    // this body from a body above it as well.
    public static bool RemovesOwnCoordinatorRole(string phone, IEnumerable<ContactConfig> before,
        IEnumerable<ContactConfig> after) =>
        before.Any(c => c.Role == Coordinator && c.Phone == phone)
        && !after.Any(c => c.Role == Coordinator && c.Phone == phone);

    public FormError FieldOf(ConfigError error, IReadOnlyList<int> rows)
    {
        if (error.Field.StartsWith("escalation.byType.", StringComparison.Ordinal))
            return new FormError("byType-" + error.Field["escalation.byType.".Length..], "MinutesInvalid");
        if (ContactField().Match(error.Field) is { Success: true } m
            && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) is var index && index < rows.Count)
        {
            var row = rows[index];
            var field = m.Groups[2].Value;
            var id = field == "role" && !string.IsNullOrWhiteSpace(Contacts[row].OtherRole) ? "other" : field;
            return new FormError($"contact-{row}-{id}", field switch
            {
                "role" when error.Message.Contains("more than once", StringComparison.Ordinal) => "RoleTwice",
                "role" => "RoleInvalid",
                "name" => "NameRequired",
                "email" => "EmailInvalid",
                _ => "PhoneInvalid",
            });
        }
        return error.Field switch
        {
            "routing.strategy" => new FormError("strategy", "StrategyInvalid"),
            "routing.ringSeconds" => new FormError("ringSeconds", "RingSecondsInvalid"),
            "routing.maxWaitSeconds" => new FormError("maxWaitSeconds", "MaxWaitInvalid"),
            "routing.fallbackNumber" => new FormError("fallbackNumber", "PhoneInvalid"),
            "languages" => new FormError("languages", "LanguagesInvalid"),
            "escalation.acknowledgeWithin" => new FormError("acknowledgeWithin", "MinutesInvalid"),
            var f when f.StartsWith("coverage.postalCodes", StringComparison.Ordinal) =>
                new FormError("coveragePostalCodes", "CoveragePostalCodeInvalid", Quoted(error.Message)),
            var f when f.StartsWith("coverage.places", StringComparison.Ordinal) =>
                new FormError("coveragePlaces", "CoveragePlaceUnknown", Quoted(error.Message)),
            "reminders.leadTime" => new FormError("leadTime", "LeadTimeInvalid"),
            "reminders.coverWithin" => new FormError("coverWithin", "CoverWithinInvalid"),
            _ => new FormError("", null, error.Where + " " + error.Message),
        };
    }

    static List<string> Split(string? text, char[] separators) =>
        (text ?? "").Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();

    static int? Whole(string? text, string field, string words, List<FormError> errors)
    {
        if (int.TryParse(text?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            return value;
        errors.Add(new FormError(field, words));
        return null;
    }

    // Minutes as typed ("25", "1.5" or "1,5") as the validator's TimeSpan; empty is the default deadline. The
    // validator checks each field's own bounds; the ceiling here only keeps the number a TimeSpan.
    static string? Duration(string? minutes, string field, List<FormError> errors, string words = "MinutesInvalid")
    {
        var text = minutes?.Trim().Replace(',', '.');
        if (string.IsNullOrEmpty(text)) return null;
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value > MaxMinutes)
        {
            errors.Add(new FormError(field, words));
            return null;
        }
        // Zero goes on to the validator, which refuses it like the import would.
        return TimeSpan.FromSeconds((double)Math.Round(value * 60)).ToString("c", CultureInfo.InvariantCulture);
    }

    static string? Phone(string? input, string region, string field, List<FormError> errors)
    {
        if (string.IsNullOrWhiteSpace(input)) return input;
        var number = E164.Normalize(input, region);
        if (number is null) errors.Add(new FormError(field, "PhoneInvalid"));
        return number ?? input.Trim();
    }

    // The entry a validator message names ("'Foo' is not a place we know"), for the page's own words.
    static string Quoted(string message) =>
        message.IndexOf('\'') is var a and >= 0 && message.IndexOf('\'', a + 1) is var b and > 0
            ? message[(a + 1)..b] : message;

    [GeneratedRegex(@"^contacts\[(\d+)\]\.(role|name|phone|email)$")]
    private static partial Regex ContactField();
}
