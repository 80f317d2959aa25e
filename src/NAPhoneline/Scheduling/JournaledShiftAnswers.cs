using NAPhoneline.Shared.Privacy;
using NAPhoneline.Notifications;
using NAPhoneline.Shared.Journal;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Scheduling;

// An OK or CANT journaled during an outage, applied when PostgreSQL is back: the same rules as at once, checked
// against the time it is applied (a shift that began meanwhile is over), and the answer texted to the volunteer in
// the same transaction.
public sealed class JournaledShiftAnswers(ShiftReplies replies, CoverRequests covers, TimeProvider time,
    NumberVault vault)
    : IJournalHandler
{
    public JournalKind Kind => JournalKind.ShiftAnswer;

    public async Task ApplyAsync(JournalEntry entry, IReadOnlyList<JournalEntry> related, NpgsqlConnection conn,
        NpgsqlTransaction tx, CancellationToken ct)
    {
        var a = entry.Read<JournaledShiftAnswer>();
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var prompts = replies.PromptsFor(a.From, "en");
        var queued = new List<long>();
        var text = a.Answer == ShiftAnswer.Confirm
            ? ShiftReplies.ConfirmWords(await replies.RecordConfirmAsync(conn, tx, a.Code, a.From, now, ct), prompts,
                a.Code)
            : ShiftReplies.CantWords(await covers.CantAsync(conn, tx, a.Code, a.From, now, queued, ct), prompts,
                a.Code);
        if (a.To is { } helpline) await MessageOutbox.InsertAsync(conn, tx, vault, a.From, helpline, text, now, ct);
    }
}
