using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NAPhoneline.Hosting;
using NAPhoneline.Shared.Privacy;
using NodaTime;

namespace NAPhoneline.Shared.Journal;

public enum JournalKind
{
    Request,        // a request a caller left (Twelfth Step, chair message, voicemail)
    RequestAction,  // ACK or DONE by text
    CallRecords,    // a batch of call-record events
    Notified,       // a first notification of a journaled request went out (Refers: the request)
    Applied,        // the entry named by Refers is in PostgreSQL
    ShiftAnswer,    // OK or CANT to a shift reminder by text
}

public sealed record JournalEntry(Guid Id, JournalKind Kind, Instant At, JsonElement Data, Guid? Refers = null)
{
    public T Read<T>() => Data.Deserialize<T>(LocalJournal.Json)!;
}

// What callers and texters leave while PostgreSQL is unavailable: one JSON line per entry in a local file, flushed
// to disk (fsync) before Append returns, so nothing the caller was told is recorded survives only in memory. An
// entry stays pending until an Applied line names it; when none is pending the file is emptied. An entry's data
// holds callback numbers and texts, so it is written encrypted (NumberVault: only the id, kind, time and reference
// are in clear), and the file is readable by the service's user only. Lines written before that (plain "data")
// are still read.
public sealed class LocalJournal(IOptions<PhonelineOptions> options, IHostEnvironment env, NumberVault vault,
    ILogger<LocalJournal> log)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters =
        {
            NodaTime.Serialization.SystemTextJson.NodaConverters.InstantConverter,
            new System.Text.Json.Serialization.JsonStringEnumConverter(),
        },
    };

    readonly SemaphoreSlim gate = new(1, 1);

    public string Folder => Path.GetFullPath(options.Value.JournalPath, env.ContentRootPath);

    string FilePath => Path.Combine(Folder, "journal.jsonl");

    sealed record Line(Guid Id, JournalKind Kind, Instant At, JsonElement? Data, Guid? Refers, string? Sealed = null);

    // Lines whose data did not open (a key no longer configured): never taken as applied, so never compacted away.
    int unopened;

    public async Task<Guid> AppendAsync<T>(JournalKind kind, T data, Instant at, Guid? refers = null,
        CancellationToken ct = default)
    {
        var id = Guid.NewGuid();
        var line = new Line(id, kind, at, null, refers, vault.Protect(JsonSerializer.Serialize(data, Json)));
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(line, Json) + "\n");
        await gate.WaitAsync(ct);
        try
        {
            await using var file = Open();
            await file.WriteAsync(bytes, ct);
            file.Flush(flushToDisk: true);
        }
        finally
        {
            gate.Release();
        }
        return id;
    }

    // Entries not yet applied, in the order they were written, with the lines that refer to them.
    public async Task<IReadOnlyList<(JournalEntry Entry, IReadOnlyList<JournalEntry> Related)>> PendingAsync(
        CancellationToken ct)
    {
        var all = await ReadAllAsync(ct);
        var applied = all.Where(e => e.Kind == JournalKind.Applied && e.Refers is not null).Select(e => e.Refers!.Value)
            .ToHashSet();
        var related = all.Where(e => e.Kind == JournalKind.Notified && e.Refers is not null).ToLookup(e =>
            e.Refers!.Value);
        return all.Where(e => e.Kind is not (JournalKind.Applied or JournalKind.Notified) && !applied.Contains(e.Id))
            .Select(e => (e, (IReadOnlyList<JournalEntry>)related[e.Id].ToList())).ToList();
    }

    public Task MarkAppliedAsync(Guid id, Instant at, CancellationToken ct) =>
        AppendAsync(JournalKind.Applied, new { }, at, id, ct);

    // Empties the file once everything in it is in PostgreSQL (checked under the lock, so nothing new is lost).
    public async Task CompactAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (!File.Exists(FilePath)) return;
            var all = await ReadUnlockedAsync(ct);
            if (unopened > 0) return;
            var applied = all.Where(e => e.Kind == JournalKind.Applied).Select(e => e.Refers).ToHashSet();
            if (all.Any(e => e.Kind is not (JournalKind.Applied or JournalKind.Notified)
                && !applied.Contains(e.Id))) return;
            await using var file = new FileStream(FilePath, FileMode.Truncate, FileAccess.Write);
            file.Flush(flushToDisk: true);
        }
        finally
        {
            gate.Release();
        }
    }

    async Task<List<JournalEntry>> ReadAllAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            return await ReadUnlockedAsync(ct);
        }
        finally
        {
            gate.Release();
        }
    }

    async Task<List<JournalEntry>> ReadUnlockedAsync(CancellationToken ct)
    {
        var entries = new List<JournalEntry>();
        unopened = 0;
        if (!File.Exists(FilePath)) return entries;
        var number = 0;
        foreach (var text in await File.ReadAllLinesAsync(FilePath, ct))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            try
            {
                var line = JsonSerializer.Deserialize<Line>(text, Json)!;
                var data = line.Sealed is { } sealedData
                    ? JsonDocument.Parse(vault.Unprotect(sealedData)).RootElement.Clone()
                    : line.Data ?? default;
                entries.Add(new JournalEntry(line.Id, line.Kind, line.At, data, line.Refers));
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                unopened++;
                log.LogError("Journal {File} line {Line} does not open (is its key in Privacy:PreviousKeys?); it is "
                    + "kept and the journal is not emptied: {Message}", FilePath, number, ex.Message);
            }
            catch (JsonException ex)
            {
                // A line cut short by a crash mid-write was never acknowledged to anyone: skip it, say so.
                log.LogWarning("Journal {File} line {Line} is unreadable and skipped: {Message}", FilePath, number,
                    ex.Message);
            }
        }
        return entries;
    }

    FileStream Open()
    {
        Directory.CreateDirectory(Folder);
        var create = !File.Exists(FilePath);
        var file = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read);
        if (create && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return file;
    }
}
