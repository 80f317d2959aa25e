using Microsoft.Extensions.Logging.Abstractions;
using NAPhoneline.Data;
using Npgsql;
using Respawn;

namespace NAPhoneline.IntegrationTests.Infrastructure;

// One database per test run: NAPHONELINE_TEST_DB when set, else a private cluster. Migrated once with the
// production migrator; Respawn empties our tables before each test (schema journal and Hangfire's schema stay).
public sealed class TestDatabase : IAsyncLifetime
{
    static readonly SemaphoreSlim Gate = new(1, 1);
    static PrivatePostgres? cluster;
    static string? connectionString;
    static Respawner? respawner;

    public string ConnectionString => connectionString!;

    internal static PrivatePostgres? Cluster => cluster;

    public async Task InitializeAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (connectionString is not null) return;
            var external = Environment.GetEnvironmentVariable("NAPHONELINE_TEST_DB");
            if (string.IsNullOrWhiteSpace(external))
            {
                cluster = PrivatePostgres.Start();
                await using (var admin = new NpgsqlConnection(cluster.ConnectionString))
                {
                    await admin.OpenAsync();
                    await using var create = new NpgsqlCommand("create database naphoneline_test", admin);
                    await create.ExecuteNonQueryAsync();
                }
                connectionString = cluster.ConnectionString + ";Database=naphoneline_test";
            }
            else
            {
                connectionString = external;
            }

            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            await new DatabaseMigrator(dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
            await using var conn = await dataSource.OpenConnectionAsync();
            respawner = await Respawner.CreateAsync(conn, new RespawnerOptions
            {
                DbAdapter = DbAdapter.Postgres,
                SchemasToInclude = ["public"],
                TablesToIgnore = [new Respawn.Graph.Table("public", "schema_versions")],
            });
        }
        finally
        {
            Gate.Release();
        }
    }

    public async Task ResetAsync()
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        // An earlier test's service may still be finishing a write or a rollup: deleting every table at once can
        // meet it in a deadlock, which PostgreSQL breaks by failing one of the two. Then the reset runs again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await respawner!.ResetAsync(conn);
                break;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
                await Task.Delay(50 * attempt);
            }
        }
        // Jobs left by an earlier test would run against this one's data.
        await using var jobs = new NpgsqlCommand("""
            do $$ begin
                if exists (select 1 from information_schema.schemata where schema_name = 'hangfire') then
                    truncate hangfire.job, hangfire.jobqueue, hangfire.set, hangfire.hash, hangfire.list,
                        hangfire.counter, hangfire.lock cascade;
                end if;
            end $$;
            """, conn);
        await jobs.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // Stops the private cluster until the returned handle is disposed (other tests wait: one collection runs serially).
    public Task<IAsyncDisposable> StopServerAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (cluster is null) throw new InvalidOperationException(
            "Stopping the database needs the private cluster (unset NAPHONELINE_TEST_DB).");
        cluster.StopServerOnly();
        return Task.FromResult<IAsyncDisposable>(new Restart(cluster));
    }

    // Freezes the private cluster (SIGSTOP) until the returned handle is disposed (SIGCONT).
    public IAsyncDisposable Freeze()
    {
        if (cluster is null) throw new InvalidOperationException(
            "Freezing the database needs the private cluster (unset NAPHONELINE_TEST_DB).");
        return new Thaw(cluster, cluster.Freeze());
    }

    sealed class Thaw(PrivatePostgres cluster, IReadOnlyList<int> frozen) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            cluster.Thaw(frozen);
            return ValueTask.CompletedTask;
        }
    }

    sealed class Restart(PrivatePostgres cluster) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            cluster.Restart();
            NpgsqlConnection.ClearAllPools();
            return ValueTask.CompletedTask;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DatabaseCollection : ICollectionFixture<TestDatabase>
{
    public const string Name = "database";
}
