using NAPhoneline.State;
using BenchmarkDotNet.Attributes;
using NAPhoneline.Routing;
using NodaTime;

namespace NAPhoneline.Benchmarks;

// The on-duty decision for one call: 500 volunteers, 5,000 weekly shifts, a few overrides, then the ring order.
[MemoryDiagnoser]
public class RoutingDecisionBenchmarks
{
    internal static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];
    RosterShift[] shifts = [];
    ShiftOverride[] overrides = [];
    Dictionary<long, string[]> languages = [];
    Instant now;

    [GlobalSetup]
    public void Setup() => (shifts, overrides, languages, now) = Build();

    internal static (RosterShift[], ShiftOverride[], Dictionary<long, string[]>, Instant) Build()
    {
        var random = new Random(7);
        var shifts = Enumerable.Range(0, 5000).Select(i =>
        {
            var start = new LocalTime(random.Next(24), random.Next(2) * 30);
            return new RosterShift(random.Next(500), (IsoDayOfWeek)(i % 7 + 1), start,
                start.PlusHours(random.Next(2, 9)));
        }).ToArray();
        var overrides = Enumerable.Range(0, 50).Select(i =>
            new ShiftOverride(random.Next(500),
                new LocalDate(2026, 11, 24).PlusDays(i % 3 - 1), i % 2 == 0 ? OverrideKind.Off : OverrideKind.Cover))
                .ToArray();
        var languages = Enumerable.Range(0, 500)
            .ToDictionary(i => (long)i, i => i % 3 == 0 ? new[] { "en", "es" } : ["en"]);
        return (shifts, overrides, languages, Instant.FromUtc(2026, 11, 24, 20, 0));
    }

    [Benchmark]
    public int OnDutyAndRingOrder() => Decide(shifts, overrides, languages, now).Count;

    internal static IReadOnlyList<long> Decide(RosterShift[] shifts, ShiftOverride[] overrides,
        Dictionary<long, string[]> languages, Instant now)
    {
        var onDuty = Roster.At(now, Zone, shifts, overrides);
        var candidates = onDuty.Select(d =>
            new Candidate(d.VolunteerId, languages[d.VolunteerId], d.VolunteerId % 10 == 0)).ToList();
        return RingOrder.For(candidates, RoutingStrategy.RoundRobin, "es", 250, Random.Shared);
    }
}
