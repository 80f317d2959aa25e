using Dapper;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Routing;

public sealed record RosterVolunteer(long Id, string Key, string Name, string Phone, string[] Languages, bool TwelfthStep);

public sealed record RosterSnapshot(
    DateTimeZone Zone, IReadOnlyList<WeeklyShift> Shifts, IReadOnlyList<ShiftOverride> Overrides,
    IReadOnlyDictionary<long, RosterVolunteer> Volunteers, IReadOnlySet<long> Busy)
{
    public IReadOnlyList<OnDuty> OnDutyAt(Instant now) =>
        Roster.At(now, Zone, Shifts, Overrides).Where(d => Volunteers.ContainsKey(d.VolunteerId)).ToList();

    public IReadOnlyList<Candidate> CandidatesAt(Instant now) =>
        OnDutyAt(now).Select(d => new Candidate(d.VolunteerId, Volunteers[d.VolunteerId].Languages, Busy.Contains(d.VolunteerId))).ToList();
}

// Reads what the roster decision needs for one service body: its zone, the shifts that can cover now (those of
// yesterday and today), the overrides of those dates, the active volunteers and who is on a helpline call.
// The roster itself is cached for a few seconds (and dropped when an import or override changes it), because every
// call asks for it; who is busy is always read fresh.
public sealed class RosterStore(NpgsqlDataSource db)
{
    // A leg left open by a lost callback must not mark a volunteer busy forever.
    public static readonly TimeSpan LegStaleAfter = TimeSpan.FromHours(4);
    static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(15);
    readonly System.Collections.Concurrent.ConcurrentDictionary<(long, LocalDate), (Instant Loaded, RosterSnapshot Roster)> cache = new();

    public void Invalidate() => cache.Clear();

    public async Task<RosterSnapshot?> LoadAsync(long serviceBodyId, Instant now, CancellationToken ct)
    {
        var roster = await RosterAsync(serviceBodyId, now, ct);
        if (roster is null) return null;
        await using var conn = await db.OpenConnectionAsync(ct);
        return roster with { Busy = await BusyAsync(conn, now, ct) };
    }

    public async Task<RosterSnapshot?> RosterAsync(long serviceBodyId, Instant now, CancellationToken ct)
    {
        foreach (var ((body, date), entry) in cache)
            if (body == serviceBodyId && now - entry.Loaded < Duration.FromTimeSpan(CacheFor) && now.InZone(entry.Roster.Zone).Date == date)
                return entry.Roster;
        await using var conn = await db.OpenConnectionAsync(ct);
        var roster = await LoadRosterAsync(conn, serviceBodyId, now, ct);
        if (roster is null) return null;
        foreach (var key in cache.Keys.Where(k => k.Item1 == serviceBodyId)) cache.TryRemove(key, out _);
        cache[(serviceBodyId, now.InZone(roster.Zone).Date)] = (now, roster);
        return roster;
    }

    static async Task<IReadOnlySet<long>> BusyAsync(NpgsqlConnection conn, Instant now, CancellationToken ct)
    {
        const string sql = """
            select distinct volunteer_id from call_legs
            where ended_at is null and volunteer_id is not null and started_at > @staleBefore
            """;
        return (await conn.QueryAsync<long>(new CommandDefinition(sql, new { staleBefore = now.ToDateTimeUtc() - LegStaleAfter }, cancellationToken: ct))).ToHashSet();
    }

    static async Task<RosterSnapshot?> LoadRosterAsync(NpgsqlConnection conn, long serviceBodyId, Instant now, CancellationToken ct)
    {
        var zoneId = await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "select time_zone from service_bodies where id = @serviceBodyId", new { serviceBodyId }, cancellationToken: ct));
        var zone = zoneId is null ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(zoneId);
        if (zone is null) return null;

        var today = now.InZone(zone).Date;
        var days = new[] { (short)((int)today.PlusDays(-1).DayOfWeek % 7), (short)((int)today.DayOfWeek % 7) };
        var dates = new[] { today.PlusDays(-1).ToDateOnly(), today.ToDateOnly() };
        const string sql = """
            select s.volunteer_id, s.day, s.start_time, s.end_time
            from shifts s join volunteers v on v.id = s.volunteer_id
            where s.service_body_id = @serviceBodyId and s.day = any(@days) and v.active;
            select volunteer_id, date, kind, start_time, end_time
            from shift_overrides where service_body_id = @serviceBodyId and date = any(@dates);
            select distinct v.id, v.key, v.name, v.phone, v.languages, v.twelfth_step
            from volunteers v
            where v.active and (v.id in (select volunteer_id from shifts where service_body_id = @serviceBodyId)
                             or v.id in (select volunteer_id from shift_overrides where service_body_id = @serviceBodyId and date = any(@dates)));
            """;
        using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { serviceBodyId, days, dates }, cancellationToken: ct));
        var shifts = (await results.ReadAsync<(long VolunteerId, short Day, TimeOnly Start, TimeOnly End)>())
            .Select(s => new WeeklyShift(s.VolunteerId, s.Day == 0 ? IsoDayOfWeek.Sunday : (IsoDayOfWeek)s.Day, LocalTime.FromTimeOnly(s.Start), LocalTime.FromTimeOnly(s.End)))
            .ToList();
        var overrides = (await results.ReadAsync<(long VolunteerId, DateOnly Date, string Kind, TimeOnly? Start, TimeOnly? End)>())
            .Select(o => new ShiftOverride(o.VolunteerId, LocalDate.FromDateOnly(o.Date), o.Kind == "off" ? OverrideKind.Off : OverrideKind.Cover,
                o.Start is { } s ? LocalTime.FromTimeOnly(s) : null, o.End is { } e ? LocalTime.FromTimeOnly(e) : null))
            .ToList();
        var volunteers = (await results.ReadAsync<VolunteerRow>()).ToDictionary(v => v.Id,
            v => new RosterVolunteer(v.Id, v.Key, v.Name, v.Phone, v.Languages, v.TwelfthStep));
        return new RosterSnapshot(zone, shifts, overrides, volunteers, new HashSet<long>());
    }

    sealed record VolunteerRow
    {
        public long Id { get; init; }
        public string Key { get; init; } = "";
        public string Name { get; init; } = "";
        public string Phone { get; init; } = "";
        public string[] Languages { get; init; } = [];
        public bool TwelfthStep { get; init; }
    }
}
