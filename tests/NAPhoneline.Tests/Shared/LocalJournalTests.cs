using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NAPhoneline.Hosting;
using NAPhoneline.Shared.Journal;
using NAPhoneline.Shared.Privacy;
using NodaTime;

namespace NAPhoneline.Tests.Shared;

public sealed class LocalJournalTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "journal-test-" + Guid.NewGuid().ToString("N"));
    readonly Instant at = Instant.FromUtc(2026, 11, 24, 20, 0);

    static readonly string TestKey = Convert.ToBase64String(Enumerable.Repeat((byte)3, 32).ToArray());

    LocalJournal Journal(string? key = null, params string[] previous) =>
        new(Options.Create(new PhonelineOptions { JournalPath = folder }), new Environment(),
            new NumberVault(Options.Create(new PrivacyOptions { Key = key ?? TestKey, PreviousKeys = [.. previous] })),
            NullLogger<LocalJournal>.Instance);

    sealed record Note(string Text);

    [Fact]
    public async Task An_entry_is_pending_until_applied_and_survives_a_new_process()
    {
        var first = Journal();
        var id = await first.AppendAsync(JournalKind.Request, new Note("twelfth step"), at);
        await first.AppendAsync(JournalKind.Notified, new Note("sent"), at, refers: id);

        // A new journal over the same folder: what a restart after a crash sees.
        var pending = Assert.Single(await Journal().PendingAsync(CancellationToken.None));
        Assert.Equal((id, JournalKind.Request, "twelfth step", at), (pending.Entry.Id, pending.Entry.Kind,
            pending.Entry.Read<Note>().Text, pending.Entry.At));
        Assert.Equal("sent", Assert.Single(pending.Related).Read<Note>().Text);

        await first.MarkAppliedAsync(id, at, CancellationToken.None);
        Assert.Empty(await Journal().PendingAsync(CancellationToken.None));
        await first.CompactAsync(CancellationToken.None);
        Assert.Equal(0, new FileInfo(Path.Combine(folder, "journal.jsonl")).Length);
    }

    [Fact]
    public async Task Compacting_keeps_what_is_still_pending()
    {
        var journal = Journal();
        await journal.AppendAsync(JournalKind.CallRecords, new Note("a"), at);
        await journal.CompactAsync(CancellationToken.None);
        Assert.Single(await journal.PendingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_line_cut_short_by_a_crash_is_skipped_and_the_rest_is_read()
    {
        var journal = Journal();
        await journal.AppendAsync(JournalKind.Request, new Note("kept"), at);
        await File.AppendAllTextAsync(Path.Combine(folder, "journal.jsonl"), "{\"id\":\"12");
        Assert.Equal("kept", Assert.Single(await journal.PendingAsync(CancellationToken.None)).Entry.Read<Note>().Text);
    }

    [Fact]
    public async Task The_file_is_readable_by_the_service_user_only()
    {
        await Journal().AppendAsync(JournalKind.Request, new Note("x"), at);
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder,
            "journal.jsonl")));
    }

    [Fact]
    public async Task What_an_entry_holds_is_not_in_the_file_in_clear()
    {
        await Journal().AppendAsync(JournalKind.Request, new Note("call +16195550142"), at);
        var text = await File.ReadAllTextAsync(Path.Combine(folder, "journal.jsonl"));
        Assert.DoesNotContain("6195550142", text, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"Request\"", text, StringComparison.Ordinal);
        Assert.Equal("call +16195550142",
            Assert.Single(await Journal().PendingAsync(CancellationToken.None)).Entry.Read<Note>().Text);
    }

    [Fact]
    public async Task A_line_written_before_encryption_is_still_read()
    {
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "journal.jsonl"), """
            {"id":"6f9619ff-8b86-d011-b42d-00cf4fc964ff","kind":"Request","at":"2026-11-24T20:00:00Z","data":{"text":"old"}}

            """);
        Assert.Equal("old",
            Assert.Single(await Journal().PendingAsync(CancellationToken.None)).Entry.Read<Note>().Text);
    }

    [Fact]
    public async Task After_a_rotation_entries_under_the_previous_key_open_and_without_it_are_never_compacted_away()
    {
        var old = Convert.ToBase64String(Enumerable.Repeat((byte)4, 32).ToArray());
        await Journal(old).AppendAsync(JournalKind.Request, new Note("kept"), at);
        Assert.Equal("kept", Assert.Single(await Journal(TestKey, old).PendingAsync(CancellationToken.None))
            .Entry.Read<Note>().Text);

        var withoutOld = Journal(TestKey);
        Assert.Empty(await withoutOld.PendingAsync(CancellationToken.None));
        await withoutOld.CompactAsync(CancellationToken.None);
        Assert.NotEqual(0, new FileInfo(Path.Combine(folder, "journal.jsonl")).Length);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    sealed class Environment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "NAPhoneline";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
