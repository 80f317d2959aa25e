using DbUp;
using DbUp.Engine.Output;
using Npgsql;

namespace NAPhoneline.Data;

// Applies the numbered scripts in Data/Migrations with DbUp. DbUp itself does not serialise concurrent runners,
// so a session advisory lock makes a second instance wait until the first has finished.
public sealed class DatabaseMigrator(NpgsqlDataSource db, ILogger<DatabaseMigrator> logger)
{
    const long LockKey = 0x4E41_5068_6F6E; // "NAPhon"

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand("select pg_advisory_lock(@key)", conn))
        {
            lockCommand.Parameters.AddWithValue("key", LockKey);
            lockCommand.CommandTimeout = 0; // waiting for another instance's migration is expected
            await lockCommand.ExecuteNonQueryAsync(ct);
        }
        try
        {
            var upgrader = DeployChanges.To
                .PostgresqlDatabase(db.ConnectionString)
                .WithScriptsEmbeddedInAssembly(
                    typeof(DatabaseMigrator).Assembly, name => name.EndsWith(".sql", StringComparison.Ordinal))
                .WithTransactionPerScript()
                .WithExecutionTimeout(TimeSpan.FromMinutes(5))
                .JournalToPostgresqlTable("public", "schema_versions")
                .LogTo(new DbUpLogger(logger))
                .Build();
            var result = upgrader.PerformUpgrade();
            if (!result.Successful)
                throw new InvalidOperationException(
                    $"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("select pg_advisory_unlock(@key)", conn);
            unlock.Parameters.AddWithValue("key", LockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    sealed class DbUpLogger(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) { }
        public void LogDebug(string format, params object[] args) { }
        public void LogInformation(string format, params object[] args) =>
            logger.LogInformation(
                "{Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
        public void LogWarning(string format, params object[] args) =>
            logger.LogWarning(
                "{Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
        public void LogError(string format, params object[] args) =>
            logger.LogError(
                "{Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
        public void LogError(Exception ex, string format, params object[] args) =>
            logger.LogError(
                ex, "{Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}
