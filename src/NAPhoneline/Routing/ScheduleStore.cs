using Dapper;
using NAPhoneline.Console.Audit;
using NAPhoneline.State;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Routing;

// The rows behind the schedule page and its changes. Every change is one transaction with its audit row and the
// change notice; then this instance reloads, so the next page and the next call here see it (CONTRACT 10, 11).
// Each statement names the service body, so a row of another body is never touched.
public sealed class ScheduleStore(NpgsqlDataSource db, TimeProvider time, StateRefresher refresher)
{
    // The body's weekly shifts, and its overrides from a date on, each with its row id.
    public async Task<(IReadOnlyList<(long Id, RosterShift Value)> Shifts,
        IReadOnlyList<(long Id, ShiftOverride Value)> Overrides)> RowsAsync(long bodyId, LocalDate overridesFrom,
        CancellationToken ct)
    {
        const string sql = $$"""
            select id, volunteer_id, {{ShiftColumns.Select}} from shifts
            where service_body_id = @bodyId order by id;
            select id, volunteer_id, date, kind, start_time, end_time from shift_overrides
            where service_body_id = @bodyId and date >= @from order by id;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql,
            new { bodyId, from = overridesFrom.ToDateOnly() }, cancellationToken: ct));
        var shifts = (await results.ReadAsync<ShiftRow>()).Select(s => (s.Id, s.ToShift())).ToList();
        var overrides = (await results.ReadAsync<(long Id, long VolunteerId, DateOnly Date, string Kind,
                TimeOnly? Start, TimeOnly? End)>())
            .Select(o => (o.Id, new ShiftOverride(o.VolunteerId, LocalDate.FromDateOnly(o.Date),
                o.Kind == "off" ? OverrideKind.Off : OverrideKind.Cover,
                o.Start is { } s ? LocalTime.FromTimeOnly(s) : null,
                o.End is { } e ? LocalTime.FromTimeOnly(e) : null)))
            .ToList();
        return (shifts, overrides);
    }

    // How volunteers answered the reminders of the shifts starting in [from, until) (CONTRACT 13), by volunteer and
    // start.
    public async Task<IReadOnlyDictionary<(long VolunteerId, Instant From), string>> AnswersAsync(long bodyId,
        Instant from, Instant until, CancellationToken ct)
    {
        const string sql = """
            select volunteer_id, starts_at, status from shift_reminders
            where service_body_id = @bodyId and starts_at >= @from and starts_at < @until
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<(long VolunteerId, DateTime StartsAt, string Status)>(new CommandDefinition(
            sql, new { bodyId, from = from.ToDateTimeUtc(), until = until.ToDateTimeUtc() }, cancellationToken: ct));
        return rows.ToDictionary(r => (r.VolunteerId,
            Instant.FromDateTimeUtc(DateTime.SpecifyKind(r.StartsAt, DateTimeKind.Utc))), r => r.Status);
    }

    public Task<bool> AddShiftAsync(string actor, long bodyId, ValidShift shift, CancellationToken ct) =>
        ChangeAsync(async (conn, tx) =>
        {
            const string sql = """
                insert into shifts (volunteer_id, service_body_id, day, start_time, end_time, repeat, starts_on, week,
                                    from_date, until_date, backup)
                select v.id, @bodyId, @Day, @Start, @End, @Repeat, @StartsOn, @Week, @FromDate, @UntilDate, @Backup
                from volunteers v where v.id = @volunteerId
                returning id, (select key from volunteers where id = @volunteerId)
                """;
            var row = await conn.QuerySingleOrDefaultAsync<(long Id, string Key)?>(new CommandDefinition(sql,
                Columns(bodyId, shift.VolunteerId, null, shift), tx, cancellationToken: ct));
            return row is { } r
                ? new AuditEntry(actor, bodyId, "shift", Key(r.Id), "added", null, Describe(r.Key, shift.ToShift()))
                : null;
        }, ct);

