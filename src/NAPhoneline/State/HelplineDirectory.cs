using System.Text.Json;
using Dapper;
using Npgsql;
using NodaTime;

namespace NAPhoneline.State;

// Holds this instance's PhonelineDirectory. Reloaded whole by StateRefresher (on NOTIFY, every few minutes, and
// when the database returns); a failed reload keeps the last good snapshot, so calls go on as before.
public sealed class HelplineDirectory(NpgsqlDataSource db, TimeProvider time) : IReloadable
{
    volatile PhonelineDirectory current = PhonelineDirectory.Empty;

    public PhonelineDirectory Current => current;

    public StateTopic Topic => StateTopic.Structure;

    public async Task ReloadAsync(CancellationToken ct)
    {
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        // Overrides of the last few days onwards: the roster looks at yesterday and today in each body's zone.
        var since = now.InUtc().Date.PlusDays(-3).ToDateOnly();
        const string sql = $$"""
            select {{ServiceBodyRow.Columns}} from service_bodies b;
            select phone, service_body_id from helpline_numbers;
            select service_body_id, role, name, phone, accepts_calls, email from contacts order by id;
            select id, key, name, phone, languages, gender, twelfth_step, active, calendar_token, service_body_id,
                   reminders
            from volunteers;
            select volunteer_id, service_body_id, {{ShiftColumns.Select}} from shifts order by id;
            select volunteer_id, service_body_id, date, kind, start_time, end_time
            from shift_overrides where date >= @since order by id;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { since },
            cancellationToken: ct,
            commandTimeout: 60));
        var bodies = (await results.ReadAsync<ServiceBodyRow>()).Select(b => b.ToHelpline()).ToList();
        var numbers = (await results.ReadAsync<(string Phone, long BodyId)>()).ToList();
        var contacts = (await results.ReadAsync<(long BodyId, string Role, string Name, string Phone,
            bool AcceptsCalls, string? Email)>())
            .Select(c => new Contact(c.BodyId, c.Role, c.Name, c.Phone, c.AcceptsCalls, c.Email)).ToList();
        var volunteers = (await results.ReadAsync<VolunteerRow>())
            .Select(v => new DirectoryVolunteer(v.Id, v.Key, v.Name, v.Phone, v.Languages, v.Gender, v.TwelfthStep,
                v.Active, v.CalendarToken, v.ServiceBodyId, v.Reminders)).ToList();
        var shifts = (await results.ReadAsync<BodyShiftRow>()).Select(s => new BodyShift(s.ServiceBodyId,
            s.ToShift())).ToList();
        var overrides = (await results.ReadAsync<(long VolunteerId, long BodyId, DateOnly Date, string Kind,
            TimeOnly? Start,
                TimeOnly? End)>())
            .Select(o => new BodyOverride(o.BodyId, new ShiftOverride(o.VolunteerId, LocalDate.FromDateOnly(o.Date),
                o.Kind == "off" ? OverrideKind.Off : OverrideKind.Cover,
                o.Start is { } s ? LocalTime.FromTimeOnly(s) : null,
                    o.End is { } e ? LocalTime.FromTimeOnly(e) : null)))
            .ToList();
        current = new PhonelineDirectory(bodies, numbers, contacts, volunteers, shifts, overrides, now);
    }

    sealed class BodyShiftRow : ShiftColumns
    {
        public long ServiceBodyId { get; init; }
    }

    sealed record VolunteerRow
    {
        public long Id { get; init; }
        public string Key { get; init; } = "";
        public string Name { get; init; } = "";
        public string Phone { get; init; } = "";
        public string[] Languages { get; init; } = [];
        public string? Gender { get; init; }
        public bool TwelfthStep { get; init; }
        public bool Active { get; init; }
        public string CalendarToken { get; init; } = "";
        public long? ServiceBodyId { get; init; }
        public bool Reminders { get; init; } = true;
    }
}
