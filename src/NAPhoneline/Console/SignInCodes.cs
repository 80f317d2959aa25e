using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace NAPhoneline.Console;

public sealed record IssuedCode(string Attempt, string Code, CodeRequestVerdict Verdict);

// Codes are stored hashed, and numbers only as a hash unless they belong to someone who may sign in.
public sealed class SignInCodes(NpgsqlDataSource db, IOptionsMonitor<ConsoleOptions> options, TimeProvider time)
{
    public async Task<IssuedCode> IssueAsync(string phone, bool forAPerson, string address, CancellationToken ct)
    {
        const string counts = """
            select (select count(*) from console_codes where phone_key = @key and created_at > @since)::int,
                   (select count(*) from console_codes where address = @address and created_at > @since)::int
            """;
        const string insert = """
            insert into console_codes (attempt, phone_key, phone, code_hash, address, created_at, expires_at)
            values (@attempt, @key, @phone, @hash, @address, @now, @expires)
            """;
        var now = time.GetUtcNow();
        var key = PhoneKey(phone);
        await using var conn = await db.OpenConnectionAsync(ct);
        var (forNumber, fromAddress) = await conn.QuerySingleAsync<(int, int)>(new CommandDefinition(counts,
            new { key, address, since = now.AddHours(-1) }, cancellationToken: ct));
        var verdict = SignInRules.MaySend(forNumber, fromAddress, options.CurrentValue);
        if (verdict != CodeRequestVerdict.Send) return new IssuedCode("", "", verdict);

        var attempt = Token(24);
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        await conn.ExecuteAsync(new CommandDefinition(insert, new
        {
            attempt, key, phone = forAPerson ? phone : null, hash = Hash(attempt, code), address, now,
            expires = now + options.CurrentValue.CodeLifetime,
        }, cancellationToken: ct));
        return new IssuedCode(attempt, code, verdict);
    }

    // Counts the try whatever its result, in the same statement that reads the code, so parallel guesses count too.
    public async Task<(CodeVerdict Verdict, string? Phone)> VerifyAsync(string attempt, string code,
        CancellationToken ct)
    {
        const string sql = """
            update console_codes set tries = tries + 1 where attempt = @attempt
            returning phone, code_hash, expires_at, tries - 1 as tries, used_at is not null as used
            """;
        const string use = "update console_codes set used_at = @now where attempt = @attempt and used_at is null";
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<CodeRow>(new CommandDefinition(sql, new { attempt },
            cancellationToken: ct));
        var state = row is null ? null
            : new SignInRules.CodeState(row.Phone is not null,
                new DateTimeOffset(DateTime.SpecifyKind(row.ExpiresAt, DateTimeKind.Utc)), row.Tries, row.Used);
        var matches = row is not null && CryptographicOperations.FixedTimeEquals(row.CodeHash, Hash(attempt, code));
        var verdict = SignInRules.Check(state, matches, now, options.CurrentValue.CodeTries);
        // Single use: of two requests with the right code at once, only the one that marks it used signs in.
        if (verdict == CodeVerdict.SignedIn && await conn.ExecuteAsync(new CommandDefinition(use,
                new { attempt, now }, cancellationToken: ct)) != 1)
            verdict = CodeVerdict.Used;
        return (verdict, verdict == CodeVerdict.SignedIn ? row!.Phone : null);
    }

    public static string PhoneKey(string phone) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("console-code:" + phone)));

    static byte[] Hash(string attempt, string code) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(attempt), Encoding.UTF8.GetBytes(code.Trim()));

    internal static string Token(int bytes) => Base64Url(RandomNumberGenerator.GetBytes(bytes));

    static string Base64Url(byte[] data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    sealed record CodeRow
    {
        public string? Phone { get; init; }
        public byte[] CodeHash { get; init; } = [];
        public DateTime ExpiresAt { get; init; }
        public int Tries { get; init; }
        public bool Used { get; init; }
    }
}
