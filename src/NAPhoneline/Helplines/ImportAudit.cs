using System.Globalization;
using System.Text.Json;
using Dapper;
using NAPhoneline.Console.Audit;
using NAPhoneline.Shared;
using Npgsql;

namespace NAPhoneline.Helplines;

// The audit rows of a configuration import, written in the import's transaction: one row for the import as a whole
// (no body: what it did and the keys it named), one per service body created or changed, and one per volunteer
// and body they serve (their shifts there) created or changed, with before and after read from the database on
// either side of the write. Phones of people are masked; helpline numbers are public and kept.
static class ImportAudit
{
    public const string Entity = "config";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    static readonly string[] Days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public sealed record State(IReadOnlyDictionary<string, (long Id, object Value)> Bodies,
        IReadOnlyDictionary<string, Volunteer> Volunteers);

    // A volunteer's own facts and their shifts by body; their row for a body shows the shifts there.
    public sealed record Volunteer(IReadOnlyDictionary<string, object?> Facts, long? HomeBody,
        ILookup<long, string> Shifts)
    {
        public IEnumerable<long> Bodies => Shifts.Select(g => g.Key).Concat(HomeBody is { } h ? new[] { h } : []);

        public object In(long? body) => new Dictionary<string, object?>(Facts)
        {
            ["shifts"] = body is { } b ? Shifts[b].ToArray() : Array.Empty<string>(),
        };
    }

    sealed record BodyFacts
    {
        public long Id { get; init; }
        public string Key { get; init; } = "";
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? Parent { get; init; }
        public string TimeZone { get; init; } = "";
        public string[] Languages { get; init; } = [];
        public int? PostalCodeDigits { get; init; }
        public string RoutingStrategy { get; init; } = "";
        public int RingSeconds { get; init; }
        public int MaxWaitSeconds { get; init; }
        public string? FallbackNumber { get; init; }
        public TimeSpan? AcknowledgeWithin { get; init; }
        public string? AcknowledgeWithinByType { get; init; }
    }

    sealed record VolunteerFacts
    {
        public string Key { get; init; } = "";
        public string Name { get; init; } = "";
        public string Phone { get; init; } = "";
        public string[] Languages { get; init; } = [];
        public string? Gender { get; init; }
        public bool TwelfthStep { get; init; }
        public bool Active { get; init; }
        public long? ServiceBodyId { get; init; }
    }

