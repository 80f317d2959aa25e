using Dapper;
using Microsoft.Extensions.Options;
using NAPhoneline.Shared.Privacy;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Notifications;

// The request whose recording the sender fetches and attaches when it sends (never stored in the outbox), and
// what the email says instead if it cannot be had.
public sealed record EmailRecording(long RequestId, string IfMissing);

public sealed record OutgoingEmail(string To, string Subject, string Body, EmailRecording? Recording = null);

// Queues email for EmailSender, durably in outbox_email: whatever queues it answers at once, whatever SMTP is
// doing. With Smtp:Host empty email is off and nothing is queued (every method returns no ids).
//
// For the daily digest: `QueueAsync(to, subject, body, now, ct)` queues one plain-text email in its own statement;
// `QueueAsync(conn, tx, emails, now, ct)` queues inside the caller's transaction, so the email exists exactly when
// what caused it commits (a job that runs twice and rolls back once queues it once).
// The address and the body rest encrypted (NumberVault): a voicemail's text can carry the caller's number.
public sealed class EmailOutbox(NpgsqlDataSource db, IOptions<SmtpOptions> options, NumberVault vault)
{
    public bool Enabled => options.Value.Enabled;

    public async Task<long?> QueueAsync(string to, string subject, string body, Instant now, CancellationToken ct)
    {
        if (!Enabled) return null;
        await using var conn = await db.OpenConnectionAsync(ct);
        var ids = await QueueAsync(conn, null, [new OutgoingEmail(to, subject, body)], now, ct);
        return ids[0];
    }

    public async Task<IReadOnlyList<long>> QueueAsync(NpgsqlConnection conn, NpgsqlTransaction? tx,
        IReadOnlyList<OutgoingEmail> emails, Instant now, CancellationToken ct)
    {
        if (!Enabled) return [];
        var ids = new List<long>(emails.Count);
        foreach (var e in emails)
            ids.Add(await conn.QuerySingleAsync<long>(new CommandDefinition("""
                insert into outbox_email (to_address, subject, body, recording_of, without_recording, created_at,
                                          due_at)
                values (@To, @Subject, @Body, @recordingOf, @withoutRecording, @now, @now)
                returning id
                """, new
            {
                To = vault.Protect(e.To), e.Subject, Body = vault.Protect(e.Body), recordingOf = e.Recording?.RequestId,
                withoutRecording = e.Recording?.IfMissing, now = now.ToDateTimeUtc(),
            }, tx, cancellationToken: ct)));
        return ids;
    }
}