    // A move changes the day and times of one shift; false when this body has no such shift.
    public Task<bool> MoveShiftAsync(string actor, long bodyId, long id, ValidShift shift, CancellationToken ct) =>
        ChangeAsync(async (conn, tx) =>
        {
            var before = await ShiftAsync(conn, tx, bodyId, id, ct);
            if (before is null) return null;
            const string sql = """
                update shifts set day = @Day, start_time = @Start, end_time = @End, repeat = @Repeat,
                    starts_on = @StartsOn, week = @Week, from_date = @FromDate, until_date = @UntilDate,
                    backup = @Backup
                where id = @id and service_body_id = @bodyId
                """;
            await conn.ExecuteAsync(new CommandDefinition(sql, Columns(bodyId, shift.VolunteerId, id, shift), tx,
                cancellationToken: ct));
            return new AuditEntry(actor, bodyId, "shift", Key(id), "changed",
                Describe(before.Value.Key, before.Value.Shift),
                Describe(before.Value.Key, shift.ToShift()));
        }, ct);

    public Task<bool> RemoveShiftAsync(string actor, long bodyId, long id, CancellationToken ct) =>
        ChangeAsync(async (conn, tx) =>
        {
            var before = await ShiftAsync(conn, tx, bodyId, id, ct);
            if (before is null) return null;
            await conn.ExecuteAsync(new CommandDefinition(
                "delete from shifts where id = @id and service_body_id = @bodyId", new { id, bodyId }, tx,
                cancellationToken: ct));
            return new AuditEntry(actor, bodyId, "shift", Key(id), "removed",
                Describe(before.Value.Key, before.Value.Shift));
        }, ct);

    public Task<bool> AddOverrideAsync(string actor, long bodyId, ValidOverride o, CancellationToken ct) =>
        ChangeAsync(async (conn, tx) =>
        {
            const string sql = """
                insert into shift_overrides
                    (volunteer_id, service_body_id, date, kind, start_time, end_time, created_at)
                select v.id, @bodyId, @date, @kind, @start, @end, @now from volunteers v where v.id = @volunteerId
                returning id, (select key from volunteers where id = @volunteerId)
                """;
            var value = new ShiftOverride(o.VolunteerId, o.Date, o.Kind, o.Start, o.End);
            var row = await conn.QuerySingleOrDefaultAsync<(long Id, string Key)?>(new CommandDefinition(sql, new
            {
                bodyId, volunteerId = o.VolunteerId, date = o.Date.ToDateOnly(), kind = KindText(o.Kind),
                start = o.Start?.ToTimeOnly(), end = o.End?.ToTimeOnly(), now = time.GetUtcNow(),
            }, tx, cancellationToken: ct));
            return row is { } r
                ? new AuditEntry(actor, bodyId, "override", Key(r.Id), "added", null, Describe(r.Key, value))
                : null;
        }, ct);

    // From a date on only: the past stays as it was. onlyOffOf: a volunteer undoing a day off of their own.
    public Task<bool> RemoveOverrideAsync(string actor, long bodyId, long id, LocalDate from, long? onlyOffOf,
        CancellationToken ct) =>
        ChangeAsync(async (conn, tx) =>
        {
            const string sql = """
                delete from shift_overrides o using volunteers v
                where o.id = @id and o.service_body_id = @bodyId and v.id = o.volunteer_id and o.date >= @from
                  and (not @restricted or (o.volunteer_id = @volunteerId and o.kind = 'off'))
                returning v.key, o.volunteer_id, o.date, o.kind, o.start_time, o.end_time
                """;
            var row = await conn.QuerySingleOrDefaultAsync<(string Key, long VolunteerId, DateOnly Date, string Kind,
                TimeOnly? Start, TimeOnly? End)?>(new CommandDefinition(sql, new
            {
                id, bodyId, from = from.ToDateOnly(), restricted = onlyOffOf is not null, volunteerId = onlyOffOf ?? 0,
            }, tx, cancellationToken: ct));
            if (row is not { } r) return null;
            var value = new ShiftOverride(r.VolunteerId, LocalDate.FromDateOnly(r.Date),
                r.Kind == "off" ? OverrideKind.Off : OverrideKind.Cover,
                r.Start is { } s ? LocalTime.FromTimeOnly(s) : null, r.End is { } e ? LocalTime.FromTimeOnly(e) : null);
            return new AuditEntry(actor, bodyId, "override", Key(id), "removed", Describe(r.Key, value));
        }, ct);

