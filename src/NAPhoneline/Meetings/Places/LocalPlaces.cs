using Dapper;
using Npgsql;

namespace NAPhoneline.Meetings.Places;

public sealed record LocalPlace(long Id, string ServiceBody, string Name, double Latitude, double Longitude);

// An operator's own place names, looked up before the offline file so "Hillcrest" or "North Park" finds the
// neighbourhood the local members mean. Read from the database at most once a minute, and at once after a change.
public sealed class LocalPlaces(NpgsqlDataSource db, PlaceDirectory places, TimeProvider time)
{
    (DateTimeOffset Loaded, Dictionary<string, List<(long BodyId, Place Place)>> ByName)? cache;

    public void Invalidate() => cache = null;

    public async Task<Place?> FindAsync(string text, long serviceBodyId, CancellationToken ct)
    {
        var byName = await LoadAsync(ct);
        if (!byName.TryGetValue(PlaceDirectory.Normalize(text), out var matches)) return null;
        return matches.Where(m => m.BodyId == serviceBodyId).Select(m => m.Place).FirstOrDefault() ?? matches[0].Place;
    }

    public async Task<IReadOnlyList<string>> NamesAsync(long serviceBodyId, CancellationToken ct) =>
        (await LoadAsync(ct)).Values.SelectMany(v => v).Where(v => v.BodyId == serviceBodyId).Select(v => v.Place.Name).ToList();

    public async Task<long?> AddAsync(string serviceBody, string name, double latitude, double longitude, CancellationToken ct)
    {
        const string sql = """
            insert into local_places (service_body_id, name, latitude, longitude)
            select id, @name, @latitude, @longitude from service_bodies where key = @serviceBody
            on conflict (service_body_id, name) do update set latitude = excluded.latitude, longitude = excluded.longitude
            returning id
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        var id = await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(sql, new { serviceBody, name, latitude, longitude }, cancellationToken: ct));
        Invalidate();
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
        var deleted = await conn.ExecuteAsync(new CommandDefinition("delete from local_places where id = @id", new { id }, cancellationToken: ct)) == 1;
        Invalidate();
        return deleted;
    }

    async Task<Dictionary<string, List<(long BodyId, Place Place)>>> LoadAsync(CancellationToken ct)
    {
        if (cache is { } fresh && time.GetUtcNow() - fresh.Loaded < TimeSpan.FromMinutes(1)) return fresh.ByName;
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(long BodyId, string Name, double Latitude, double Longitude)>(new CommandDefinition(
            "select service_body_id, name, latitude, longitude from local_places", cancellationToken: ct));
        var byName = rows.GroupBy(r => PlaceDirectory.Normalize(r.Name))
            .ToDictionary(g => g.Key, g => g.Select(r => (r.BodyId, new Place(r.Name, "", places.CountryNear(r.Latitude, r.Longitude), r.Latitude, r.Longitude, 0))).ToList());
        cache = (time.GetUtcNow(), byName);
        return byName;
    }
}
