using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using NAPhoneline.Telephony.Webhooks;

namespace NAPhoneline.Benchmarks;

// Open-loop load on loopback: calls start at a fixed rate whatever the latency, each walking the signed path
// incoming -> language 1 -> menu 2 (the first <Dial> to a volunteer) -> status completed. Bounded in time.
public static class LoadGenerator
{
    public static async Task<int> RunAsync(string[] args)
    {
        var o = Options.Parse(args);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        { BaseAddress = new Uri(o.Url), Timeout = TimeSpan.FromSeconds(15) };
        if (o.Roster > 0) await LoadRosterAsync(http, o);

        var latencies = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        var failures = 0;
        var unanswered = 0;
        var dials = 0;
        var fallbackDials = 0;
        void Record(string name, long started) =>
            latencies.GetOrAdd(name, _ => []).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        async Task<string> Post(string path, Dictionary<string, string> form)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add("X-Twilio-Signature",
                SignatureValidator.ComputeSignature(o.Token, o.PublicUrl + path, form));
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Record(path.Split('?')[0], started);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
                return body;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // No answer within Twilio's 15 s (or a broken connection), e.g. with PostgreSQL frozen: counted and
                // kept in the percentiles at the time given up, so one slow request cannot abort the whole run.
                Record(path.Split('?')[0], started);
                Interlocked.Increment(ref failures);
                Interlocked.Increment(ref unanswered);
                return "";
            }
        }
        async Task Call(int n)
        {
            var form = new Dictionary<string, string>
            {
                ["AccountSid"] = "ACload", ["CallSid"] = $"CAload{n:D8}{Environment.ProcessId}",
                ["From"] = $"+1619555{n % 10000:D4}", ["To"] = o.To,
                ["CallStatus"] = "in-progress", ["Direction"] = "inbound",
            };
            var started = Stopwatch.GetTimestamp();
            await Post("/voice/incoming", form);
            await Post("/voice/language", new(form) { ["Digits"] = "1" });
            var menu = await Post("/voice/menu?lang=en&attempt=0", new(form) { ["Digits"] = "2" });
            // A regional number (CONTRACT 14) asks where the caller is first: two more webhooks to the Dial.
            if (o.Where is { } where)
            {
                menu = await Post("/voice/route/where?lang=en&next=talk&step=menu%3ATalkToMember&attempt=0",
                    new(form) { ["Digits"] = where });
                if (menu.Contains("/voice/route/gender", StringComparison.Ordinal))
                    menu = await Post(GatherAction(menu), new(form) { ["Digits"] = "3" });
            }
            latencies.GetOrAdd("call: incoming to first Dial", _ => [])
                .Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (menu.Contains("<Dial", StringComparison.Ordinal)) Interlocked.Increment(ref dials);
            // The safety net's answer also dials, but Phoneline:FallbackNumber rather than a volunteer.
            if (menu.Contains($">{o.Fallback}<", StringComparison.Ordinal)) Interlocked.Increment(ref fallbackDials);
            await Post("/voice/status", new(form) { ["CallStatus"] = "completed" });
        }

        // Four requests a call, five through a regional number (six where the area asks for a man or a woman).
        var perCall = o.Where is null ? 4.0 : 5.0;
        var interval = TimeSpan.FromSeconds(perCall / o.Rate);
        var total = (int)(o.Seconds * o.Rate / perCall);
        var clock = Stopwatch.StartNew();
        var running = new List<Task>(total);
        for (var n = 0; n < total; n++)
        {
            var due = interval * n;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(2)) await Task.Delay(wait - TimeSpan.FromMilliseconds(1));
            while (clock.Elapsed < due) Thread.SpinWait(50);
            var id = n;
            running.Add(Task.Run(() => Call(id)));
        }
        await Task.WhenAll(running);
        var elapsed = clock.Elapsed.TotalSeconds;

        var requests = latencies.Where(l => l.Key.StartsWith('/')).Sum(l => l.Value.Count);
        System.Console.WriteLine($"{total} calls, {requests} requests in {elapsed:F1} s = {requests / elapsed:F0} " +
            $"requests/s offered at {o.Rate}/s; " +
            $"{failures} failed ({unanswered} of them no answer within 15 s, the rest non-2xx); " +
            $"{dials} of {total} calls reached a <Dial>, {fallbackDials} of them to the fallback number {o.Fallback}");
        foreach (var (name, bag) in latencies.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            var sorted = bag.ToArray();
            Array.Sort(sorted);
            System.Console.WriteLine(
                $"  {name,-30} n={sorted.Length,6}  p50 {BenchmarkProgram.Percentile(sorted, 50),7:F2} ms  p99 " +
                $"{BenchmarkProgram.Percentile(sorted, 99),7:F2} ms  max {sorted[^1],7:F2} ms");
        }
        var all = latencies.Where(l => l.Key.StartsWith('/')).SelectMany(l => l.Value).ToArray();
        Array.Sort(all);
        System.Console.WriteLine(
            $"  {"all webhook requests",-30} n={all.Length,6}  p50 {BenchmarkProgram.Percentile(all, 50),7:F2} " +
            $"ms  p99 {BenchmarkProgram.Percentile(all, 99),7:F2} ms  max {all[^1],7:F2} ms");
        return failures == 0 ? 0 : 1;
    }

    // The demo structure with a roster of N volunteers and 10 weekly shifts each, through PUT /admin/api/config.
    static async Task LoadRosterAsync(HttpClient http, Options o)
    {
        var config = await RosterConfigAsync(o.DemoFile, o.Roster);
        var request = new HttpRequestMessage(HttpMethod.Put, "/admin/api/config")
        { Content = new StringContent(config, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.AdminKey);
        var response = await http.SendAsync(request);
        System.Console.WriteLine(
            $"roster of {o.Roster} volunteers and {o.Roster * 10} shifts: {(int)response.StatusCode} " +
            await response.Content.ReadAsStringAsync());
        response.EnsureSuccessStatusCode();
    }

    // The configuration file itself (the format of `import` and PUT /admin/api/config); `make-roster` writes it.
    public static async Task<string> RosterConfigAsync(string demoFile, int roster)
    {
        var demo = JsonDocument.Parse(await File.ReadAllTextAsync(demoFile)).RootElement;
        var random = new Random(3);
        string[] days = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
        var config = new
        {
            serviceBodies = demo.GetProperty("serviceBodies"),
            volunteers = Enumerable.Range(0, roster).Select(i => new
            {
                key = $"load-{i}", name = $"Volunteer {i}", phone = $"+1619556{i:D4}",
                languages = i % 3 == 0 ? new[] { "en", "es" } : ["en"],
            }),
            shifts = Enumerable.Range(0, roster * 10).Select(i =>
            {
                var start = random.Next(24);
                return new
                {
                    volunteer = $"load-{i % roster}", serviceBody = "asc-sd", day = days[random.Next(7)],
                    start = $"{start:D2}:00", end = $"{(start + random.Next(2, 9)) % 24:D2}:00",
                };
            }),
        };
        return JsonSerializer.Serialize(config);
    }

    // The action of the answer's Gather, as a path (the URLs we hand Twilio are absolute and XML-escaped).
    static string GatherAction(string twiml)
    {
        var action = System.Xml.Linq.XDocument.Parse(twiml).Descendants("Gather").First().Attribute("action")!.Value;
        return new Uri(action).PathAndQuery;
    }

    sealed record Options(string Url, string PublicUrl, string Token, string To, int Rate, int Seconds, int Roster,
        string AdminKey, string DemoFile, string Fallback, string? Where = null)
    {
        public static Options Parse(string[] args)
        {
            var map = new Dictionary<string, string>();
            for (var i = 0; i + 1 < args.Length; i += 2) map[args[i].TrimStart('-')] = args[i + 1];
            string Get(string key, string fallback) => map.TryGetValue(key, out var v) ? v : fallback;
            var url = Get("url", "http://127.0.0.1:5090");
            return new Options(url, Get("public-url", url), Get("token", "load-test-auth-token"),
                Get("to", "+16195550100"),
                int.Parse(Get("rate", "500"), System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(Get("seconds", "30"), System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(Get("roster", "500"), System.Globalization.CultureInfo.InvariantCulture),
                Get("admin-key", "load-test-admin-key-0123456789abcdef"), Get("demo", "deploy/demo/helpline.json"),
                Get("fallback", "+16195550199"), map.GetValueOrDefault("where"));
        }
    }
}
