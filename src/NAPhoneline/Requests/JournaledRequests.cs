using Dapper;
using NAPhoneline.Notifications;
using NAPhoneline.Shared.Journal;
using NAPhoneline.Shared.Privacy;
using NAPhoneline.Shared.Voice;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Requests;

// Moves a request journaled during an outage into PostgreSQL with its original times: the request, who was told and
// when, their texts (those already sent recorded as sent, the others left for the outbox), and its first deadline,
// from which the ladder carries on (an overdue one escalates at once). A code that another request took meanwhile
// is replaced, and the people told hear the new one.
public sealed class JournaledRequests(RequestIntake intake, RequestEmails emails, TimeProvider time,
    NumberVault vault, NumberHashes hashes) : IJournalHandler
{
    public JournalKind Kind => JournalKind.Request;

    public async Task ApplyAsync(JournalEntry entry, IReadOnlyList<JournalEntry> related, NpgsqlConnection conn,
        NpgsqlTransaction tx,
        CancellationToken ct)
    {
        var j = entry.Read<JournaledRequest>();
        var sent = related.Select(r => r.Read<NotifiedMark>()).ToList();
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var code = j.Code;
        for (var attempt = 0; await CodeTakenAsync(conn, tx, code, ct); attempt++) code = RequestCodes.Next(attempt);

        var id = await RequestStore.InsertAsync(conn, tx, vault, hashes, j.Request, code, j.From, j.VolunteersFirst,
            j.ResponsibleBodyId, j.DueAt,
            j.Text is null ? j.CreatedAt : null, j.CreatedAt, ct);
        if (id is null) return; // the database had it already (a write that went through after all)
        var row = await RequestStore.LockAsync(conn, tx, vault, id.Value,
            ct) ?? throw new InvalidOperationException("The request just written is gone.");
        if (j.Text is not null)
        {
            // The text was written in the language of the body whose contact it told.
            var chain = await RequestStore.ChainAsync(conn, tx, j.Request.ServiceBodyId, ct);
            var language = chain.FirstOrDefault(b => b.Id == j.ResponsibleBodyId)?.Language ?? "en";
            await RequestStore.NotifyAsync(conn, tx, vault, row, 0, j.Recipients, j.From!, j.Text, j.CreatedAt,
                new(emails, language), ct);
            // The recipients rest encrypted: the request's few unsent texts are opened here to find the ones sent.
            var unsent = await conn.QueryAsync<(long Id, string To)>(new CommandDefinition("""
                select id, to_number from outbox_sms where request_id = @id and sent_at is null
                """, new { id }, tx, cancellationToken: ct));
            var byPhone = unsent.ToLookup(u => vault.TryUnprotect(u.To));
            foreach (var mark in sent)
                await conn.ExecuteAsync(new CommandDefinition("""
                    update outbox_sms set sent_at = @at, message_sid = @Sid, attempts = 1 where id = any(@ids)
                    """, new { at = j.CreatedAt.ToDateTimeUtc(), mark.Sid, ids = byPhone[mark.Phone].Select(u => u.Id)
                        .ToArray() }, tx, cancellationToken: ct));
        }
        else
        {
            await RequestStore.EventAsync(conn, tx, id.Value, j.CreatedAt, "unanswered",
                j.UnansweredBecause ?? "nobody to tell", ct);
        }
        await RequestStore.EventAsync(conn, tx, id.Value, now, "journaled",
            $"recorded while the database was unavailable; {sent.Count} of {j.Recipients.Count} texted at once", ct);
        if (code != j.Code)
        {
            await RequestStore.EventAsync(conn, tx, id.Value, now, "code-changed", $"{j.Code} was in use: now {code}",
                ct);
            if (j.From is not null)
                foreach (var phone in j.Recipients.Select(r => r.Phone).Distinct())
                    await MessageOutbox.InsertAsync(conn, tx, vault, phone, j.From,
                        Prompts.For(j.Request.Language).Text("RequestCodeChanged", j.Code, code), now, ct, id);
        }
    }

    public void Applied(JournalEntry entry) => intake.Moved(entry.Read<JournaledRequest>().Code);

    static Task<bool> CodeTakenAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string code, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from requests where code = @code and status <> 'resolved')", new { code }, tx,
                cancellationToken: ct));
}

// An ACK or DONE texted during an outage, applied at the time it was sent. One for a request this instance held
// was answered then; any other is answered now, by text from the helpline number it was sent to.
public sealed class JournaledActions(TimeProvider time, NumberVault vault) : IJournalHandler
{
    public JournalKind Kind => JournalKind.RequestAction;

    public async Task ApplyAsync(JournalEntry entry, IReadOnlyList<JournalEntry> related, NpgsqlConnection conn,
        NpgsqlTransaction tx,
        CancellationToken ct)
    {
        var a = entry.Read<JournaledAction>();
        var code = a.Origin is null ? a.Code
            : await conn.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                "select code from requests where origin = @Origin", a, tx, cancellationToken: ct)) ?? a.Code;
        var outcome = a.Command == RequestCommand.Acknowledge
            ? await RequestActions.AcknowledgeAsync(conn, tx, vault, code, a.Phone, a.Language, a.At, ct,
                tellOthers: !a.AnsweredLocally)
            : await RequestActions.ResolveAsync(conn, tx, vault, code, a.Phone, a.At, ct);
        if (a.AnsweredLocally) return;
        var from = a.To ?? outcome.Request?.HelplineNumber;
        if (from is null) return;
        await MessageOutbox.InsertAsync(conn, tx, vault, a.Phone, from,
            RequestSms.Text(outcome, a.Command, Prompts.For(a.Language), code),
            Instant.FromDateTimeOffset(time.GetUtcNow()), ct, outcome.Request?.Id);
    }
}
