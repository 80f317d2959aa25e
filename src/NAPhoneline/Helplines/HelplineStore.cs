using Dapper;
using NAPhoneline.State;
using Npgsql;

namespace NAPhoneline.Helplines;

public sealed record ImportSummary(
    int BodiesCreated, int BodiesUpdated, int VolunteersCreated, int VolunteersUpdated, int Contacts, int Shifts)
{
    public override string ToString() =>
        $"service bodies: {BodiesCreated} created, {BodiesUpdated} updated; "
        + $"volunteers: {VolunteersCreated} created, {VolunteersUpdated} updated; {Contacts} contacts; {Shifts} shifts";
}

public sealed class HelplineStore(NpgsqlDataSource db, TimeProvider time)
{
    // Validation and writing happen under one lock in one transaction: two imports at once cannot interleave, and a
    // file with one bad item changes nothing. With an actor, the audit rows of what changed (ImportAudit) are
    // written in the same transaction; a caller that writes its own passes none.
    public Task<(ImportSummary? Summary, IReadOnlyList<ConfigError> Errors)> ImportAsync(
        Func<ExistingStructure, (ImportPlan? Plan, IReadOnlyList<ConfigError> Errors)> validate, CancellationToken ct,
        string? actor = null) =>
        ImportAsync((_, _, existing) => Task.FromResult(validate(existing)), null, ct, actor);

