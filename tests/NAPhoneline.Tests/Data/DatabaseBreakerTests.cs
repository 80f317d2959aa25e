using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NAPhoneline.Data;
using Npgsql;

namespace NAPhoneline.Tests.Data;

public sealed class DatabaseBreakerTests
{
    readonly DatabaseBreaker breaker = new(NullLogger<DatabaseBreaker>.Instance, new FakeTimeProvider());

    [Fact]
    public async Task A_database_that_never_answers_costs_one_budget_then_nothing()
    {
        var never = new TaskCompletionSource<int>();
        await Assert.ThrowsAsync<DatabaseUnavailableException>(() =>
            breaker.RunAsync(_ => never.Task, TimeSpan.FromMilliseconds(50), CancellationToken.None));
        Assert.False(breaker.IsAvailable);
        Assert.StartsWith("degraded: database unavailable", breaker.Degraded, StringComparison.Ordinal);

        // Open: the next caller does not even start the work.
        var started = false;
        await Assert.ThrowsAsync<DatabaseUnavailableException>(() =>
            breaker.RunAsync(_ => { started = true; return Task.FromResult(1); }, TimeSpan.FromSeconds(5),
                CancellationToken.None));
        Assert.False(started);
    }

    [Fact]
    public async Task A_refused_connection_opens_it_and_a_constraint_violation_does_not()
    {
        await Assert.ThrowsAsync<PostgresException>(() => breaker.RunAsync<int>(
            _ => throw new PostgresException("duplicate key", "ERROR", "ERROR", PostgresErrorCodes.UniqueViolation),
            TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.True(breaker.IsAvailable);

        await Assert.ThrowsAsync<DatabaseUnavailableException>(() => breaker.RunAsync<int>(
            _ => throw new NpgsqlException("Failed to connect to 127.0.0.1:5432"), TimeSpan.FromSeconds(1),
                CancellationToken.None));
        Assert.False(breaker.IsAvailable);
    }

    [Fact]
    public async Task When_it_opens_everyone_still_waiting_stops_waiting_at_once()
    {
        var never = new TaskCompletionSource<int>();
        var waiting = breaker.RunAsync(_ => never.Task, TimeSpan.FromMinutes(5), CancellationToken.None);
        breaker.Trip("another request found it frozen");
        await Assert.ThrowsAsync<DatabaseUnavailableException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Restoring_tells_the_listeners_once()
    {
        var recovered = 0;
        breaker.Recovered += () => recovered++;
        breaker.Restore(); // already available: nothing to tell
        breaker.Trip("test");
        breaker.Trip("again");
        breaker.Restore();
        breaker.Restore();
        Assert.Equal(1, recovered);
        Assert.True(breaker.IsAvailable);
        Assert.Null(breaker.Degraded);
    }
}
