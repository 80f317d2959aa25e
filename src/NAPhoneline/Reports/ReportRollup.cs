using Dapper;
using Hangfire;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Reports;

public sealed record RollupResult(int DaysRolled, int DaysRedone);

// Keeps call_days (migration 0016) up to date: rolls up every UTC day that has ended, then again each (body, day)
// the triggers marked as changed since. A Hangfire recurring job (every minute, and once at start) and the
// `rollup-reports` operator command. One instance at a time (an advisory lock; a second runner skips), in short
// transactions; a report never waits for it: until a day is rolled, or while it is marked, it is read from the calls.
public sealed class ReportRollup(NpgsqlDataSource db, TimeProvider time, ILogger<ReportRollup> log)
{
    public const string JobId = "report-rollup";
    const int DaysPerStep = 31;
    const int ChangedPerStep = 500;
    // 'calldays' in ASCII: one key for every instance.
    const long LockKey = 0x63616c6c_64617973;
    // Shared by every write to calls of a day not rolled up yet (call_days_mark, migration 0024).
    const long WritersKey = 7_130_301;

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(300)]
    public async Task<RollupResult> RunAsync(CancellationToken ct)
    {
        int rolled = 0, redone = 0, step;
        while ((step = await AdvanceAsync(ct)) > 0) rolled += step;
        while ((step = await RedoChangedAsync(ct)) > 0) redone += step;
        if (rolled + redone > 0) log.LogInformation("Report rollup: {Rolled} day(s) rolled, {Redone} body-day(s) "
            + "redone", rolled, redone);
        return new RollupResult(rolled, redone);
    }

    // Rolls up to DaysPerStep ended days after the last one rolled; 0 when there is nothing to do (or another runner).
    async Task<int> AdvanceAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await LockAsync(conn, tx, ct)) return 0;
        var today = Instant.FromDateTimeOffset(time.GetUtcNow()).InUtc().Date;
        // As a timestamp: Dapper hands a null date to the DateOnly handler. No row lock: only a runner holding
        // LockKey writes it, and a row lock held while waiting for WritersKey below could close a cycle.
        var state = await conn.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(
            "select rolled_until::timestamp from call_days_state", transaction: tx, cancellationToken: ct));
        // The first run starts at the oldest call (a one-off scan).
        var from = state is { } s ? LocalDate.FromDateTime(s) : await conn.QuerySingleAsync<DateTime?>(
            new CommandDefinition("select min(started_at) from calls", transaction: tx, cancellationToken: ct))
            is { } oldest ? Instant.FromDateTimeUtc(DateTime.SpecifyKind(oldest, DateTimeKind.Utc)).InUtc().Date
            : today;
        if (from >= today)
        {
            if (state is null) await SetRolledUntilAsync(conn, tx, today, ct);
            await tx.CommitAsync(ct);
            return 0;
        }
        var until = LocalDate.Min(from.PlusDays(DaysPerStep), today);
        // Writes to calls of days not rolled yet mark nothing (migration 0024): the ones in flight finish first and
        // are in this snapshot, the ones after wait and then see the new rolled_until. Only when there is a day to
        // roll, so live calls wait on it once a day, not every minute.
        await conn.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(@WritersKey)", new { WritersKey },
            tx, cancellationToken: ct));
        var closure = await ClosureAsync(conn, tx, ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            delete from call_days_dirty where day >= @from and day < @until;
            delete from call_days where day >= @from and day < @until;
            """, new { from = from.ToDateOnly(), until = until.ToDateOnly() }, tx,
            cancellationToken: ct));
        await RollAsync(conn, tx, closure.SelectMany(c => c.Select(body => new Segment(0, c.Key, body, Start(from),
            Start(until)))).ToList(), ct);
        await SetRolledUntilAsync(conn, tx, until, ct);
        await tx.CommitAsync(ct);
        return Period.DaysBetween(from, until);
    }

    // Rolls again up to ChangedPerStep marked (body, day) pairs of days already rolled. The marks are deleted first,
    // in the same transaction: a change committed after this snapshot marks its day again (its insert waits for this
    // transaction), so it is never lost, only redone once more.
    async Task<int> RedoChangedAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await LockAsync(conn, tx, ct)) return 0;
        var changed = (await conn.QueryAsync<(long Body, DateOnly Day)>(new CommandDefinition("""
            delete from call_days_dirty x
            using (select service_body_id, day from call_days_dirty
                   where day < (select rolled_until from call_days_state)
                   order by day, service_body_id limit @ChangedPerStep) d
            where x.service_body_id = d.service_body_id and x.day = d.day
            returning x.service_body_id, x.day
            """, new { ChangedPerStep }, tx, cancellationToken: ct))).ToList();
        if (changed.Count == 0) return 0;
        await conn.ExecuteAsync(new CommandDefinition("""
            delete from call_days d using unnest(@bodies::bigint[], @days::date[]) x(body, day)
            where d.service_body_id = x.body and d.day = x.day
            """, new
            {
                bodies = changed.Select(c => c.Body).ToArray(), days = changed.Select(c => c.Day).ToArray(),
            }, tx, cancellationToken: ct));
        var closure = await ClosureAsync(conn, tx, ct);
        await RollAsync(conn, tx, changed.SelectMany(c => closure[c.Body].Select(body => new Segment(0, c.Body, body,
            Start(LocalDate.FromDateOnly(c.Day)), Start(LocalDate.FromDateOnly(c.Day).PlusDays(1))))).ToList(), ct);
        await tx.CommitAsync(ct);
        return changed.Count;
    }

    static async Task RollAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyList<Segment> segments,
        CancellationToken ct)
    {
        // A month of a region's calls: well past the webhooks' 5 s command timeout on a slow day.
        await conn.ExecuteAsync(new CommandDefinition("set local jit = off; set local work_mem = '64MB'",
            transaction: tx, cancellationToken: ct));
        await conn.ExecuteAsync(new CommandDefinition(CallDays.RollUp, CallDays.SegmentParameters(segments, "UTC", [0]),
            tx, commandTimeout: 300, cancellationToken: ct));
    }

    // Each body with itself and every body below it: a body's row counts all their calls.
    static async Task<ILookup<long, long>> ClosureAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        CancellationToken ct) =>
        (await conn.QueryAsync<(long Scope, long Body)>(new CommandDefinition("""
            with recursive closure(scope, body) as (
                select id, id from service_bodies
                union
                select c.scope, s.id from closure c join service_bodies s on s.parent_id = c.body)
            select scope, body from closure
            """, transaction: tx, cancellationToken: ct))).ToLookup(c => c.Scope, c => c.Body);

    static Task<bool> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct) =>
        conn.QuerySingleAsync<bool>(new CommandDefinition("select pg_try_advisory_xact_lock(@LockKey)",
            new { LockKey }, tx, cancellationToken: ct));

    static Task SetRolledUntilAsync(NpgsqlConnection conn, NpgsqlTransaction tx, LocalDate until,
        CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            insert into call_days_state (only_row, rolled_until) values (true, @until)
            on conflict (only_row) do update set rolled_until = excluded.rolled_until
            """,
            new { until = until.ToDateOnly() }, tx, cancellationToken: ct));

    static Instant Start(LocalDate day) => day.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();
}