    public static async Task<State> ReadAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ImportPlan plan,
        CancellationToken ct)
    {
        const string sql = """
            select b.id, b.key, b.name, b.kind, p.key as parent, b.time_zone, b.languages, b.postal_code_digits,
                   b.routing_strategy, b.ring_seconds, b.max_wait_seconds, b.fallback_number, b.acknowledge_within,
                   b.acknowledge_within_by_type::text as acknowledge_within_by_type
            from service_bodies b left join service_bodies p on p.id = b.parent_id where b.key = any(@bodies);
            select b.key, n.phone from helpline_numbers n join service_bodies b on b.id = n.service_body_id
            where b.key = any(@bodies) order by n.phone;
            select b.key, c.role, c.name, c.phone, c.accepts_calls, c.email from contacts c
            join service_bodies b on b.id = c.service_body_id where b.key = any(@bodies) order by c.role;
            select key, name, phone, languages, gender, twelfth_step, active, service_body_id
            from volunteers where key = any(@volunteers);
            select v.key, s.service_body_id, s.day, to_char(s.start_time, 'HH24:MI'), to_char(s.end_time, 'HH24:MI'),
                   concat_ws(' ', nullif(s.repeat, 'weekly'), 'week of ' || s.starts_on, 'week ' || s.week,
                             'from ' || s.from_date, 'until ' || s.until_date, case when s.backup then 'backup' end)
            from shifts s
            join volunteers v on v.id = s.volunteer_id
            where v.key = any(@volunteers) order by s.day, s.start_time;
            """;
        using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { bodies = BodyKeys(plan), volunteers = VolunteerKeys(plan) }, tx, 60, cancellationToken: ct));
        var bodies = (await results.ReadAsync<BodyFacts>()).ToList();
        var numbers = (await results.ReadAsync<(string Key, string Phone)>()).ToLookup(n => n.Key, n => n.Phone);
        var contacts = (await results.ReadAsync<(string Key, string Role, string Name, string Phone, bool Accepts,
                string? Email)>())
            .ToLookup(c => c.Key);
        var volunteers = (await results.ReadAsync<VolunteerFacts>()).ToList();
        var shifts = (await results.ReadAsync<(string Key, long BodyId, short Day, string Start, string End,
                string Pattern)>())
            .ToLookup(s => s.Key);

        var bodyStates = bodies.ToDictionary(b => b.Key, b => (b.Id, (object)new
        {
            b.Name, b.Kind, b.Parent, b.TimeZone, b.Languages, b.PostalCodeDigits,
            Routing = new
            {
                Strategy = b.RoutingStrategy, b.RingSeconds, b.MaxWaitSeconds,
                FallbackNumber = b.FallbackNumber is null ? null : E164.Mask(b.FallbackNumber),
            },
            AcknowledgeWithin = b.AcknowledgeWithin?.ToString("c", CultureInfo.InvariantCulture),
            b.AcknowledgeWithinByType,
            HelplineNumbers = numbers[b.Key].ToArray(),
            // By role, so a contact added or changed is one changed line, not a shifted list.
            Contacts = contacts[b.Key].ToDictionary(c => c.Role, c => new
            {
                c.Name, Phone = E164.Mask(c.Phone), AcceptsCalls = c.Accepts,
                // Masked like the phone: the log shows that it changed, not whose mailbox it is.
                Email = c.Email is null ? null : Notifications.MailAddresses.Mask(c.Email),
            }, StringComparer.Ordinal),
        }), StringComparer.Ordinal);

        var volunteerStates = volunteers.ToDictionary(v => v.Key, v => new Volunteer(
            new Dictionary<string, object?>
            {
                ["name"] = v.Name, ["phone"] = E164.Mask(v.Phone), ["languages"] = v.Languages, ["gender"] = v.Gender,
                ["twelfthStep"] = v.TwelfthStep, ["active"] = v.Active,
            },
            v.ServiceBodyId,
            shifts[v.Key].ToLookup(s => s.BodyId, s => $"{Days[s.Day]} {s.Start}-{s.End} {s.Pattern}".TrimEnd())),
            StringComparer.Ordinal);
        return new State(bodyStates, volunteerStates);
    }

    public static async Task WriteAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string actor, ImportPlan plan,
        ImportSummary summary, State before, State after, DateTimeOffset at, CancellationToken ct)
    {
        await AuditLog.WriteAsync(conn, tx, new AuditEntry(actor, null, Entity, "import", "imported", null, new
        {
            summary.BodiesCreated, summary.BodiesUpdated, summary.VolunteersCreated, summary.VolunteersUpdated,
            summary.Contacts, summary.Shifts, ServiceBodies = BodyKeys(plan), Volunteers = VolunteerKeys(plan),
        }), at, ct);
        foreach (var (key, (id, state)) in after.Bodies)
        {
            var old = before.Bodies.TryGetValue(key, out var b) ? b.Value : null;
            if (Same(old, state)) continue;
            await AuditLog.WriteAsync(conn, tx, new AuditEntry(actor, id, "service-body", key,
                old is null ? "created" : "updated", old, state), at, ct);
        }
        foreach (var (key, now) in after.Volunteers.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            var old = before.Volunteers.GetValueOrDefault(key);
            // One row for each body they served before or serve now, so each body's coordinators see it; a
            // volunteer of no body has one row of no body.
            var bodies = now.Bodies.Concat(old?.Bodies ?? []).Distinct().Select(b => (long?)b).DefaultIfEmpty(null);
            foreach (var body in bodies)
            {
                var was = old?.In(body);
                var state = now.In(body);
                if (Same(was, state)) continue;
                await AuditLog.WriteAsync(conn, tx, new AuditEntry(actor, body, "volunteer", key,
                    old is null ? "created" : "updated", was, state), at, ct);
            }
        }
    }

    static string[] BodyKeys(ImportPlan plan) => plan.Bodies.Select(b => b.Key).ToArray();

    static string[] VolunteerKeys(ImportPlan plan) =>
        plan.Volunteers.Select(v => v.Key).Concat(plan.Shifts.Select(s => s.VolunteerKey)).Distinct().ToArray();

    static bool Same(object? a, object? b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json);
}
