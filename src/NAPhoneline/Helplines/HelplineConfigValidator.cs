using System.Globalization;
using System.Text.RegularExpressions;
using NAPhoneline.Shared;
using NodaTime;

using NAPhoneline.State;

namespace NAPhoneline.Helplines;

// Checks every field of a configuration file against itself and what the database already holds, and reports
// every problem at once with the item and field it belongs to. Pure: the database snapshot is passed in.
public static partial class HelplineConfigValidator
{
    public static readonly IReadOnlySet<string> Kinds =
        new HashSet<string>(StringComparer.Ordinal) { "ASC", "RSC", "ZF", "WSO" };
    public static readonly IReadOnlySet<string> Strategies =
        new HashSet<string>(StringComparer.Ordinal) { "round-robin", "random", "simultaneous" };
    public static readonly IReadOnlyList<string> Languages = Shared.Voice.Prompts.Supported;
    public static readonly string[] Days =
        ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
    public static readonly TimeSpan DefaultAcknowledgeWithin = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan DefaultCoverWithin = TimeSpan.FromHours(4);

    public static (ImportPlan? Plan, IReadOnlyList<ConfigError> Errors) Validate(
        HelplineConfig config, ExistingStructure existing)
    {
        var errors = new List<ConfigError>();
        var bodies = ValidateBodies(config.ServiceBodies ?? [], existing, errors);
        var volunteers = ValidateVolunteers(config.Volunteers ?? [], errors);
        // References resolve against every key the file declares, valid or not, so one bad field is one error.
        var bodyKeys = (config.ServiceBodies ?? []).Select(b => b.Key).OfType<string>()
            .Concat(existing.BodyParents.Keys).ToHashSet(StringComparer.Ordinal);
        var volunteerKeys = (config.Volunteers ?? []).Select(v => v.Key).OfType<string>()
            .Concat(existing.VolunteerKeys).ToHashSet(StringComparer.Ordinal);
        var shifts = ValidateShifts(config.Shifts ?? [], bodyKeys, volunteerKeys, errors);
        CheckParents(config.ServiceBodies ?? [], existing, errors);
        if (config.ServiceBodies is null && config.Volunteers is null && config.Shifts is null)
            errors.Add(new("(file)", "", "has none of serviceBodies, volunteers, shifts"));
        return errors.Count == 0 ? (new ImportPlan(bodies, volunteers, shifts), errors) : (null, errors);
    }