    // The console's way in: validation may read the database under the lock (a body as it is now), and the
    // console's own audit row is written by `alongside` in the same transaction as the change.
    public async Task<(ImportSummary? Summary, IReadOnlyList<ConfigError> Errors)> ImportAsync(
        Func<NpgsqlConnection, NpgsqlTransaction, ExistingStructure,
            Task<(ImportPlan? Plan, IReadOnlyList<ConfigError> Errors)>> validate,
        Func<NpgsqlConnection, NpgsqlTransaction, Task>? alongside, CancellationToken ct, string? actor = null)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await LockAsync(conn, tx, ct);
        var (plan, errors) = await validate(conn, tx, await ExistingAsync(conn, tx, ct));
        if (plan is null) return (null, errors);
        var before = actor is null ? null : await ImportAudit.ReadAsync(conn, tx, plan, ct);
        var summary = await WriteAsync(conn, tx, plan, ct);
        if (before is not null)
            await ImportAudit.WriteAsync(conn, tx, actor!, plan, summary, before,
                await ImportAudit.ReadAsync(conn, tx, plan, ct), time.GetUtcNow(), ct);
        if (alongside is not null) await alongside(conn, tx);
        await ChangeNotice.SendAsync(conn, tx, StateTopic.Structure, ct);
        await tx.CommitAsync(ct);
        return (summary, []);
    }

    // Every writer of the structure takes this lock first, so checks and writes of two changes cannot interleave.
    internal static Task LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("select pg_advisory_xact_lock(7362001)", transaction: tx,
            cancellationToken: ct));

    internal static async Task<ExistingStructure> ExistingAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        CancellationToken ct)
    {
        const string sql = """
            select b.key, p.key as parent from service_bodies b left join service_bodies p on p.id = b.parent_id;
            select key from volunteers;
            select n.phone, b.key from helpline_numbers n join service_bodies b on b.id = n.service_body_id;
            select name from local_places;
            """;
        using var results = await conn.QueryMultipleAsync(
            new CommandDefinition(sql, transaction: tx, cancellationToken: ct));
        var parents = (await results.ReadAsync<(string Key, string? Parent)>())
            .ToDictionary(r => r.Key, r => r.Parent, StringComparer.Ordinal);
        var volunteers = (await results.ReadAsync<string>()).ToHashSet(StringComparer.Ordinal);
        var numbers = (await results.ReadAsync<(string Phone, string Key)>())
            .ToDictionary(r => r.Phone, r => r.Key, StringComparer.Ordinal);
        var local = (await results.ReadAsync<string>()).Select(Meetings.Places.PlaceDirectory.Normalize).ToHashSet();
        return new ExistingStructure(parents, volunteers, numbers) { LocalPlaces = local };
    }

    static async Task<ImportSummary> WriteAsync(
        NpgsqlConnection conn, NpgsqlTransaction tx, ImportPlan plan, CancellationToken ct)
    {
        Task<T> Scalar<T>(string sql, object args) =>
            conn.ExecuteScalarAsync<T>(new CommandDefinition(sql, args, tx, 60, cancellationToken: ct))!;
        Task<int> Execute(string sql, object args) =>
            conn.ExecuteAsync(new CommandDefinition(sql, args, tx, 60, cancellationToken: ct));

        const string upsertBody = """
            insert into service_bodies (key, name, kind, time_zone, languages, postal_code_digits, routing_strategy,
                                        ring_seconds, max_wait_seconds, fallback_number, acknowledge_within,
                                        acknowledge_within_by_type, reminder_lead, cover_within,
                                        coverage_postal_codes, coverage_places, gender_choice, prompts,
                                        greeting_audio, screen_callers)
            values (@Key, @Name, @Kind, @TimeZone, @Languages, @PostalCodeDigits, @Strategy, @RingSeconds,
                    @MaxWaitSeconds,
                    @FallbackNumber, @AcknowledgeWithin, @AcknowledgeWithinByType::jsonb, @ReminderLead, @CoverWithin,
                    coalesce(@CoveragePostalCodes, '{}'), coalesce(@CoveragePlaces, '{}'), @GenderChoice,
                    @Prompts::jsonb, @GreetingAudio::jsonb, @ScreenCallers)
            on conflict (key) do update set name = excluded.name, kind = excluded.kind, time_zone = excluded.time_zone,
                languages = excluded.languages, postal_code_digits = excluded.postal_code_digits,
                routing_strategy = excluded.routing_strategy, ring_seconds = excluded.ring_seconds,
                max_wait_seconds = excluded.max_wait_seconds, fallback_number = excluded.fallback_number,
                acknowledge_within = excluded.acknowledge_within,
                acknowledge_within_by_type = excluded.acknowledge_within_by_type,
                reminder_lead = excluded.reminder_lead, cover_within = excluded.cover_within,
                coverage_postal_codes = excluded.coverage_postal_codes, coverage_places = excluded.coverage_places,
                gender_choice = excluded.gender_choice, prompts = excluded.prompts,
                greeting_audio = excluded.greeting_audio, screen_callers = excluded.screen_callers,
                updated_at = now()
            returning (xmax = 0)
            """;
        var bodiesCreated = 0;
        foreach (var body in plan.Bodies) if (await Scalar<bool>(upsertBody, body)) bodiesCreated++;
        // Parents in a second pass, so a file may name a parent after its child.
        foreach (var body in plan.Bodies)
            await Execute(
                "update service_bodies set parent_id = (select id from service_bodies where key = @ParentKey) "
                + "where key = @Key", body);

        var bodyKeys = plan.Bodies.Select(b => b.Key).ToArray();
        await Execute(
            "delete from helpline_numbers where service_body_id in "
            + "(select id from service_bodies where key = any(@bodyKeys))",
            new { bodyKeys });
        await Execute(
            "delete from contacts where service_body_id in (select id from service_bodies where key = any(@bodyKeys))",
            new { bodyKeys });
        var contacts = 0;
        foreach (var body in plan.Bodies)
        {
            foreach (var phone in body.HelplineNumbers)
                await Execute(
                    "insert into helpline_numbers (phone, service_body_id) "
                    + "select @phone, id from service_bodies where key = @Key", new { phone, body.Key });
            foreach (var c in body.Contacts)
                contacts += await Execute("""
                    insert into contacts (service_body_id, role, name, phone, accepts_calls, email)
                    select id, @Role, @Name, @Phone, @AcceptsCalls, @Email from service_bodies where key = @BodyKey
                    """, new { c.Role, c.Name, c.Phone, c.AcceptsCalls, c.Email, BodyKey = body.Key });
        }

        const string upsertVolunteer = """
            insert into volunteers (key, name, phone, languages, gender, twelfth_step, active, reminders)
            values (@Key, @Name, @Phone, @Languages, @Gender, @TwelfthStep, @Active, @Reminders)
            on conflict (key) do update set name = excluded.name, phone = excluded.phone,
                languages = excluded.languages,
                gender = excluded.gender, twelfth_step = excluded.twelfth_step, active = excluded.active,
                reminders = excluded.reminders, updated_at = now()
            returning (xmax = 0)
            """;
        var volunteersCreated = 0;
        foreach (var volunteer in plan.Volunteers)
            if (await Scalar<bool>(upsertVolunteer, volunteer)) volunteersCreated++;

        // The shifts of every volunteer the file names are replaced by the file's; other volunteers keep theirs.
        var named = plan.Volunteers.Select(v => v.Key)
            .Concat(plan.Shifts.Select(s => s.VolunteerKey)).Distinct().ToArray();
        await Execute(
            "delete from shifts where volunteer_id in (select id from volunteers where key = any(@named))",
            new { named });
        foreach (var shift in plan.Shifts)
            await Execute("""
                insert into shifts (volunteer_id, service_body_id, day, start_time, end_time, repeat, starts_on, week,
                                    from_date, until_date, backup)
                select v.id, b.id, @Day, @Start, @End, @Repeat, @StartsOn, @Week, @FromDate, @UntilDate, @Backup
                from volunteers v, service_bodies b where v.key = @VolunteerKey and b.key = @BodyKey
                """, new
                {
                    Day = (short)shift.Day, shift.Start, shift.End, shift.VolunteerKey, shift.BodyKey, shift.Repeat,
                    shift.StartsOn, shift.Week, shift.FromDate, shift.UntilDate, shift.Backup,
                });

        return new ImportSummary(bodiesCreated, plan.Bodies.Count - bodiesCreated, volunteersCreated,
            plan.Volunteers.Count - volunteersCreated, contacts, plan.Shifts.Count);
    }
}
