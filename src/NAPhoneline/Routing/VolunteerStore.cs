using Dapper;
using Npgsql;
using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Routing;

public sealed record VolunteerSchedule(long Id, string Key, string Name, string[] Languages, string CalendarToken,
    IReadOnlyList<VolunteerShift> Shifts, IReadOnlyList<(string ServiceBodyKey, ShiftOverride Override)> Overrides);

// A volunteer's own schedule, found by their phone (SHIFTS) or by their private calendar token.
public sealed class VolunteerStore(NpgsqlDataSource db)
{
    // SHIFTS by text: from memory, like everything a webhook needs.
    public static VolunteerSchedule? FindByPhone(PhonelineDirectory directory, string? phone)
    {
        if (directory.VolunteerByPhone(phone) is not { Active: true } v) return null;
        var shifts = new List<VolunteerShift>();
        foreach (var s in directory.ShiftsOf(v.Id))
            if (directory.Body(s.ServiceBodyId) is { } b && DateTimeZoneProviders.Tzdb.GetZoneOrNull(b.TimeZone) is { } zone)
                shifts.Add(new VolunteerShift(b.Key, b.Name, zone, s.Shift));
        var overrides = new List<(string, ShiftOverride)>();
        foreach (var o in directory.OverridesOf(v.Id))
        {
            if (directory.Body(o.ServiceBodyId) is not { } b || DateTimeZoneProviders.Tzdb.GetZoneOrNull(b.TimeZone) is not { } zone) continue;
            overrides.Add((b.Key, o.Override));
            // A cover on a body where the volunteer has no weekly shift still needs that body's zone and name.
            if (shifts.All(x => x.ServiceBodyKey != b.Key))
                shifts.Add(new VolunteerShift(b.Key, b.Name, zone, new RosterShift(v.Id, IsoDayOfWeek.None, LocalTime.Midnight, LocalTime.Midnight)));
        }
        return new VolunteerSchedule(v.Id, v.Key, v.Name, v.Languages, v.CalendarToken, shifts, overrides);
    }

    public Task<VolunteerSchedule?> FindByCalendarTokenAsync(string token, CancellationToken ct) => LoadAsync("v.calendar_token = @value", token, ct);

    async Task<VolunteerSchedule?> LoadAsync(string where, string value, CancellationToken ct)
    {
        var sql = $"""
            select v.id, v.key, v.name, v.languages, v.calendar_token from volunteers v where v.active and {where} order by v.id limit 1;
            select b.key, b.name, b.time_zone as zone, s.volunteer_id, s.{ShiftColumns.Select.Replace(", ", ", s.")}
            from shifts s join service_bodies b on b.id = s.service_body_id join volunteers v on v.id = s.volunteer_id where v.active and {where};
            select b.key, b.name, b.time_zone, o.date, o.kind, o.start_time, o.end_time
            from shift_overrides o join service_bodies b on b.id = o.service_body_id join volunteers v on v.id = o.volunteer_id
            where v.active and {where} and o.date >= current_date - 1;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { value }, cancellationToken: ct));
        var volunteer = await results.ReadSingleOrDefaultAsync<VolunteerRow>();
        if (volunteer is null) return null;
        var shifts = (await results.ReadAsync<ShiftRow>())
            .Select(s => new VolunteerShift(s.Key, s.Name, DateTimeZoneProviders.Tzdb[s.Zone], s.ToShift()))
            .ToList();
        var overrides = (await results.ReadAsync<(string Key, string Name, string Zone, DateOnly Date, string Kind, TimeOnly? Start, TimeOnly? End)>())
            .Select(o => (o.Key, new ShiftOverride(volunteer.Id, LocalDate.FromDateOnly(o.Date), o.Kind == "off" ? OverrideKind.Off : OverrideKind.Cover,
                o.Start is { } s ? LocalTime.FromTimeOnly(s) : null, o.End is { } e ? LocalTime.FromTimeOnly(e) : null)))
            .ToList();
        // A cover on a body where the volunteer has no weekly shift still needs that body's zone and name.
        var bodies = (await conn.QueryAsync<(string Key, string Name, string Zone)>(new CommandDefinition(
            "select key, name, time_zone from service_bodies where key = any(@keys)", new { keys = overrides.Select(o => o.Key).Distinct().ToArray() }, cancellationToken: ct))).ToList();
        foreach (var body in bodies.Where(b => shifts.All(s => s.ServiceBodyKey != b.Key)))
            shifts.Add(new VolunteerShift(body.Key, body.Name, DateTimeZoneProviders.Tzdb[body.Zone], new RosterShift(volunteer.Id, IsoDayOfWeek.None, LocalTime.Midnight, LocalTime.Midnight)));
        return new VolunteerSchedule(volunteer.Id, volunteer.Key, volunteer.Name, volunteer.Languages, volunteer.CalendarToken, shifts, overrides);
    }

    sealed class ShiftRow : ShiftColumns
    {
        public string Key { get; init; } = "";
        public string Name { get; init; } = "";
        public string Zone { get; init; } = "";
    }

    sealed record VolunteerRow
    {
        public long Id { get; init; }
        public string Key { get; init; } = "";
        public string Name { get; init; } = "";
        public string[] Languages { get; init; } = [];
        public string CalendarToken { get; init; } = "";
    }
}
