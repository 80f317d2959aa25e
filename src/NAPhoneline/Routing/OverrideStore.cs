using Dapper;
using NAPhoneline.Shared.Calls;
using NAPhoneline.State;
using Npgsql;
using NodaTime;

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
        await using var tx = await conn.BeginTransactionAsync(ct);
        var id = await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(sql,
            new { volunteer, serviceBody, date, kind, start, end }, tx, cancellationToken: ct));
        await ChangeNotice.SendAsync(conn, tx, StateTopic.Structure, ct);
        await tx.CommitAsync(ct);
        return id;
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
        await using var tx = await conn.BeginTransactionAsync(ct);
        var deleted = await conn.ExecuteAsync(new CommandDefinition("delete from shift_overrides where id = @id", new { id },
            tx, cancellationToken: ct)) == 1;
        await ChangeNotice.SendAsync(conn, tx, StateTopic.Structure, ct);
        await tx.CommitAsync(ct);
        return deleted;
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

    // Volunteers on a helpline call now, on any instance (a leg open in PostgreSQL).
    public async Task<IReadOnlySet<long>> BusyAsync(Instant now, CancellationToken ct)
    {
        const string sql = """
            select distinct volunteer_id from call_legs
            where ended_at is null and volunteer_id is not null and started_at > @staleBefore
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<long>(new CommandDefinition(sql,
            new { staleBefore = (now - LegStore.StaleAfter).ToDateTimeUtc() }, cancellationToken: ct))).ToHashSet();
    }
}
