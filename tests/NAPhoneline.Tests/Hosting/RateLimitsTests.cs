using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NAPhoneline.Data;
using NAPhoneline.Hosting;

namespace NAPhoneline.Tests.Hosting;

public sealed class RateLimitsTests : IDisposable
{
    readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    RateLimits Limits(RateLimitOptions options) => new(Options.Create(options), new PhonelineMetrics(
        services.GetRequiredService<IMeterFactory>(),
        new DatabaseBreaker(NullLogger<DatabaseBreaker>.Instance, new FakeTimeProvider()), []));

    [Fact]
    public void Each_key_has_its_own_window()
    {
        using var limits = Limits(new RateLimitOptions { SmsCommands = new(2, TimeSpan.FromHours(1)) });

        Assert.True(limits.TryTake(LimitKind.SmsCommand, "+16195550142"));
        Assert.True(limits.TryTake(LimitKind.SmsCommand, "+16195550142"));
        Assert.False(limits.TryTake(LimitKind.SmsCommand, "+16195550142"));
        Assert.True(limits.TryTake(LimitKind.SmsCommand, "+16195550143"));
        // Limits are separate: the texts spent nothing of the same number's Twelfth Step requests.
        Assert.True(limits.TryTake(LimitKind.TwelfthStep, "+16195550142"));
    }

    [Fact]
    public void A_failure_limit_is_spent_only_by_failures()
    {
        using var limits = Limits(new RateLimitOptions { FailedAdminKeys = new(2, TimeSpan.FromHours(1)) });

        Assert.False(limits.IsSpent(LimitKind.FailedAdminKey, "203.0.113.9"));
        limits.TryTake(LimitKind.FailedAdminKey, "203.0.113.9");
        Assert.False(limits.IsSpent(LimitKind.FailedAdminKey, "203.0.113.9"));
        limits.TryTake(LimitKind.FailedAdminKey, "203.0.113.9");
        Assert.True(limits.IsSpent(LimitKind.FailedAdminKey, "203.0.113.9"));
        Assert.False(limits.IsSpent(LimitKind.FailedAdminKey, "198.51.100.4"));
    }

    [Fact]
    public void The_defaults_are_valid_and_a_bad_limit_is_named()
    {
        Assert.Null(new RateLimitOptions().Problem());
        var problem = new RateLimitOptions { TwelfthStep = new(0, TimeSpan.FromDays(1)) }.Problem();
        Assert.StartsWith("RateLimits:TwelfthStep ", problem, StringComparison.Ordinal);
        Assert.Contains("SmsCommands",
            new RateLimitOptions { SmsCommands = new(5, TimeSpan.Zero) }.Problem(), StringComparison.Ordinal);
    }

    public void Dispose() => services.Dispose();
}
