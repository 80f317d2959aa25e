using Dapper;
using Npgsql;

namespace NAPhoneline.Routing;

public sealed record OverrideRow
{
    public long Id { get; init; }
    public string Volunteer { get; init; } = "";
    public string ServiceBody { get; init; } = "";
    public DateOnly Date { get; init; }
    public string Kind { get; init; } = "";
    public TimeOnly? Start { get; init; }
    public TimeOnly? End { get; init; }
}

// Dated exceptions to the weekly roster, kept by the admin API.
public sealed class OverrideStore(NpgsqlDataSource db)
{
    public async Task<long?> AddAsync(string volunteer, string serviceBody, DateOnly date, string kind, TimeOnly? start, TimeOnly? end, CancellationToken ct)
    {
        const string sql = """
            insert into shift_overrides (volunteer_id, service_body_id, date, kind, start_time, end_time)
            select v.id, b.id, @date, @kind, @start, @end from volunteers v, service_bodies b where v.key = @volunteer and b.key = @serviceBody
            returning id
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(sql, new { volunteer, serviceBody, date, kind, start, end }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<OverrideRow>> ListAsync(string serviceBody, DateOnly from, DateOnly to, CancellationToken ct)
    {
        const string sql = """
            select o.id, v.key as volunteer, b.key as service_body, o.date, o.kind, o.start_time as start, o.end_time as "end"
            from shift_overrides o join volunteers v on v.id = o.volunteer_id join service_bodies b on b.id = o.service_body_id
            where b.key = @serviceBody and o.date between @from and @to order by o.date, o.id
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<OverrideRow>(new CommandDefinition(sql, new { serviceBody, from, to }, cancellationToken: ct))).AsList();
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("delete from shift_overrides where id = @id", new { id }, cancellationToken: ct)) == 1;
    }

    public async Task<(long Id, string Strategy, long? LastStarter)?> BodyAsync(string serviceBody, CancellationToken ct)
    {
        const string sql = """
            select b.id, b.routing_strategy, r.last_volunteer_id from service_bodies b left join rotation_state r on r.service_body_id = b.id
            where b.key = @serviceBody
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<(long, string, long?)?>(new CommandDefinition(sql, new { serviceBody }, cancellationToken: ct));
    }
}
