using System.Diagnostics.Metrics;
using NAPhoneline.Data;

namespace NAPhoneline.Hosting;

// Gauges a kit or feature computes from its own memory when /metrics is read (State's coverage, for one). The
// Hosting kit cannot import them, so they come in through DI.
public interface IMetricsSource
{
    void Register(Meter meter);
}

// The service's own instruments on the "NAPhoneline" meter, exported at /metrics (CONTRACT 12). Each feature calls
// one method in one line. Labels are closed sets written by the code (route templates, outcome words, stage names,
// body keys): never a number, a CallSid or anything a caller typed.
public sealed class PhonelineMetrics
{
    public const string MeterName = "NAPhoneline";

    readonly Meter meter;
    readonly Histogram<double> webhookSeconds;
    readonly Counter<long> safetyNet;
    readonly Counter<long> calls;
    readonly Counter<long> fallbacks;
    readonly Counter<long> sendFailures;
    readonly Counter<long> rateLimited;
    readonly UpDownCounter<long> directPending;
    readonly Histogram<double> escalationLateness;
    long smsBacklog, callBacklog, emailBacklog;
    double oldestSeconds;

    public PhonelineMetrics(IMeterFactory factory, DatabaseBreaker breaker, IEnumerable<IMetricsSource> sources)
    {
        meter = factory.Create(MeterName);
        // Twilio gives a webhook 15 s but a caller hears silence long before: the buckets are finest under 1 s.
        webhookSeconds = meter.CreateHistogram("naphoneline.webhook.duration", "s",
            "Time to answer a Twilio webhook, by route template", advice: new InstrumentAdvice<double>
            { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10] });
        safetyNet = meter.CreateCounter<long>("naphoneline.webhook.safety_net",
            description: "Webhooks that threw and were answered with the safe reply");
        calls = meter.CreateCounter<long>("naphoneline.calls", description: "Calls finished, by outcome word");
        fallbacks = meter.CreateCounter<long>("naphoneline.fallbacks",
            description: "Fallback stages a call reached: fallback, global, voicemail");
        sendFailures = meter.CreateCounter<long>("naphoneline.send.failures",
            description: "Sends that failed, by channel (sms, call, direct-sms, email) and whether it was final");
        rateLimited = meter.CreateCounter<long>("naphoneline.rate_limited",
            description: "Requests refused by a rate limit, by limit (SmsCommands, TwelfthStep, SignInCodes, ...)");
        directPending = meter.CreateUpDownCounter<long>("naphoneline.direct_sms.pending",
            description: "Texts sent from memory (database unavailable) not yet accepted by Twilio");
        escalationLateness = meter.CreateHistogram("naphoneline.escalation.lateness", "s",
            "How long after its deadline a ladder step ran", advice: new InstrumentAdvice<double>
            { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600] });
        meter.CreateObservableGauge("naphoneline.degraded", () => breaker.IsAvailable ? 0 : 1,
            description: "1 while this instance answers from memory because PostgreSQL is unavailable");
        meter.CreateObservableGauge("naphoneline.outbox.backlog", () => new Measurement<long>[]
        {
            new(Interlocked.Read(ref smsBacklog), new KeyValuePair<string, object?>("box", "sms")),
            new(Interlocked.Read(ref callBacklog), new KeyValuePair<string, object?>("box", "call")),
            new(Interlocked.Read(ref emailBacklog), new KeyValuePair<string, object?>("box", "email")),
        }, description: "Outbox rows due or being retried, not sent (as last counted by the sender)");
        meter.CreateObservableGauge("naphoneline.outbox.oldest", () => Volatile.Read(ref oldestSeconds), "s",
            "Age of the oldest outbox row still waiting to be sent");
        foreach (var source in sources) source.Register(meter);
    }

    public Meter Meter => meter;

    public void Webhook(string route, int status, double seconds) =>
        webhookSeconds.Record(seconds, new KeyValuePair<string, object?>("route", route),
            new KeyValuePair<string, object?>("status", StatusClass(status)));

    public void SafetyNetAnswered(string route) =>
        safetyNet.Add(1, new KeyValuePair<string, object?>("route", route));

    public void CallFinished(string outcome) => calls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void FallbackTaken(string stage) => fallbacks.Add(1, new KeyValuePair<string, object?>("stage", stage));

    public void SendFailed(string channel, bool final) => sendFailures.Add(1,
        new KeyValuePair<string, object?>("channel", channel),
        new KeyValuePair<string, object?>("final", final ? "true" : "false"));

    public void RateLimited(string limit) => rateLimited.Add(1, new KeyValuePair<string, object?>("limit", limit));

    public void DirectSmsQueued() => directPending.Add(1);

    public void DirectSmsDone() => directPending.Add(-1);

    public void EscalationRan(TimeSpan late) => escalationLateness.Record(Math.Max(0, late.TotalSeconds));

    public void EmailBacklog(long emails) => Interlocked.Exchange(ref emailBacklog, emails);

    public void OutboxBacklog(long sms, long calls, TimeSpan oldest)
    {
        Interlocked.Exchange(ref smsBacklog, sms);
        Interlocked.Exchange(ref callBacklog, calls);
        Volatile.Write(ref oldestSeconds, Math.Max(0, oldest.TotalSeconds));
    }

    // Interned strings, so a request records without allocating a label.
    public static string StatusClass(int status) => status switch
    {
        < 200 => "1xx",
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        _ => "5xx",
    };
}
