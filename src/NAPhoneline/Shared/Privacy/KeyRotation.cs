using Dapper;
using Microsoft.Extensions.Options;
using NAPhoneline.Hosting;
using Npgsql;

namespace NAPhoneline.Shared.Privacy;

public sealed record RotationCount(string Table, int Reencrypted, int Unopened);

// `rotate-key`: every value at rest that is not under the current Privacy:Key (clear text from before encryption,
// or a previous key's cipher) is opened with any known key and written again under the current one, in batches of
// one transaction each. Each row is updated only if it still holds what was read, so it can run beside the service
// and be run again (idempotent: a second run finds nothing). A value that does not open is left as it is, and
// counted. The requests' keyed hash is rewritten with the number, so lookups follow the current key too.
public sealed class KeyRotation(NpgsqlDataSource db, NumberVault vault, NumberHashes hashes, ILogger<KeyRotation> log)
{
    const int BatchSize = 500;

    // What rests encrypted, by table: the migration 0025 list. HashColumn: the keyed hash of the first column.
    sealed record Protected(string Table, string[] Columns, string? HashColumn = null);

    static readonly Protected[] Tables =
    [
        new("requests", ["callback_number"], "callback_hash"),
        new("outbox_sms", ["to_number", "body"]),
        new("outbox_email", ["to_address", "body"]),
    ];

    public async Task<IReadOnlyList<RotationCount>> RunAsync(CancellationToken ct)
    {
        var counts = new List<RotationCount>();
        foreach (var table in Tables) counts.Add(await RotateAsync(table, ct));
        return counts;
    }

    async Task<RotationCount> RotateAsync(Protected t, CancellationToken ct)
    {
        var due = string.Join(" or ", t.Columns.Select(c => $"({c} is not null and left({c}, 12) <> @prefix)"));
        var select = $"select id, {string.Join(", ", t.Columns)} from {t.Table} where id > @after and ({due}) "
            + "order by id limit @BatchSize";
        var sets = string.Join(", ", t.Columns.Select((c, i) => $"{c} = @new{i}"))
            + (t.HashColumn is { } h ? $", {h} = @hash" : "");
        var still = string.Join(" and ", t.Columns.Select((c, i) => $"{c} is not distinct from @old{i}"));
        var update = $"update {t.Table} set {sets} where id = @id and {still}";

        int reencrypted = 0, unopened = 0;
        long after = 0;
        await using var conn = await db.OpenConnectionAsync(ct);
        while (true)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var rows = (await conn.QueryAsync(new CommandDefinition(select,
                new { after, prefix = vault.CurrentPrefix, BatchSize }, tx, cancellationToken: ct)))
                .Cast<IDictionary<string, object?>>().ToList();
            if (rows.Count == 0) break;
            foreach (var row in rows)
            {
                after = (long)row["id"]!;
                var old = t.Columns.Select(c => row[c] as string).ToArray();
                string?[] clear;
                try { clear = old.Select(vault.Unprotect).ToArray(); }
                catch (System.Security.Cryptography.CryptographicException ex)
                {
                    unopened++;
                    log.LogWarning("{Table} {Id} does not open and is left as it is: {Message}", t.Table, after,
                        ex.Message);
                    continue;
                }
                var args = new DynamicParameters(new { id = after });
                for (var i = 0; i < old.Length; i++)
                {
                    args.Add($"old{i}", old[i]);
                    args.Add($"new{i}", vault.IsCurrent(old[i]) ? old[i] : vault.Protect(clear[i]));
                }
                if (t.HashColumn is not null) args.Add("hash", clear[0] is { } n ? hashes.Hash(n) : null);
                reencrypted += await conn.ExecuteAsync(new CommandDefinition(update, args, tx, cancellationToken: ct));
            }
            await tx.CommitAsync(ct);
        }
        return new RotationCount(t.Table, reencrypted, unopened);
    }

    // `dotnet run --project src/NAPhoneline -- rotate-key`: after Privacy:Key changed (the old key moved to
    // Privacy:PreviousKeys), and once after upgrading to encrypted numbers. Exit 1 when some value did not open.
    public static async Task<int> CommandAsync(WebApplication app, string[] args)
    {
        // Resolving the options runs their validation: a missing or short key is refused here too.
        try { _ = app.Services.GetRequiredService<IOptions<PrivacyOptions>>().Value; }
        catch (OptionsValidationException ex)
        {
            await System.Console.Error.WriteLineAsync("rotate-key: " + string.Join(" ", ex.Failures));
            return 2;
        }
        await app.Services.GetRequiredService<Data.DatabaseMigrator>().MigrateAsync();
        var vault = app.Services.GetRequiredService<NumberVault>();
        var counts = await app.Services.GetRequiredService<KeyRotation>().RunAsync(CancellationToken.None);
        foreach (var c in counts)
            System.Console.WriteLine($"{c.Table}: {c.Reencrypted} re-encrypted under key {vault.CurrentKeyId}"
                + (c.Unopened > 0 ? $", {c.Unopened} could not be opened (left as they are)" : ""));
        if (counts.Sum(c => c.Unopened) == 0)
        {
            System.Console.WriteLine("Every protected value is under the current key: Privacy:PreviousKeys can go "
                + "once each instance's journal is empty.");
            return 0;
        }
        return 1;
    }

    public static void Register() => OperatorCommands.Register("rotate-key", CommandAsync);
}
