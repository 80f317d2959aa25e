using NAPhoneline.Shared.Journal;
using Npgsql;

namespace NAPhoneline.Shared.Calls;

// Call records journaled during an outage, written as the batch they were.
public sealed class CallRecordsReplay : IJournalHandler
{
    public JournalKind Kind => JournalKind.CallRecords;

    public Task ApplyAsync(JournalEntry entry, IReadOnlyList<JournalEntry> related, NpgsqlConnection conn,
        NpgsqlTransaction tx,
        CancellationToken ct) =>
        CallLog.ApplyAsync(conn, tx, entry.Read<List<CallEvent>>(), ct);
}
