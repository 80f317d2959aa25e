using System.Diagnostics;
using BenchmarkDotNet.Running;

namespace NAPhoneline.Benchmarks;

public static class BenchmarkProgram
{
    // `decision-latency`: per-call percentiles of the routing decision; `load ...`: the HTTP load generator;
    // `bare-twiml`, `sign`, `make-roster`: helpers of wrk-compare.sh and memory.sh;
    // anything else goes to BenchmarkDotNet (e.g. --filter '*').
    public static async Task<int> Main(string[] args)
    {
        if (args.FirstOrDefault() == "bare-twiml") return await BareTwiml.RunAsync(args[1..]);
        if (args.FirstOrDefault() == "sign") return BareTwiml.Sign(args[1..]);
        if (args.FirstOrDefault() == "make-roster")
        {
            // make-roster N DEMO OUT: the demo structure plus N volunteers, a file for `NAPhoneline.dll import`.
            var roster = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
            await File.WriteAllTextAsync(args[3], await LoadGenerator.RosterConfigAsync(args[2], roster));
            return 0;
        }
        if (args.FirstOrDefault() == "decision-latency") { DecisionLatency(); return 0; }
        if (args.FirstOrDefault() == "search-latency") { SearchLatency(); return 0; }
        if (args.FirstOrDefault() == "make-bmlt")
        {
            MakeBmlt(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2]);
            return 0;
        }
        if (args.FirstOrDefault() == "load") return await LoadGenerator.RunAsync(args[1..]);
        if (args.FirstOrDefault() == "escalation") return await EscalationLateness.RunAsync(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }

    static void DecisionLatency()
    {
        var (shifts, overrides, languages, now) = RoutingDecisionBenchmarks.Build();
        for (var i = 0; i < 2000; i++) RoutingDecisionBenchmarks.Decide(shifts, overrides, languages, now); // warm-up
        var samples = new double[20000];
        var onDuty = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            onDuty = RoutingDecisionBenchmarks.Decide(shifts, overrides, languages,
                now.Plus(NodaTime.Duration.FromMinutes(i % 10080))).Count;
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(samples);
        System.Console.WriteLine(
            $"routing decision, 500 volunteers, 5000 shifts ({onDuty} on duty in the last sample): " +
            $"p50 {Percentile(samples, 50):F4} ms, p99 {Percentile(samples, 99):F4} ms, max {samples[^1]:F4} ms over " +
            $"{samples.Length} calls");
    }

    static void SearchLatency()
    {
        foreach (var count in new[] { 1_000, 35_000, 80_000 })
        {
            var (index, places) = MeetingSearchBenchmarks.Build(count);
            var now = NodaTime.Instant.FromUtc(2026, 11, 25, 2, 0);
            var samples = new double[20000];
            for (var i = -2000; i < samples.Length; i++)
            {
                var (lat, lon) = places[(i + 2000) % places.Length];
                var started = Stopwatch.GetTimestamp();
                NAPhoneline.Meetings.MeetingSearch.Next(index, lat, lon,
                    now.Plus(NodaTime.Duration.FromMinutes(i % 1440)), new NAPhoneline.Meetings.SearchOptions());
                if (i >= 0) samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            Array.Sort(samples);
            System.Console.WriteLine($"meeting search over {count} meetings: p50 {Percentile(samples, 50):F4} ms, " +
                $"p99 {Percentile(samples, 99):F4} ms, max {samples[^1]:F4} ms");
        }
    }

    // A BMLT GetSearchResults file of N meetings, every value a string as root servers send it.
    static void MakeBmlt(int count, string path)
    {
        var random = new Random(5);
        using var writer = new StreamWriter(path);
        writer.Write("{\"meetings\":[");
        for (var i = 0; i < count; i++)
        {
            if (i > 0) writer.Write(',');
            var lat = (25 + random.NextDouble() * 23)
                .ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
            var lon = (-124 + random.NextDouble() * 57)
                .ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
            writer.Write($"{{\"id_bigint\":\"{i}\",\"weekday_tinyint\":\"{random.Next(1, 8)}\"," +
                $"\"start_time\":\"{random.Next(6, 23):D2}:{random.Next(4) * 15:D2}:00\"," +
                $"\"duration_time\":\"01:00:00\",\"formats\":\"{(random.Next(2) == 0 ? "O" : "C")},D\"," +
                $"\"longitude\":\"{lon}\",\"latitude\":\"{lat}\"," +
                $"\"meeting_name\":\"Meeting {i}\",\"location_text\":\"Hall {i}\"," +
                $"\"location_street\":\"{i} Main Street\"," +
                $"\"location_municipality\":\"Town {i % 5000}\",\"location_province\":\"XX\",\"time_zone\":\"\"}}");
        }
        writer.Write("]}");
    }

    internal static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
