using System.Diagnostics.Metrics;
using NAPhoneline.Hosting;
using NodaTime;

namespace NAPhoneline.State;

// "Is anyone on duty, and for how long will someone be?", per service body with a helpline number, from the
// in-memory roster when /metrics is read: the alert for a hole in the schedule before a caller finds it. Body keys
// are the labels.
public sealed class CoverageGauges(HelplineDirectory directory, TimeProvider time) : IMetricsSource
{
    // Beyond this the gauge says "covered for at least this long"; the alert asks about the next hours only.
    public static readonly Duration Horizon = Duration.FromHours(24);

    public void Register(Meter meter)
    {
        meter.CreateObservableGauge("naphoneline.on_duty", () => Read().Select(c =>
            new Measurement<int>(c.OnDuty, new KeyValuePair<string, object?>("service_body", c.Key))),
            description: "Volunteers on duty now, per service body with a roster");
        meter.CreateObservableGauge("naphoneline.covered_for", () => Read().Select(c =>
            new Measurement<double>(c.CoveredFor.TotalSeconds, new KeyValuePair<string, object?>("service_body",
                c.Key))),
            "s", "Time until the next moment nobody is on duty (0: nobody now; 86400: covered all the next day)");
    }

    public sealed record BodyCoverage(string Key, int OnDuty, Duration CoveredFor);

    IEnumerable<BodyCoverage> Read()
    {
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var current = directory.Current;
        // Only bodies that answer calls: a region without a helpline number has no roster to keep full.
        foreach (var body in current.Bodies)
            if (current.HelplineNumbers(body.Id).Count > 0 && current.Roster(body.Id) is { } roster)
                yield return For(body.Key, roster, now);
    }

    public static BodyCoverage For(string key, RosterSnapshot roster, Instant now)
    {
        var served = Coverage.Between(roster, now, now + Horizon);
        var onDuty = served.Where(d => d.From <= now && d.Until > now).Select(d => d.VolunteerId).Distinct().Count();
        var firstGap = Coverage.Gaps(served, now, now + Horizon).FirstOrDefault();
        return new BodyCoverage(key, onDuty, firstGap is null ? Horizon : firstGap.From - now);
    }
}
