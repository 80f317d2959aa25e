using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using NAPhoneline.Data;
using NAPhoneline.Hosting;

namespace NAPhoneline.Tests.Hosting;

public sealed class PhonelineMetricsTests : IDisposable
{
    readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    readonly DatabaseBreaker breaker = new(NullLogger<DatabaseBreaker>.Instance, new FakeTimeProvider());
    readonly MeterListener listener = new();
    readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> seen = [];
    readonly PhonelineMetrics metrics;

    public PhonelineMetricsTests()
    {
        metrics = new PhonelineMetrics(services.GetRequiredService<IMeterFactory>(), breaker, []);
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == metrics.Meter) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Seen(i, v, tags));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Seen(i, v, tags));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Seen(i, v, tags));
        listener.Start();
    }

    void Seen(Instrument i, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        seen.Add((i.Name, value, new Dictionary<string, object?>(tags.ToArray())));

    public void Dispose()
    {
        listener.Dispose();
        services.Dispose();
    }

    [Theory]
    [InlineData("127.0.0.1", false, true)]
    [InlineData("127.8.9.10", false, true)]
    [InlineData("::1", false, true)]
    [InlineData("::ffff:127.0.0.1", false, true)]
    [InlineData("203.0.113.7", false, false)]
    [InlineData("::ffff:203.0.113.7", false, false)]
    [InlineData("10.0.0.5", false, false)] // a private network is not this host
    [InlineData("203.0.113.7", true, true)]
    [InlineData(null, false, false)] // no socket: nobody we know
    [InlineData(null, true, true)]
    public void Loopback_reads_freely_anyone_else_needs_the_admin_key(string? remote, bool key, bool allowed) =>
        Assert.Equal(allowed, MetricsAccess.Allows(remote is null ? null : IPAddress.Parse(remote), key));

    [Theory]
    [InlineData(200, "2xx")]
    [InlineData(204, "2xx")]
    [InlineData(302, "3xx")]
    [InlineData(403, "4xx")]
    [InlineData(413, "4xx")]
    [InlineData(500, "5xx")]
    [InlineData(503, "5xx")]
    public void A_status_is_labelled_by_its_class_only(int status, string label) =>
        Assert.Equal(label, PhonelineMetrics.StatusClass(status));

    [Fact]
    public void Each_hook_records_one_measurement_with_only_its_closed_label()
    {
        metrics.Webhook("/voice/incoming", 200, 0.012);
        metrics.CallFinished("answered");
        metrics.FallbackTaken("voicemail");
        metrics.SendFailed("sms", final: true);
        metrics.EscalationRan(TimeSpan.FromSeconds(42));

        Assert.Collection(seen,
            m => Assert.Equal(("naphoneline.webhook.duration", 0.012, "/voice/incoming", "2xx"),
                (m.Instrument, m.Value, (string?)m.Tags["route"], (string?)m.Tags["status"])),
            m => Assert.Equal(("naphoneline.calls", "answered"), (m.Instrument, (string?)m.Tags["outcome"])),
            m => Assert.Equal(("naphoneline.fallbacks", "voicemail"), (m.Instrument, (string?)m.Tags["stage"])),
            m => Assert.Equal(("naphoneline.send.failures", "sms", "true"),
                (m.Instrument, (string?)m.Tags["channel"], (string?)m.Tags["final"])),
            m => Assert.Equal(("naphoneline.escalation.lateness", 42.0), (m.Instrument, m.Value)));
    }

    [Fact]
    public void A_step_that_ran_early_counts_as_on_time_not_negative()
    {
        metrics.EscalationRan(TimeSpan.FromSeconds(-3));
        Assert.Equal(0, Assert.Single(seen).Value);
    }

    [Fact]
    public void The_degraded_gauge_follows_the_breaker_and_the_backlog_what_the_sender_counted()
    {
        metrics.OutboxBacklog(sms: 7, calls: 2, TimeSpan.FromMinutes(3));
        listener.RecordObservableInstruments();
        Assert.Equal(0, seen.Single(m => m.Instrument == "naphoneline.degraded").Value);
        Assert.Equal(7, Backlog("sms"));
        Assert.Equal(2, Backlog("call"));
        Assert.Equal(180, seen.Single(m => m.Instrument == "naphoneline.outbox.oldest").Value);

        seen.Clear();
        breaker.Trip("test");
        listener.RecordObservableInstruments();
        Assert.Equal(1, seen.Single(m => m.Instrument == "naphoneline.degraded").Value);
    }

    double Backlog(string box) =>
        seen.Single(m => m.Instrument == "naphoneline.outbox.backlog" && (string?)m.Tags["box"] == box).Value;
}
