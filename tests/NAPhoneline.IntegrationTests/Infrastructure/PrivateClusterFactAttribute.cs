namespace NAPhoneline.IntegrationTests.Infrastructure;

// For tests that stop and restart PostgreSQL: only possible on the private cluster the tests started themselves.
public sealed class PrivateClusterFactAttribute : FactAttribute
{
    public PrivateClusterFactAttribute()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("NAPHONELINE_TEST_DB")))
            Skip = "Stops PostgreSQL: runs only on the private cluster (NAPHONELINE_TEST_DB is set).";
    }
}
