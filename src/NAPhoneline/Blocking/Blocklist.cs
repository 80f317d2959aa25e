using Dapper;
using NAPhoneline.Shared.Privacy;
using NAPhoneline.State;
using NodaTime;
using Npgsql;

namespace NAPhoneline.Blocking;

// The active blocklist in memory, reloaded on change (StateTopic.Blocklist), so a call is rejected without a query.
// Volunteers and contacts are never blocked: a prefix or "anonymous" entry must not cut off the people who answer.
public sealed class Blocklist(NpgsqlDataSource db, HelplineDirectory directory, NumberHashes hashes,
    TimeProvider time) : IReloadable
{
    volatile IReadOnlyList<BlockEntry> entries = [];

    public StateTopic Topic => StateTopic.Blocklist;

    public IReadOnlyList<BlockEntry> Entries => entries;

    public BlockEntry? Blocked(string? from, Helpline? helpline)
    {
        var current = entries;
        if (current.Count == 0) return null;
        var state = directory.Current;
        if (from is not null && (state.VolunteerByPhone(from) is { Active: true }
            || state.AllContacts.Any(c => c.Phone == from))) return null;
        var chain = helpline is null ? [] : state.Chain(helpline.Id).Select(b => b.Id).ToList();
        var mine = string.IsNullOrWhiteSpace(from) ? [] : hashes.Hashes(from);
        return BlockRules.Find(current, from, mine, chain, Instant.FromDateTimeOffset(time.GetUtcNow()));
    }

    public async Task ReloadAsync(CancellationToken ct)
    {
        const string sql = """
            select id, kind, number_hash, prefix, service_body_id, until from blocklist
            where removed_at is null order by id
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await conn.QueryAsync<Row>(new CommandDefinition(sql, cancellationToken: ct));
        entries = rows.Select(r => new BlockEntry(r.Id, BlockRules.Parse(r.Kind) ?? BlockKind.Number, r.NumberHash,
            r.Prefix, r.ServiceBodyId,
            r.Until is { } u ? Instant.FromDateTimeUtc(DateTime.SpecifyKind(u, DateTimeKind.Utc)) : null, "")).ToList();
    }

    sealed record Row
    {
        public long Id { get; init; }
        public string Kind { get; init; } = "";
        public string? NumberHash { get; init; }
        public string? Prefix { get; init; }
        public long? ServiceBodyId { get; init; }
        public DateTime? Until { get; init; }
    }
}
