using System.Diagnostics;
using System.Net;

namespace NAPhoneline.IntegrationTests.Infrastructure;

// Helpers for tests of degraded mode: Twilio's deadline for a webhook, and recovery without a restart.
public static class Outage
{
    // Twilio waits 15 s; CONTRACT 10 promises every voice webhook an answer within 1 s while the database is away.
    public static readonly TimeSpan WebhookBound = TimeSpan.FromSeconds(1);

    public static async Task<T> WithinAsync<T>(TimeSpan bound, Func<Task<T>> step, string what)
    {
        var clock = Stopwatch.StartNew();
        var result = await step();
        Assert.True(clock.Elapsed < bound,
            $"{what} took {clock.Elapsed.TotalMilliseconds:0} ms (at most {bound.TotalMilliseconds:0} ms)");
        return result;
    }

    public static Task<T> WebhookAsync<T>(Func<Task<T>> step, string what) => WithinAsync(WebhookBound, step, what);

    // Polls /healthz until it answers 200; fails when that takes longer than `within`.
    public static async Task<TimeSpan> WaitUntilHealthyAsync(HttpClient client, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within)
        {
            using var response = await client.GetAsync("/healthz");
            if (response.StatusCode == HttpStatusCode.OK) return clock.Elapsed;
            await Task.Delay(100);
        }
        Assert.Fail($"/healthz was not 200 within {within.TotalSeconds:0} s of the database's return");
        return clock.Elapsed;
    }
}
