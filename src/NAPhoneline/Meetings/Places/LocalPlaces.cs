using Dapper;
using NAPhoneline.State;
using Npgsql;

namespace NAPhoneline.Meetings.Places;

public sealed record LocalPlace(long Id, string ServiceBody, string Name, double Latitude, double Longitude);

// An operator's own place names, looked up before the offline file so "Hillcrest" or "North Park" finds the
// neighbourhood the local members mean. Held in memory; reloaded when any instance changes them (StateRefresher).
public sealed class LocalPlaces(NpgsqlDataSource db, PlaceDirectory places) : IReloadable
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

    public async Task<long?> AddAsync(string serviceBody, string name, double latitude, double longitude, CancellationToken ct)
    {
        const string sql = """
            insert into local_places (service_body_id, name, latitude, longitude)
            select id, @name, @latitude, @longitude from service_bodies where key = @serviceBody
            on conflict (service_body_id, name) do update set latitude = excluded.latitude, longitude = excluded.longitude
            returning id
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var id = await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(sql,
            new { serviceBody, name, latitude, longitude }, tx, cancellationToken: ct));
        await ChangeNotice.SendAsync(conn, tx, StateTopic.Places, ct);
        await tx.CommitAsync(ct);
        await ReloadAsync(ct);
        return id;
    }

    public async Task<IReadOnlyList<LocalPlace>> ListAsync(string serviceBody, CancellationToken ct)
    {
        const string sql = """
            select p.id, b.key as service_body, p.name, p.latitude, p.longitude
            from local_places p join service_bodies b on b.id = p.service_body_id where b.key = @serviceBody order by p.name
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<LocalPlace>(new CommandDefinition(sql, new { serviceBody }, cancellationToken: ct))).AsList();
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var deleted = await conn.ExecuteAsync(new CommandDefinition("delete from local_places where id = @id", new { id },
            tx, cancellationToken: ct)) == 1;
        await ChangeNotice.SendAsync(conn, tx, StateTopic.Places, ct);
        await tx.CommitAsync(ct);
        await ReloadAsync(ct);
        return deleted;
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(long BodyId, string Name, double Latitude, double Longitude)>(new CommandDefinition(
            "select service_body_id, name, latitude, longitude from local_places", cancellationToken: ct));
        byName = rows.GroupBy(r => PlaceDirectory.Normalize(r.Name))
            .ToDictionary(g => g.Key, g => g.Select(r => (r.BodyId, new Place(r.Name, "",
                places.CountryNear(r.Latitude, r.Longitude), r.Latitude, r.Longitude, 0))).ToList());
    }
}
