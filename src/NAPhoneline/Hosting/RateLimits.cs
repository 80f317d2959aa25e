using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace NAPhoneline.Hosting;

// What is limited, each in its own partitioned limiter (CONTRACT 15). Voice calls are not here on purpose: a caller
// in crisis who calls again and again always gets through.
public enum LimitKind { SignInCode, FailedSignIn, FailedAdminKey, SmsCommand, TwelfthStep }

public sealed class RateLimit
{
    public int Permits { get; set; }
    public TimeSpan Window { get; set; }

    public RateLimit() { }

    public RateLimit(int permits, TimeSpan window) => (Permits, Window) = (permits, window);
}

// `RateLimits:<Name>:Permits` and `RateLimits:<Name>:Window`. Each instance limits on its own (in memory).
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    // Sign-in codes asked for one phone number (besides the console's own hourly counts in PostgreSQL).
    public RateLimit SignInCodes { get; set; } = new(5, TimeSpan.FromHours(1));
    // Wrong or malformed console codes from one client address.
    public RateLimit FailedSignIns { get; set; } = new(20, TimeSpan.FromMinutes(15));
    // Wrong admin keys from one client address (admin API and /admin/jobs).
    public RateLimit FailedAdminKeys { get; set; } = new(10, TimeSpan.FromMinutes(15));
    // Texts from one number to /sms/incoming; beyond it they get no reply.
    public RateLimit SmsCommands { get; set; } = new(30, TimeSpan.FromMinutes(10));
    // Twelfth Step requests started from one calling number; beyond it the caller is put through to a member.
    public RateLimit TwelfthStep { get; set; } = new(3, TimeSpan.FromHours(24));

    public RateLimit For(LimitKind kind) => kind switch
    {
        LimitKind.SignInCode => SignInCodes,
        LimitKind.FailedSignIn => FailedSignIns,
        LimitKind.FailedAdminKey => FailedAdminKeys,
        LimitKind.SmsCommand => SmsCommands,
        _ => TwelfthStep,
    };

    public static string Name(LimitKind kind) => kind switch
    {
        LimitKind.SignInCode => nameof(SignInCodes),
        LimitKind.FailedSignIn => nameof(FailedSignIns),
        LimitKind.FailedAdminKey => nameof(FailedAdminKeys),
        LimitKind.SmsCommand => nameof(SmsCommands),
        _ => nameof(TwelfthStep),
    };

    public string? Problem() => Enum.GetValues<LimitKind>()
        .Select(k => (k, For(k)))
        .Where(l => l.Item2.Permits is < 1 or > 1_000_000
            || l.Item2.Window < TimeSpan.FromMilliseconds(10) || l.Item2.Window > TimeSpan.FromDays(7))
        .Select(l => $"RateLimits:{Name(l.k)} needs Permits between 1 and 1000000 and a Window between " +
            "00:00:00.01 and 7.00:00:00.")
        .FirstOrDefault();
}

// Fixed windows from System.Threading.RateLimiting, one partition per key (a number or an address). Keys are never
// logged: they are phone numbers. Idle partitions are dropped by the limiter itself.
public sealed class RateLimits : IDisposable
{
    readonly Dictionary<LimitKind, PartitionedRateLimiter<string>> limiters;
    readonly PhonelineMetrics metrics;

    public RateLimits(IOptions<RateLimitOptions> options, PhonelineMetrics metrics)
    {
        this.metrics = metrics;
        limiters = Enum.GetValues<LimitKind>().ToDictionary(k => k, k =>
        {
            var limit = options.Value.For(k);
            return PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key,
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit.Permits, Window = limit.Window, QueueLimit = 0, AutoReplenishment = true,
                }));
        });
    }

    // Counts one event for the key; false (and counted in the metric) when the key has used up its window.
    public bool TryTake(LimitKind kind, string key)
    {
        using var lease = limiters[kind].AttemptAcquire(key);
        if (!lease.IsAcquired) metrics.RateLimited(RateLimitOptions.Name(kind));
        return lease.IsAcquired;
    }

    // For limits on failures: refuse before trying while the key has none left, count only what failed.
    public bool IsSpent(LimitKind kind, string key)
    {
        if (limiters[kind].GetStatistics(key) is not { CurrentAvailablePermits: <= 0 }) return false;
        metrics.RateLimited(RateLimitOptions.Name(kind));
        return true;
    }

    // The client address as the forwarded-headers middleware left it (nginx on loopback: the person's own).
    public static string AddressOf(HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void Dispose()
    {
        foreach (var limiter in limiters.Values) limiter.Dispose();
    }
}

public static class RateLimitsSetup
{
    public static IHostApplicationBuilder AddRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RateLimitOptions>, Validation>();
        builder.Services.AddSingleton<RateLimits>();
        return builder;
    }

    // Bad configuration stops start-up with a message naming the key.
    sealed class Validation : IValidateOptions<RateLimitOptions>
    {
        public ValidateOptionsResult Validate(string? name, RateLimitOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