    async Task<bool> ChangeAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task<AuditEntry?>> change,
        CancellationToken ct)
    {
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var entry = await change(conn, tx);
            if (entry is null) return false;
            await AuditLog.WriteAsync(conn, tx, entry, time.GetUtcNow(), ct);
            await ChangeNotice.SendAsync(conn, tx, StateTopic.Structure, ct);
            await tx.CommitAsync(ct);
        }
        await refresher.ReloadAsync(StateTopic.Structure, ct);
        return true;
    }

    static async Task<(string Key, RosterShift Shift)?> ShiftAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        long bodyId, long id, CancellationToken ct)
    {
        const string sql = """
            select v.key, s.id, s.volunteer_id, s.day, s.start_time, s.end_time, s.repeat, s.starts_on, s.week,
                   s.from_date, s.until_date, s.backup
            from shifts s join volunteers v on v.id = s.volunteer_id
            where s.id = @id and s.service_body_id = @bodyId
            for update of s
            """;
        var row = await conn.QuerySingleOrDefaultAsync<ShiftRow>(new CommandDefinition(sql, new { id, bodyId }, tx,
            cancellationToken: ct));
        return row is { } r ? (r.Key, r.ToShift()) : null;
    }

    sealed class ShiftRow : ShiftColumns
    {
        public long Id { get; init; }
        public string Key { get; init; } = "";
    }

    // Every column of a shift row, as add and move write them.
    static DynamicParameters Columns(long bodyId, long volunteerId, long? id, ValidShift shift)
    {
        var s = shift.ToShift();
        var p = new DynamicParameters(new
        {
            bodyId, volunteerId, Day = ScheduleRules.DbDay(s.Day), Start = s.Start.ToTimeOnly(),
            End = s.End.ToTimeOnly(), Repeat = ShiftColumns.Word(s.Repeat), StartsOn = s.StartsOn?.ToDateOnly(),
            Week = (short?)s.Week, FromDate = s.From?.ToDateOnly(), UntilDate = s.Until?.ToDateOnly(), s.Backup,
        });
        if (id is { } rowId) p.Add("id", rowId);
        return p;
    }

    static string KindText(OverrideKind kind) => kind == OverrideKind.Off ? "off" : "cover";

    static string Key(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // The audit's words for a shift: the configuration file's names (CONTRACT 5, 13), each column named.
    static object Describe(string volunteer, RosterShift s) => new
    {
        volunteer, day = ScheduleRules.DayValue(s.Day), start = ScheduleRules.Time(s.Start),
        end = ScheduleRules.Time(s.End), repeat = ShiftColumns.Word(s.Repeat),
        startsOn = s.StartsOn is { } a ? ScheduleRules.Date(a) : null, week = s.Week,
        from = s.From is { } f ? ScheduleRules.Date(f) : null, until = s.Until is { } u ? ScheduleRules.Date(u) : null,
        backup = s.Backup,
    };

    static object Describe(string volunteer, ShiftOverride o) => new
    {
        volunteer, date = ScheduleRules.Date(o.Date), kind = KindText(o.Kind),
        start = o.Start is { } s ? ScheduleRules.Time(s) : null, end = o.End is { } e ? ScheduleRules.Time(e) : null,
    };
}
