using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using NAPhoneline.Data;
using NAPhoneline.IntegrationTests.Infrastructure;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Data;

[Collection(DatabaseCollection.Name)]
public sealed class MigrationsTests(TestDatabase database)
{
    [Fact]
    public async Task Every_script_is_applied_once_and_a_second_run_changes_nothing()
    {
        await using var db = NpgsqlDataSource.Create(database.ConnectionString);
        await using var conn = await db.OpenConnectionAsync();
        var before = await conn.QuerySingleAsync<long>("select count(*) from schema_versions");

        await new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();

        var scripts = typeof(DatabaseMigrator).Assembly.GetManifestResourceNames()
            .Count(n => n.EndsWith(".sql", StringComparison.Ordinal));
        Assert.Equal(scripts, before);
        Assert.Equal(before, await conn.QuerySingleAsync<long>("select count(*) from schema_versions"));
    }

    [Fact]
    public async Task Instances_starting_together_on_an_empty_database_apply_each_script_once()
    {
        var name = "naphoneline_concurrent_" + Guid.NewGuid().ToString("N")[..8];
        var server =
            new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = "postgres" }.ConnectionString;
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"create database {name}");
        }
        await using var db = NpgsqlDataSource.Create(
            new NpgsqlConnectionStringBuilder(database.ConnectionString) { Database = name }.ConnectionString);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            Task.Run(() => new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance).MigrateAsync())));

        await using var conn = await db.OpenConnectionAsync();
        var scripts = typeof(DatabaseMigrator).Assembly.GetManifestResourceNames()
            .Count(n => n.EndsWith(".sql", StringComparison.Ordinal));
        Assert.Equal(scripts, await conn.QuerySingleAsync<long>("select count(*) from schema_versions"));
        Assert.Equal(1, await conn.QuerySingleAsync<int>(
            "select count(*)::int from information_schema.tables where table_name = 'service_bodies'"));
    }
}
