using Dapper;
using NAPhoneline.Console;
using NAPhoneline.Console.Audit;
using NAPhoneline.Shared;
using NAPhoneline.State;
using Npgsql;

namespace NAPhoneline.Helplines;

public sealed record StoredVolunteer
{
    public long Id { get; init; }
    public string Key { get; init; } = "";
    public string Name { get; init; } = "";
    public string Phone { get; init; } = "";
    public string[] Languages { get; init; } = [];
    public string? Gender { get; init; }
    public bool TwelfthStep { get; init; }
    public bool Active { get; init; }
    public bool Reminders { get; init; } = true;
    public long? ServiceBodyId { get; init; }
    public string? HomeBodyKey { get; init; }
}

// What the console asks for: the fields of the form, the phone as typed or normalised, the home body chosen.
// AuditBodyId: a body the change is also audited under (retiring a volunteer of no home body).
public sealed record VolunteerInput(VolunteerConfig Config, long? HomeBodyId, long? AuditBodyId = null);

public enum VolunteerOutcome { Saved, Refused, Missing }

public sealed record VolunteerResult(VolunteerOutcome Outcome, string? Key = null,
    IReadOnlyList<ConfigError>? Errors = null, string? PhoneTakenBy = null);

// The console's writes of one volunteer's row. Checked by the import's validator, but written here: the import
// replaces the shifts of every volunteer it names, and a change of name or phone must leave the shifts alone.
public sealed class ConsoleVolunteerStore(NpgsqlDataSource db, TimeProvider time)
{
    // Adds a volunteer (key null: one is made from the name) or changes one. `build` gets the row as it is now,
    // under the lock, says what it becomes and whether the form refused already (then the validator's word on
    // the rest is still given, and nothing is written).
    public async Task<VolunteerResult> SaveAsync(string? key, string actor,
        Func<StoredVolunteer?, (VolunteerInput Input, bool Refused)> build, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await HelplineStore.LockAsync(conn, tx, ct);
        var existing = await HelplineStore.ExistingAsync(conn, tx, ct);
        var before = key is null ? null : await FindAsync(conn, tx, key, ct);
        if (key is not null && before is null) return new VolunteerResult(VolunteerOutcome.Missing);

        var (input, refused) = build(before);
        var newKey = key ?? VolunteerKeys.From(input.Config.Name, existing.VolunteerKeys);
        var (plan, errors) = HelplineConfigValidator.Validate(
            new HelplineConfig { Volunteers = [input.Config with { Key = newKey }] }, existing);
        var row = plan?.Volunteers[0];
        // Texts find a volunteer by their number: two active volunteers may not share one.
        var owner = row is { Active: true } ? await PhoneOwnerAsync(conn, tx, row.Phone, row.Key, ct) : null;
        if (row is null || refused || owner is not null)
            return new VolunteerResult(VolunteerOutcome.Refused, Errors: errors, PhoneTakenBy: owner);
        // Saving the form unchanged writes nothing, and leaves the audit log to real changes.
        if (before is not null && before.Name == row.Name && before.Phone == row.Phone
            && before.Languages.SequenceEqual(row.Languages) && before.Gender == row.Gender
            && before.TwelfthStep == row.TwelfthStep && before.Active == row.Active
            && before.Reminders == row.Reminders
            && before.ServiceBodyId == input.HomeBodyId)
            return new VolunteerResult(VolunteerOutcome.Saved, row.Key);

        const string upsert = """
            insert into volunteers (key, name, phone, languages, gender, twelfth_step, active, service_body_id,
                                    reminders)
            values (@Key, @Name, @Phone, @Languages, @Gender, @TwelfthStep, @Active, @HomeBodyId, @Reminders)
            on conflict (key) do update set name = excluded.name, phone = excluded.phone,
                languages = excluded.languages, gender = excluded.gender, twelfth_step = excluded.twelfth_step,
                active = excluded.active, service_body_id = excluded.service_body_id,
                reminders = excluded.reminders, updated_at = now()
            returning (select key from service_bodies where id = @HomeBodyId)
            """;
        var homeKey = await conn.ExecuteScalarAsync<string?>(new CommandDefinition(upsert, new
        {
            row.Key, row.Name, row.Phone, row.Languages, row.Gender, row.TwelfthStep, row.Active, input.HomeBodyId,
            row.Reminders,
        }, tx, cancellationToken: ct));

        var now = time.GetUtcNow();
        var action = before is null ? "added"
            : before.Active && !row.Active ? "retired"
            : !before.Active && row.Active ? "reactivated" : "changed";
        var was = before is null ? null : Snapshot(before.Name, before.Phone, before.Languages, before.TwelfthStep,
            before.Gender, before.Active, before.HomeBodyKey, before.Reminders);
        var state = Snapshot(row.Name, row.Phone, row.Languages, row.TwelfthStep, row.Gender, row.Active, homeKey,
            row.Reminders);
        // One row for each body they belong to, as the import writes them, so each body's coordinators see it.
        foreach (var body in await BodiesAsync(conn, tx, row.Key, [input.HomeBodyId, before?.ServiceBodyId,
                     input.AuditBodyId], ct))
            await AuditLog.WriteAsync(conn, tx, new AuditEntry(actor, body, "volunteer", row.Key, action, was, state),
                now, ct);
        // A retired volunteer or an old number has no business in the console any more.
        if (before is not null && (before.Phone != row.Phone || before.Active && !row.Active))
            await ConsoleSessions.EndAllAsync(conn, tx, before.Phone, now, ct);
        await ChangeNotice.SendAsync(conn, tx, StateTopic.Structure, ct);
        await tx.CommitAsync(ct);
        return new VolunteerResult(VolunteerOutcome.Saved, row.Key);
    }

    static object Snapshot(string name, string phone, string[] languages, bool twelfthStep, string? gender,
        bool active, string? homeBody, bool reminders) =>
        new { name, phone = E164.Mask(phone), languages, twelfthStep, gender, active, homeBody, reminders };

    static Task<StoredVolunteer?> FindAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string key,
        CancellationToken ct)
    {
        const string sql = """
            select v.id, v.key, v.name, v.phone, v.languages, v.gender, v.twelfth_step, v.active, v.reminders,
                   v.service_body_id, b.key as home_body_key
            from volunteers v left join service_bodies b on b.id = v.service_body_id
            where v.key = @key
            """;
        return conn.QuerySingleOrDefaultAsync<StoredVolunteer>(new CommandDefinition(sql, new { key }, tx,
            cancellationToken: ct));
    }

    static async Task<IEnumerable<long?>> BodiesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string key,
        long?[] also, CancellationToken ct)
    {
        const string sql = """
            select distinct s.service_body_id from shifts s join volunteers v on v.id = s.volunteer_id
            where v.key = @key
            """;
        var shifts = await conn.QueryAsync<long>(new CommandDefinition(sql, new { key }, tx, cancellationToken: ct));
        var bodies = also.OfType<long>().Concat(shifts).Distinct().Select(b => (long?)b).ToList();
        return bodies.Count == 0 ? [null] : bodies;
    }

    static Task<string?> PhoneOwnerAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string phone, string key,
        CancellationToken ct) =>
        conn.ExecuteScalarAsync<string?>(new CommandDefinition(
            "select name from volunteers where phone = @phone and active and key <> @key order by id limit 1",
            new { phone, key }, tx, cancellationToken: ct));
}
