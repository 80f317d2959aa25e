using Dapper;
using NAPhoneline.Console.Audit;
using NAPhoneline.State;
using Npgsql;

namespace NAPhoneline.Meetings.Places;

public sealed record LocalPlace(long Id, string ServiceBody, string Name, double Latitude, double Longitude);

// An operator's own place names, looked up before the offline file so "Hillcrest" or "North Park" finds the
// neighbourhood the local members mean. Held in memory; reloaded when any instance changes them (StateRefresher).
public sealed class LocalPlaces(NpgsqlDataSource db, PlaceDirectory places, TimeProvider time) : IReloadable
{
    volatile Dictionary<string, List<(long BodyId, Place Place)>> byName = [];

    public StateTopic Topic => StateTopic.Places;

    public Place? Find(string text, long serviceBodyId)
    {
        if (!byName.TryGetValue(PlaceDirectory.Normalize(text), out var matches)) return null;
        return matches.Where(m => m.BodyId == serviceBodyId).Select(m => m.Place).FirstOrDefault() ?? matches[0].Place;
    }

    public IReadOnlyList<string> Names(long serviceBodyId) =>
        byName.Values.SelectMany(v => v).Where(v => v.BodyId == serviceBodyId).Select(v => v.Place.Name).ToList();

    // Each change writes its audit row in its own transaction (actor: the admin API unless a caller names another).
    public async Task<long?> AddAsync(string serviceBody, string name, double latitude, double longitude,
        CancellationToken ct, string actor = AuditLog.AdminApi)
    {
        const string before = """
            select p.latitude, p.longitude from local_places p join service_bodies b on b.id = p.service_body_id
            where b.key = @serviceBody and p.name = @name for update of p
            """;
        const string sql = """
            insert into local_places (service_body_id, name, latitude, longitude)
            select id, @name, @latitude, @longitude from service_bodies where key = @serviceBody
            on conflict (service_body_id, name) do update
                set latitude = excluded.latitude, longitude = excluded.longitude
            returning id, service_body_id
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var old = await conn.QuerySingleOrDefaultAsync<(double Latitude, double Longitude)?>(new CommandDefinition(
            before, new { serviceBody, name }, tx, cancellationToken: ct));
        var row = await conn.QuerySingleOrDefaultAsync<(long Id, long BodyId)?>(new CommandDefinition(sql,
            new { serviceBody, name, latitude, longitude }, tx, cancellationToken: ct));
        if (row is { } added)
            await AuditLog.WriteAsync(conn, tx, new AuditEntry(actor, added.BodyId, "place", name,
                old is null ? "added" : "updated", old is { } o ? new { o.Latitude, o.Longitude } : null,
                new { latitude, longitude }), time.GetUtcNow(), ct);
        var id = row?.Id;
        await ChangeNotice.SendAsync(conn, tx, StateTopic.Places, ct);
        await tx.CommitAsync(ct);
        await ReloadAsync(ct);
        return id;
    }

    public async Task<IReadOnlyList<LocalPlace>> ListAsync(string serviceBody, CancellationToken ct)
    {
        const string sql = """
            select p.id, b.key as service_body, p.name, p.latitude, p.longitude
            from local_places p join service_bodies b on b.id = p.service_body_id
            where b.key = @serviceBody order by p.name
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<LocalPlace>(
            new CommandDefinition(sql, new { serviceBody }, cancellationToken: ct))).AsList();
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken ct, string actor = AuditLog.AdminApi)
    {
        const string sql = """
            delete from local_places where id = @id returning service_body_id, name, latitude, longitude
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var gone = await conn.QuerySingleOrDefaultAsync<(long BodyId, string Name, double Latitude, double Longitude)?>(
            new CommandDefinition(sql, new { id }, tx, cancellationToken: ct));
        if (gone is { } g)
            await AuditLog.WriteAsync(conn, tx, new AuditEntry(actor, g.BodyId, "place", g.Name, "removed",
                new { g.Latitude, g.Longitude }), time.GetUtcNow(), ct);
        var deleted = gone is not null;
        await ChangeNotice.SendAsync(conn, tx, StateTopic.Places, ct);
        await tx.CommitAsync(ct);
        await ReloadAsync(ct);
        return deleted;
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(long BodyId, string Name, double Latitude, double Longitude)>(
            new CommandDefinition(
                "select service_body_id, name, latitude, longitude from local_places", cancellationToken: ct));
        byName = rows.GroupBy(r => PlaceDirectory.Normalize(r.Name))
            .ToDictionary(g => g.Key, g => g.Select(r => (r.BodyId, new Place(r.Name, "",
                places.CountryNear(r.Latitude, r.Longitude), r.Latitude, r.Longitude, 0))).ToList());
    }
}
