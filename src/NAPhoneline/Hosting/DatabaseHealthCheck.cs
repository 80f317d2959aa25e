using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace NAPhoneline.Hosting;

// Ready means: PostgreSQL answers and the schema has been migrated.
public sealed class DatabaseHealthCheck(NpgsqlDataSource db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            await using var command = new NpgsqlCommand("select count(*) from schema_versions", conn) { CommandTimeout = 2 };
            var applied = (long)(await command.ExecuteScalarAsync(ct) ?? 0L);
            return applied > 0 ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("database migrations not applied");
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return HealthCheckResult.Unhealthy("database migrations not applied");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("database unreachable: " + ex.Message);
        }
    }
}
