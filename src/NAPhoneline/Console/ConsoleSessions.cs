using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace NAPhoneline.Console;

public sealed record ConsoleSession(byte[] TokenHash, string Phone, string? Language);

// Sessions live in PostgreSQL so every instance knows them and sign-out is everywhere at once. The cookie carries
// a random token; the table only its hash.
public sealed class ConsoleSessions(NpgsqlDataSource db, IOptionsMonitor<ConsoleOptions> options, TimeProvider time)
{
    public async Task<string> StartAsync(string phone, string language, CancellationToken ct)
    {
        const string sql = """
            insert into console_sessions (token_hash, phone, language, created_at, last_seen_at)
            values (@hash, @phone, @language, @now, @now)
            """;
        var token = SignInCodes.Token(32);
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql,
            new { hash = Hash(token), phone, language, now = time.GetUtcNow() }, cancellationToken: ct));
        return token;
    }

    // Open, not idle too long, not too old; seen now (written at most once a minute, to spare the database).
    public async Task<ConsoleSession?> FindAsync(string token, CancellationToken ct)
    {
        const string sql = """
            update console_sessions set last_seen_at = case when last_seen_at < @now - interval '1 minute'
                                                            then @now else last_seen_at end
            where token_hash = @hash and ended_at is null and created_at > @createdAfter and last_seen_at > @seenAfter
            returning token_hash, phone, language
            """;
        var now = time.GetUtcNow();
        var o = options.CurrentValue;
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<ConsoleSession>(new CommandDefinition(sql, new
        {
            hash = Hash(token), now, createdAfter = now - o.AbsoluteTimeout, seenAfter = now - o.IdleTimeout,
        }, cancellationToken: ct));
    }

    public async Task EndAsync(byte[] tokenHash, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update console_sessions set ended_at = @now where token_hash = @tokenHash and ended_at is null",
            new { tokenHash, now = time.GetUtcNow() }, cancellationToken: ct));
    }

    // A person whose phone changed or who was retired: their sessions end (they would have no role anyway).
    public static Task<int> EndAllAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string phone, DateTimeOffset now,
        CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition(
            "update console_sessions set ended_at = @now where phone = @phone and ended_at is null",
            new { phone, now }, tx, cancellationToken: ct));

    public async Task SetLanguageAsync(byte[] tokenHash, string language, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "update console_sessions set language = @language where token_hash = @tokenHash",
            new { tokenHash, language }, cancellationToken: ct));
    }

    static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
