using Dapper;
using NAPhoneline.Console.Audit;
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

// Dated exceptions to the weekly roster, kept by the admin API. Each change writes its audit row in its own
// transaction (actor: the admin API unless a caller names another).
public sealed class OverrideStore(NpgsqlDataSource db, TimeProvider time)
{
    public async Task<long?> AddAsync(string volunteer, string serviceBody, DateOnly date, string kind, TimeOnly? start,
        TimeOnly? end, CancellationToken ct, string actor = AuditLog.AdminApi)
    {
        const string sql = """
            insert into shift_overrides (volunteer_id, service_body_id, date, kind, start_time, end_time)
            select v.id, b.id, @date, @kind, @start, @end from volunteers v, service_bodies b
            where v.key = @volunteer and b.key = @serviceBody
            returning id, service_body_id
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var added = await conn.QuerySingleOrDefaultAsync<(long Id, long BodyId)?>(new CommandDefinition(sql,
            new { volunteer, serviceBody, date, kind, start, end }, tx, cancellationToken: ct));
        if (added is { } row)
            await AuditLog.WriteAsync(conn, tx, new AuditEntry(actor, row.BodyId, "override", Key(row.Id), "added",
                After: new OverrideRow
                {
                    Id = row.Id, Volunteer = volunteer, ServiceBody = serviceBody, Date = date, Kind = kind,
                    Start = start, End = end,
                }), time.GetUtcNow(), ct);
        await ChangeNotice.SendAsync(conn, tx, StateTopic.Structure, ct);
        await tx.CommitAsync(ct);
        return added?.Id;
    }

    static string Key(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IReadOnlyList<OverrideRow>> ListAsync(
        string serviceBody, DateOnly from, DateOnly to, CancellationToken ct)
    {
        const string sql = """
            select o.id, v.key as volunteer, b.key as service_body, o.date, o.kind, o.start_time as start,
                   o.end_time as "end"
            from shift_overrides o join volunteers v on v.id = o.volunteer_id
                 join service_bodies b on b.id = o.service_body_id
            where b.key = @serviceBody and o.date between @from and @to order by o.date, o.id
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<OverrideRow>(
            new CommandDefinition(sql, new { serviceBody, from, to }, cancellationToken: ct))).AsList();
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken ct, string actor = AuditLog.AdminApi)
    {
        const string sql = """
            with gone as (delete from shift_overrides where id = @id returning *)
            select g.service_body_id, g.id, v.key as volunteer, b.key as service_body, g.date, g.kind,
                   g.start_time as start, g.end_time as "end"
            from gone g join volunteers v on v.id = g.volunteer_id join service_bodies b on b.id = g.service_body_id
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var deleted = (await conn.QueryAsync<long, OverrideRow, (long BodyId, OverrideRow Row)>(new CommandDefinition(
            sql, new { id }, tx, cancellationToken: ct), (body, row) => (body, row), splitOn: "id")).ToList();
        foreach (var (body, row) in deleted)
            await AuditLog.WriteAsync(conn, tx, new AuditEntry(actor, body, "override", Key(row.Id), "removed",
                Before: row), time.GetUtcNow(), ct);
        await ChangeNotice.SendAsync(conn, tx, StateTopic.Structure, ct);
        await tx.CommitAsync(ct);
        return deleted.Count == 1;
    }

    public async Task<(long Id, string Strategy, long? LastStarter)?> BodyAsync(
        string serviceBody, CancellationToken ct)
    {
        const string sql = """
            select b.id, b.routing_strategy, r.last_volunteer_id
            from service_bodies b left join rotation_state r on r.service_body_id = b.id
            where b.key = @serviceBody
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<(long, string, long?)?>(
            new CommandDefinition(sql, new { serviceBody }, cancellationToken: ct));
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
