using Dapper;
using NAPhoneline.Console.Audit;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Privacy;
using NAPhoneline.State;
using NodaTime;
using Npgsql;

namespace NAPhoneline.Blocking;

// What a person asks to block: a number (kept only as its keyed hash and masked), a prefix, or withheld IDs.
public sealed record NewBlock(BlockKind Kind, string? Number, string? Prefix, long? BodyId, Instant? Until,
    string Reason);

// One entry as people see it: never the number, only its masked form.
public sealed record BlockRow
{
    public long Id { get; init; }
    public string Kind { get; init; } = "";
    public string? NumberMasked { get; init; }
    public string? Prefix { get; init; }
    public long? ServiceBodyId { get; init; }
    public string? ServiceBody { get; init; }
    public DateTime? Until { get; init; }
    public string Reason { get; init; } = "";
    public string CreatedBy { get; init; } = "";
    public DateTime CreatedAt { get; init; }
    public DateTime? RemovedAt { get; init; }
    public string? RemovedBy { get; init; }
}

// Writes of the blocklist (admin API, console, BLOCK by text), each audited and announced, so every instance's
// memory (Blocklist) has it within moments.
public sealed class BlocklistStore(NpgsqlDataSource db, NumberHashes hashes, StateRefresher refresher,
    TimeProvider time)
{
    public const int MaxReason = 200;

    public async Task<BlockRow> AddAsync(NewBlock block, string actor, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var number = block.Number;
        var row = await InsertAsync(conn, tx, block.Kind, number is null ? null : hashes.Hash(number),
            number is null ? null : E164.Mask(number), block.Prefix, block.BodyId, block.Until, block.Reason, actor,
            ct);
        await tx.CommitAsync(ct);
        await refresher.ReloadAsync(StateTopic.Blocklist, ct);
        return row;
    }

    // In the caller's transaction: BLOCK by text has the hash and the masked number of a call, never the number.
    public async Task<BlockRow> InsertAsync(NpgsqlConnection conn, NpgsqlTransaction tx, BlockKind kind,
        string? hash, string? masked, string? prefix, long? bodyId, Instant? until, string reason, string actor,
        CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var row = await conn.QuerySingleAsync<BlockRow>(new CommandDefinition($"""
            with added as (
                insert into blocklist (kind, number_hash, number_masked, prefix, service_body_id, until, reason,
                                       created_by, created_at)
                values (@kind, @hash, @masked, @prefix, @bodyId, @until, @reason, @actor, @now)
                returning *)
            select {Columns} from added x left join service_bodies b on b.id = x.service_body_id
            """, new
            {
                kind = BlockRules.Word(kind), hash, masked, prefix, bodyId, until = until?.ToDateTimeUtc(),
                reason, actor, now = now.UtcDateTime,
            }, tx, cancellationToken: ct));
        await AuditLog.WriteAsync(conn, tx, new AuditEntry(actor, bodyId, "blocklist", row.Id.ToString(
            System.Globalization.CultureInfo.InvariantCulture), "added", null, Snapshot(row)), now, ct);
        await ChangeNotice.SendAsync(conn, tx, StateTopic.Blocklist, ct);
        return row;
    }

    // Undone, not deleted: the entry stays in the list as removed, with who and when.
    public async Task<BlockRow?> RemoveAsync(long id, string actor, Func<BlockRow, bool> allowed,
        CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var before = await conn.QuerySingleOrDefaultAsync<BlockRow>(new CommandDefinition($"""
            select {Columns} from blocklist x left join service_bodies b on b.id = x.service_body_id
            where x.id = @id and x.removed_at is null for update of x
            """, new { id }, tx, cancellationToken: ct));
        if (before is null || !allowed(before)) return null;
        var now = time.GetUtcNow();
        await conn.ExecuteAsync(new CommandDefinition(
            "update blocklist set removed_at = @now, removed_by = @actor where id = @id",
            new { id, actor, now = now.UtcDateTime }, tx, cancellationToken: ct));
        var key = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await AuditLog.WriteAsync(conn, tx, new AuditEntry(actor, before.ServiceBodyId, "blocklist", key, "removed",
            Snapshot(before), null), now, ct);
        await ChangeNotice.SendAsync(conn, tx, StateTopic.Blocklist, ct);
        await tx.CommitAsync(ct);
        await refresher.ReloadAsync(StateTopic.Blocklist, ct);
        return before with { RemovedAt = now.UtcDateTime, RemovedBy = actor };
    }

    // Active entries, and removed ones of the last 30 days; `bodies` null: all of them.
    public async Task<IReadOnlyList<BlockRow>> ListAsync(IReadOnlyCollection<long>? bodies, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<BlockRow>(new CommandDefinition($"""
            select {Columns} from blocklist x left join service_bodies b on b.id = x.service_body_id
            where (x.removed_at is null or x.removed_at > @since)
              and (@all or x.service_body_id = any(@ids) or x.service_body_id is null)
            order by x.removed_at is not null, x.created_at desc limit 500
            """, new
            {
                since = time.GetUtcNow().UtcDateTime.AddDays(-30), all = bodies is null, ids = (bodies ?? []).ToArray(),
            }, cancellationToken: ct))).ToList();
    }

    const string Columns = """
        x.id, x.kind, x.number_masked, x.prefix, x.service_body_id, b.key as service_body, x.until, x.reason,
        x.created_by, x.created_at, x.removed_at, x.removed_by
        """;

    static object Snapshot(BlockRow r) => new
    {
        kind = r.Kind, number = r.NumberMasked, prefix = r.Prefix, serviceBody = r.ServiceBody, until = r.Until,
        reason = r.Reason,
    };
}
