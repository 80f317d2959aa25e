using System.Globalization;
using System.Text.Json;
using Dapper;
using NAPhoneline.Console.Audit;
using NAPhoneline.Shared;
using NAPhoneline.State;
using Npgsql;

namespace NAPhoneline.Helplines;

public sealed record SettingsResult(bool Saved, IReadOnlyList<ConfigError> Errors);

// The settings page writes through the import (HelplineStore.ImportAsync) with one body: the body's columns, its
// helpline numbers and contacts are replaced, nothing else. The body is read again under the import's lock, so
// what the form does not show (name, parent, numbers) is written back as it is at that moment.
public sealed class SettingsStore(HelplineStore store, TimeProvider time)
{
    // `edit` turns the body as it is now into the body as the form wants it, and says whether the form itself
    // refused already (then the validator's word on the rest is still given, and nothing is written).
    public async Task<SettingsResult> SaveAsync(long bodyId, string key, string actor,
        Func<ServiceBodyConfig, (ServiceBodyConfig Body, bool Refused)> edit, CancellationToken ct)
    {
        ServiceBodyConfig? before = null, after = null;
        var refused = false;
        var (summary, errors) = await store.ImportAsync(async (conn, tx, existing) =>
        {
            before = await CurrentAsync(conn, tx, key, ct);
            if (before is null) return (null, [new ConfigError("serviceBodies[" + key + "]", "", "is gone")]);
            (after, refused) = edit(before);
            var (plan, problems) = HelplineConfigValidator.Validate(
                new HelplineConfig { ServiceBodies = [after] }, existing);
            // Saving the form unchanged writes nothing, and leaves the audit log to real changes.
            return refused || Same(before, after) ? (null, problems) : (plan, problems);
        }, (conn, tx) => AuditLog.WriteAsync(conn, tx, new AuditEntry(actor, bodyId, "settings", key, "changed",
            Snapshot(before!), Snapshot(after!)), time.GetUtcNow(), ct), ct);
        return new SettingsResult(summary is not null || !refused && errors.Count == 0, errors);
    }

    static bool Same(ServiceBodyConfig a, ServiceBodyConfig b) =>
        JsonSerializer.Serialize(new { a.Languages, a.Routing, a.Escalation, Reminders = Reminders(a), a.Contacts,
            Codes = a.Coverage?.PostalCodes ?? [], Places = a.Coverage?.Places ?? [] })
        == JsonSerializer.Serialize(new { b.Languages, b.Routing, b.Escalation, Reminders = Reminders(b), b.Contacts,
            Codes = b.Coverage?.PostalCodes ?? [], Places = b.Coverage?.Places ?? [] });

    // The database keeps the default cover deadline written out; an empty field means that same default.
    static object? Reminders(ServiceBodyConfig b) => b.Reminders is not { LeadTime: { } lead } r ? null : new
    {
        leadTime = lead,
        coverWithin = r.CoverWithin ?? Span(HelplineConfigValidator.DefaultCoverWithin),
    };

    // What the audit log keeps of a body's settings: phones and email addresses masked, like everywhere in the log.
    public static object Snapshot(ServiceBodyConfig b) => new
    {
        strategy = b.Routing?.Strategy ?? "round-robin",
        ringSeconds = b.Routing?.RingSeconds ?? 20,
        maxWaitSeconds = b.Routing?.MaxWaitSeconds ?? 120,
        fallbackNumber = b.Routing?.FallbackNumber is { } f ? E164.Mask(f) : null,
        languages = b.Languages,
        acknowledgeWithin = b.Escalation?.AcknowledgeWithin,
        byType = b.Escalation?.ByType,
        reminders = Reminders(b),
        genderChoice = b.Routing?.GenderChoice ?? false,
        coverage = new { postalCodes = b.Coverage?.PostalCodes ?? [], places = b.Coverage?.Places ?? [] },
        contacts = (b.Contacts ?? []).Select(c => new
        {
            role = c.Role, name = c.Name, phone = E164.Mask(c.Phone), acceptsCalls = c.AcceptsCalls ?? true,
            email = c.Email is null ? null : Notifications.MailAddresses.Mask(c.Email),
        }),
    };

    static async Task<ServiceBodyConfig?> CurrentAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string key,
        CancellationToken ct)
    {
        const string sql = $$"""
            select {{ServiceBodyRow.Columns}} from service_bodies b where b.key = @key;
            select p.key from service_bodies b join service_bodies p on p.id = b.parent_id where b.key = @key;
            select n.phone from helpline_numbers n join service_bodies b on b.id = n.service_body_id
            where b.key = @key order by n.phone;
            select c.role, c.name, c.phone, c.accepts_calls, c.email from contacts c
            join service_bodies b on b.id = c.service_body_id where b.key = @key order by c.id;
            """;
        using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { key }, tx,
            cancellationToken: ct));
        var body = await results.ReadSingleOrDefaultAsync<ServiceBodyRow>();
        if (body is null) return null;
        var parent = await results.ReadSingleOrDefaultAsync<string>();
        var numbers = (await results.ReadAsync<string>()).ToList();
        var contacts = (await results.ReadAsync<(string Role, string Name, string Phone, bool AcceptsCalls,
                string? Email)>())
            .Select(c => new ContactConfig
                { Role = c.Role, Name = c.Name, Phone = c.Phone, AcceptsCalls = c.AcceptsCalls, Email = c.Email })
            .ToList();
        var byType = body.ByType is null ? null : JsonSerializer.Deserialize<Dictionary<string, int>>(body.ByType)!
            .ToDictionary(t => t.Key, t => Span(TimeSpan.FromSeconds(t.Value)));
        return new ServiceBodyConfig
        {
            Key = body.Key, Name = body.Name, Kind = body.Kind, Parent = parent, TimeZone = body.TimeZone,
            Languages = [.. body.Languages], HelplineNumbers = numbers, PostalCodeDigits = body.PostalCodeDigits,
            Routing = new RoutingConfig
            {
                Strategy = body.RoutingStrategy, RingSeconds = body.RingSeconds,
                MaxWaitSeconds = body.MaxWaitSeconds, FallbackNumber = body.FallbackNumber,
                GenderChoice = body.GenderChoice, ScreenCallers = body.ScreenCallers,
            },
            Escalation = new EscalationConfig
            {
                AcknowledgeWithin = body.AcknowledgeWithin is { } a ? Span(a) : null,
                ByType = byType is { Count: > 0 } ? byType : null,
            },
            Reminders = body.ReminderLead is { } lead
                ? new RemindersConfig
                {
                    LeadTime = Span(lead), CoverWithin = body.CoverWithin is { } c ? Span(c) : null,
                }
                : null,
            Coverage = new CoverageConfig
            {
                PostalCodes = [.. body.CoveragePostalCodes], Places = [.. body.CoveragePlaces],
            },
            // Not on the settings form (set by import): kept as they are.
            Prompts = body.Prompts is null ? null
                : JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(body.Prompts),
            GreetingAudio = body.GreetingAudio is null ? null
                : JsonSerializer.Deserialize<Dictionary<string, string>>(body.GreetingAudio),
            Contacts = contacts,
        };
    }

    static string Span(TimeSpan span) => span.ToString("c", CultureInfo.InvariantCulture);
}
