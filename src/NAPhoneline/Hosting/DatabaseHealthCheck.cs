using Microsoft.Extensions.Diagnostics.HealthChecks;
using NAPhoneline.Data;
using Npgsql;

namespace NAPhoneline.Hosting;

// Ready means: PostgreSQL answers and the schema has been migrated. While the breaker is open the answer comes at
// once ("degraded: ..."), without another wait on a database that is known to be away.
public sealed class DatabaseHealthCheck(NpgsqlDataSource db, DatabaseBreaker breaker) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (breaker.Degraded is { } degraded) return HealthCheckResult.Unhealthy(degraded);
        try
        {
            var applied = await breaker.RunAsync(async c =>
            {
                await using var conn = await db.OpenConnectionAsync(c);
                await using var command = new NpgsqlCommand("select count(*) from schema_versions", conn)
                    { CommandTimeout = 2 };
                return (long)(await command.ExecuteScalarAsync(c) ?? 0L);
            }, TimeSpan.FromSeconds(2), ct);
            return applied > 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("database migrations not applied");
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return HealthCheckResult.Unhealthy("database migrations not applied");
        }
        catch (DatabaseUnavailableException)
        {
            return HealthCheckResult.Unhealthy(breaker.Degraded ?? "database unreachable");
        }
    }
}