    static List<BodyRow> ValidateBodies(
        List<ServiceBodyConfig> items, ExistingStructure existing, List<ConfigError> errors)
    {
        var rows = new List<BodyRow>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var b = items[i];
            var item = Name("serviceBodies", i, b.Key);
            var before = errors.Count;
            void Error(string field, string message) => errors.Add(new(item, field, message));

            if (!IsKey(b.Key)) Error("key", "is required: letters, digits, '-', '_' or '.'");
            else if (!keys.Add(b.Key!)) Error("key", $"'{b.Key}' appears more than once");
            if (string.IsNullOrWhiteSpace(b.Name)) Error("name", "is required");
            if (b.Kind is null || !Kinds.Contains(b.Kind))
                Error("kind", $"'{b.Kind}' is not one of {string.Join(", ", Kinds)}");
            if (b.TimeZone is null || DateTimeZoneProviders.Tzdb.GetZoneOrNull(b.TimeZone) is null)
                Error("timeZone", $"'{b.TimeZone}' is not an IANA time zone such as America/Los_Angeles");
            var languages = b.Languages is { Count: > 0 } ? b.Languages : ["en"];
            foreach (var language in languages.Where(l => !Languages.Contains(l)))
                Error("languages", $"'{language}' is not supported; supported: {string.Join(", ", Languages)}");
            if (languages.Distinct(StringComparer.Ordinal).Count() != languages.Count)
                Error("languages", "lists a language twice");
            if (b.PostalCodeDigits is < 3 or > 10) Error("postalCodeDigits", "must be between 3 and 10");

            var helplineNumbers = new List<string>();
            for (var n = 0; n < (b.HelplineNumbers?.Count ?? 0); n++)
            {
                var number = Phone(b.HelplineNumbers![n], $"helplineNumbers[{n}]", Error);
                if (number is null) continue;
                if (numbers.TryGetValue(number, out var owner))
                    Error($"helplineNumbers[{n}]", $"{number} is already the number of {owner} in this file");
                else if (existing.NumberOwners.TryGetValue(number, out var dbOwner) && dbOwner != b.Key)
                    Error($"helplineNumbers[{n}]", $"{number} already belongs to service body '{dbOwner}'");
                else { numbers[number] = b.Key ?? item; helplineNumbers.Add(number); }
            }

            var routing = b.Routing ?? new RoutingConfig();
            var strategy = routing.Strategy ?? "round-robin";
            if (!Strategies.Contains(strategy))
                Error("routing.strategy", $"'{strategy}' is not one of {string.Join(", ", Strategies)}");
            var ring = routing.RingSeconds ?? 20;
            var maxWait = routing.MaxWaitSeconds ?? 120;
            if (ring is < 5 or > 120) Error("routing.ringSeconds", "must be between 5 and 120 seconds");
            if (maxWait is < 30 or > 900) Error("routing.maxWaitSeconds", "must be between 30 and 900 seconds");
            else if (maxWait < ring) Error("routing.maxWaitSeconds", "must not be shorter than routing.ringSeconds");
            var fallback = routing.FallbackNumber is null
                ? null
                : Phone(routing.FallbackNumber, "routing.fallbackNumber", Error);

            TimeSpan? acknowledge = null;
            if (b.Escalation?.AcknowledgeWithin is { } text)
            {
                if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span)
                    || span <= TimeSpan.Zero
                    || span > TimeSpan.FromDays(7))
                    Error("escalation.acknowledgeWithin",
                        $"'{text}' is not a duration between 00:00:01 and 7.00:00:00 (hh:mm:ss)");
                else acknowledge = span;
            }
            string? byType = null;
            if (b.Escalation?.ByType is { Count: > 0 } types)
            {
                var seconds = new SortedDictionary<string, int>(StringComparer.Ordinal);
                foreach (var (type, value) in types)
                {
                    if (!Shared.Requests.RequestTypes.All.Contains(type))
                        Error($"escalation.byType.{type}",
                            $"is not a request type ({string.Join(", ", Shared.Requests.RequestTypes.All)})");
                    else if (!TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span)
                             || span < TimeSpan.FromSeconds(1)
                             || span > TimeSpan.FromDays(7))
                        Error($"escalation.byType.{type}",
                            $"'{value}' is not a duration between 00:00:01 and 7.00:00:00 (hh:mm:ss)");
                    else seconds[type] = (int)span.TotalSeconds;
                }
                byType = System.Text.Json.JsonSerializer.Serialize(seconds);
            }

            var lead = Duration(b.Reminders?.LeadTime, "reminders.leadTime", TimeSpan.FromMinutes(10),
                TimeSpan.FromDays(7), Error);
            var coverWithin = Duration(b.Reminders?.CoverWithin, "reminders.coverWithin", TimeSpan.Zero,
                TimeSpan.FromDays(2), Error);
            if (b.Reminders is { LeadTime: null }) Error("reminders.leadTime", "is required with reminders");

            var (postalCodes, places) = ValidateCoverage(b.Coverage, existing, Error);
            var (prompts, greeting) = ValidateWords(b.Prompts, b.GreetingAudio, languages, Error);
            var contacts = ValidateContacts(b.Contacts ?? [], Error);
            if (errors.Count == before)
                rows.Add(new BodyRow(b.Key!, b.Name!.Trim(), b.Kind!, b.Parent, b.TimeZone!, [.. languages],
                    b.PostalCodeDigits, strategy, ring, maxWait,
                    fallback, acknowledge, [.. helplineNumbers], contacts, byType, lead,
                    lead is null ? null : coverWithin ?? DefaultCoverWithin, postalCodes, places,
                    routing.GenderChoice ?? false, prompts, greeting, routing.ScreenCallers ?? false));
        }
        return rows;
    }

    // Prefixes in upper case without spaces ("m5v" is M5V); places as written, each one known, or named as unknown.
    static (string[] PostalCodes, string[] Places) ValidateCoverage(CoverageConfig? coverage,
        ExistingStructure existing, Action<string, string> error)
    {
        var codes = new List<string>();
        foreach (var (code, n) in (coverage?.PostalCodes ?? []).Select((c, n) => (c, n)))
        {
            var text = new string((code ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
            if (text.Length is < 1 or > 10 || !text.All(char.IsAsciiLetterOrDigit))
                error($"coverage.postalCodes[{n}]", $"'{code}' is not a postal code or its first characters");
            else if (codes.Contains(text)) error($"coverage.postalCodes[{n}]", $"'{code}' is listed twice");
            else codes.Add(text);
        }
        var places = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, n) in (coverage?.Places ?? []).Select((p, n) => (p, n)))
        {
            var key = Meetings.Places.PlaceDirectory.Normalize(name ?? "");
            if (key.Length == 0) error($"coverage.places[{n}]", "is empty");
            else if (!Meetings.Places.PlaceDirectory.Shared.HasCity(key) && !existing.LocalPlaces.Contains(key))
                error($"coverage.places[{n}]",
                    $"'{name}' is not a place we know: not in the place data, not a local place");
            else if (seen.Add(key)) places.Add(name!.Trim());
        }
        return ([.. codes], [.. places]);
    }

    public const int MaxPromptLength = 1000;

    // Overrides of prompts that exist, in the body's languages, with no placeholder the English words lack (or the
    // words could not be said); greetings as https URLs Twilio can fetch. Both kept as JSON.
    static (string? Prompts, string? Greeting) ValidateWords(Dictionary<string, Dictionary<string, string>>? prompts,
        Dictionary<string, string>? greeting, List<string> languages, Action<string, string> error)
    {
        foreach (var (language, words) in prompts ?? [])
        {
            if (!languages.Contains(language))
            {
                error($"prompts.{language}", $"'{language}' is not one of this body's languages");
                continue;
            }
            foreach (var (name, text) in words ?? [])
            {
                var field = $"prompts.{language}.{name}";
                if (Shared.Voice.Prompts.Fixed.Contains(name)) error(field, "cannot be changed");
                else if (!Shared.Voice.Prompts.Keys.TryGetValue(name, out var allowed))
                    error(field, $"'{name}' is not a prompt name");
                else if (string.IsNullOrWhiteSpace(text) || text.Length > MaxPromptLength)
                    error(field, $"must be 1 to {MaxPromptLength} characters");
                else if (Shared.Voice.Prompts.Placeholders(text).Except(allowed).ToList() is { Count: > 0 } extra)
                    error(field, $"uses {string.Join(", ", extra.Select(n => "{" + n + "}"))}, which this prompt "
                        + $"does not have (it has {string.Join(", ", allowed.Select(n => "{" + n + "}"))})");
            }
        }
        foreach (var (language, url) in greeting ?? [])
        {
            if (!languages.Contains(language))
                error($"greetingAudio.{language}", $"'{language}' is not one of this body's languages");
            else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
                error($"greetingAudio.{language}", $"'{url}' is not an https URL");
        }
        return (prompts is { Count: > 0 } ? System.Text.Json.JsonSerializer.Serialize(prompts) : null,
            greeting is { Count: > 0 } ? System.Text.Json.JsonSerializer.Serialize(greeting) : null);
    }

    static List<ContactRow> ValidateContacts(List<ContactConfig> contacts, Action<string, string> error)
    {
        var rows = new List<ContactRow>();
        var roles = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < contacts.Count; c++)
        {
            var contact = contacts[c];
            var field = $"contacts[{c}]";
            if (contact.Role is null || !RolePattern().IsMatch(contact.Role))
            {
                error(field + ".role",
                    $"'{contact.Role}' is not a role such as helpline, hi, pi, escalation or coordinator");
                continue;
            }
            if (!roles.Add(contact.Role))
            {
                error(field + ".role", $"'{contact.Role}' appears more than once in this service body");
                continue;
            }
            if (string.IsNullOrWhiteSpace(contact.Name)) error(field + ".name", "is required");
            var phone = Phone(contact.Phone, field + ".phone", error);
            var email = Email(contact.Email, field + ".email", error);
            if (phone is not null && !string.IsNullOrWhiteSpace(contact.Name) && email.Valid)
                rows.Add(new(contact.Role, contact.Name.Trim(), phone, contact.AcceptsCalls ?? true, email.Address));
        }
        return rows;
    }

    static List<VolunteerRow> ValidateVolunteers(List<VolunteerConfig> items, List<ConfigError> errors)
    {
        var rows = new List<VolunteerRow>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var phones = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var v = items[i];
            var item = Name("volunteers", i, v.Key);
            var before = errors.Count;
            void Error(string field, string message) => errors.Add(new(item, field, message));

            if (!IsKey(v.Key)) Error("key", "is required: letters, digits, '-', '_' or '.'");
            else if (!keys.Add(v.Key!)) Error("key", $"'{v.Key}' appears more than once");
            if (string.IsNullOrWhiteSpace(v.Name)) Error("name", "is required");
            var phone = Phone(v.Phone, "phone", Error);
            // Texts (SHIFTS, ACK) find a volunteer by their number, so two volunteers cannot share one.
            if (phone is not null && !phones.TryAdd(phone, v.Key ?? item))
                Error("phone", $"{phone} is already the number of {phones[phone]}");
            var languages = v.Languages is { Count: > 0 } ? v.Languages : ["en"];
            foreach (var language in languages.Where(l => !Languages.Contains(l)))
                Error("languages", $"'{language}' is not supported; supported: {string.Join(", ", Languages)}");
            if (errors.Count == before)
                rows.Add(new VolunteerRow(v.Key!, v.Name!.Trim(), phone!,
                    [.. languages.Distinct(StringComparer.Ordinal)], v.Gender, v.TwelfthStep ?? false,
                    v.Active ?? true, v.Reminders ?? true));
        }
        return rows;
    }

    static List<ShiftRow> ValidateShifts(
        List<ShiftConfig> items, HashSet<string> bodyKeys, HashSet<string> volunteerKeys, List<ConfigError> errors)
    {
        var rows = new List<ShiftRow>();
        for (var i = 0; i < items.Count; i++)
        {
            var s = items[i];
            var item = $"shifts[{i}]";
            var before = errors.Count;
            void Error(string field, string message) => errors.Add(new(item, field, message));

            if (s.Volunteer is null || !volunteerKeys.Contains(s.Volunteer))
                Error("volunteer", $"'{s.Volunteer}' is not a volunteer in this file or the database");
            if (s.ServiceBody is null || !bodyKeys.Contains(s.ServiceBody))
                Error("serviceBody", $"'{s.ServiceBody}' is not a service body in this file or the database");
            var day = s.Day is null ? -1 : Array.IndexOf(Days, s.Day.Trim().ToLowerInvariant());
            if (day < 0) Error("day", $"'{s.Day}' is not a day of the week (monday ... sunday)");
            var start = Time(s.Start, "start", Error);
            var end = Time(s.End, "end", Error);
            var (pattern, problems) = ShiftPattern.Parse(s.Repeat, s.StartsOn, s.Week, s.From, s.Until);
            foreach (var (field, problem) in problems) Error(field, Describe(problem, s));
            // An end not after the start runs past midnight; start == end is a 24-hour shift.
            if (errors.Count == before)
                rows.Add(new ShiftRow(s.Volunteer!, s.ServiceBody!, day, start!.Value, end!.Value, pattern!,
                    s.Backup ?? false));
        }
        return rows;
    }

    // Parents must exist (in the file or the database) and the ladder must end: no body may be its own ancestor.
    static void CheckParents(List<ServiceBodyConfig> items, ExistingStructure existing, List<ConfigError> errors)
    {
        var parents = new Dictionary<string, string?>(existing.BodyParents, StringComparer.Ordinal);
        foreach (var item in items.Where(b => IsKey(b.Key))) parents[item.Key!] = item.Parent;
        for (var i = 0; i < items.Count; i++)
        {
            var b = items[i];
            if (b.Parent is null || !IsKey(b.Key)) continue;
            var item = Name("serviceBodies", i, b.Key);
            if (!parents.ContainsKey(b.Parent))
            {
                errors.Add(new(item, "parent", $"'{b.Parent}' is not a service body in this file or the database"));
                continue;
            }
            var seen = new HashSet<string>(StringComparer.Ordinal) { b.Key! };
            for (var up = b.Parent; up is not null; up = parents.GetValueOrDefault(up))
            {
                if (!seen.Add(up))
                {
                    errors.Add(new(item, "parent", $"makes a cycle: {string.Join(" -> ", seen)} -> {up}"));
                    break;
                }
            }
        }
    }

    static string? Phone(string? input, string field, Action<string, string> error)
    {
        var number = E164.Normalize(input);
        if (number is null) error(field, $"'{input}' is not a phone number in E.164 form such as +16195550100");
        return number;
    }

    static string Describe(PatternProblem problem, ShiftConfig s) => problem switch
    {
        PatternProblem.UnknownRepeat => $"'{s.Repeat}' is not weekly, biweekly or monthly",
        PatternProblem.StartsOnMissing => "is required for a biweekly shift (a date in one of its weeks)",
        PatternProblem.StartsOnOnlyBiweekly => "is only for a biweekly shift",
        PatternProblem.WeekMissing => "is required for a monthly shift (1-4, or -1 for the last)",
        PatternProblem.WeekOutOfRange => $"'{s.Week}' is not 1, 2, 3, 4 or -1 (the last)",
        PatternProblem.WeekOnlyMonthly => "is only for a monthly shift",
        PatternProblem.UntilBeforeFrom => "must not be before from",
        _ => "is not a date (YYYY-MM-DD)",
    };

    // A TimeSpan as the file writes it ("1.00:00:00", "04:00:00"), within bounds; null when absent.
    static TimeSpan? Duration(string? text, string field, TimeSpan min, TimeSpan max, Action<string, string> error)
    {
        if (text is null) return null;
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= min && span <= max)
            return span;
        error(field, $"'{text}' is not a duration between {min:c} and {max:c} (d.hh:mm:ss)");
        return null;
    }

    // An optional address as MimeKit reads it (a display name allowed); kept as written, trimmed.
    static (bool Valid, string? Address) Email(string? input, string field, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(input)) return (true, null);
        var value = input.Trim();
        if (Notifications.MailAddresses.IsMailbox(value)) return (true, value);
        error(field, $"'{value}' is not an email address such as helpline@example.org");
        return (false, null);
    }

    static TimeOnly? Time(string? input, string field, Action<string, string> error)
    {
        if (TimeOnly.TryParseExact(input, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None,
                out var time)) return time;
        error(field, $"'{input}' is not a 24-hour time such as 18:00");
        return null;
    }

    static string Name(string list, int index, string? key) => IsKey(key) ? $"{list}[{key}]" : $"{list}[{index}]";

    static bool IsKey(string? key) => key is not null && KeyPattern().IsMatch(key);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex RolePattern();
}
