using NAPhoneline.Shared.Privacy;
using System.Globalization;
using Dapper;
using Hangfire;
using NAPhoneline.Notifications;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;
using Npgsql;
using NodaTime;
using NodaTime.Text;

namespace NAPhoneline.Scheduling;

// Sends the due shift reminders (CONTRACT 13), then sweeps the cover requests (CoverRequests.SweepAsync) and the
// daily gap digests (GapDigest): a Hangfire
// recurring job every minute, any number of instances. Each
// reminder is its occurrence's row in shift_reminders, inserted with its text in the outbox in one transaction, so
// it goes out exactly once, whatever restarts or runs at the same time; a sweep after a restart sends what came due
// meanwhile, up to the shift's start.
public sealed class ShiftReminders(NpgsqlDataSource db, HelplineDirectory directory, OutboxSender outbox,
    CoverRequests covers, GapDigest digest, TimeProvider time, NumberVault vault, ILogger<ShiftReminders> log)
{
    public const string JobId = "shift-reminders";

    [AutomaticRetry(Attempts = 2)]
    [DisableConcurrentExecution(120)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var state = directory.Current;
        var sent = 0;
        foreach (var due in ReminderPlan.Due(now, state))
        {
            if (state.Volunteer(due.VolunteerId) is not { } volunteer || state.Body(due.ServiceBodyId) is not { } body
                || state.HelplineNumberFor(body.Id) is not { } from) continue;
            if (await SendAsync(due, volunteer, body, from, now, ct) is { } id)
            {
                sent++;
                await outbox.TrySendAsync(id, ct);
            }
        }
        if (sent > 0) log.LogInformation("{Count} shift reminder(s) sent", sent);
        // The same minute: open cover requests close to their shift go to the coordinators, and so do the day's gaps.
        await covers.SweepAsync(now, ct);
        await digest.RunAsync(now, ct);
        return sent;
    }

    // The outbox row's id when this call inserted the reminder; null when it was already there.
    async Task<long?> SendAsync(DueReminder due, DirectoryVolunteer volunteer, Helpline body, string from,
        Instant now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // A 4-digit code the volunteer has not had yet (unique per volunteer; a clash in a race fails the job,
        // and Hangfire's retry picks another).
        var code = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("""
            select c from (select lpad((floor(random() * 10000))::int::text, 4, '0') as c
                           from generate_series(1, 40)) x
            where c not in (select code from shift_reminders where volunteer_id = @VolunteerId)
            limit 1
            """, new { due.VolunteerId }, tx, cancellationToken: ct));
        if (code is null) return null;
        var inserted = await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition("""
            insert into shift_reminders (volunteer_id, service_body_id, starts_at, ends_at, code, reminded_at)
            values (@VolunteerId, @ServiceBodyId, @from, @until, @code, @now)
            on conflict (volunteer_id, service_body_id, starts_at) do nothing
            returning id
            """, new
            {
                due.VolunteerId, due.ServiceBodyId, from = due.From.ToDateTimeUtc(), until = due.Until.ToDateTimeUtc(),
                code, now = now.ToDateTimeUtc(),
            }, tx, cancellationToken: ct));
        if (inserted is null) return null;
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(body.TimeZone) ?? DateTimeZone.Utc;
        var text = Text(volunteer, body, due, zone, code);
        var id = await MessageOutbox.InsertAsync(conn, tx, vault, volunteer.Phone, from, text, now, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    // In the volunteer's first language: who, where, when (the body's clock), and the code to reply with.
    public static string Text(DirectoryVolunteer volunteer, Helpline body, DueReminder due, DateTimeZone zone,
        string code)
    {
        var prompts = Prompts.For(volunteer.Languages.FirstOrDefault());
        var culture = CultureInfo.GetCultureInfo(prompts.SayLanguage);
        var start = LocalDateTimePattern.Create(prompts.Text("DateFormat"), culture)
            .Format(due.From.InZone(zone).LocalDateTime);
        var end = due.Until.InZone(zone).LocalDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
        return prompts.Text("ShiftReminder", volunteer.FirstName, body.Name, start, end, code);
    }
}
