using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Dapper;
using Npgsql;

namespace NAPhoneline.Benchmarks;

// How late after its deadline each escalation step's SMS goes out, with many requests open. Runs against a service
// started by escalation.sh; this process is also its Twilio (a loopback listener answering 201 at once).
//   background: requests at an area whose deadline is a day away (they stay open, each with a scheduled job);
//   measured:   requests at an area with 30 s deadlines at every level, created at a steady rate, never acknowledged,
//               so each climbs ASC -> RSC -> WSO -> unanswered. Lateness = SMS accepted by Twilio - deadline.
public static class EscalationLateness
{
    const int DeadlineSeconds = 30;

    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var url = Arg("--url", "http://127.0.0.1:5090");
        var adminKey = Arg("--admin-key", "load-test-admin-key-0123456789abcdef");
        var database = Arg("--db", "");
        var twilioPort = int.Parse(Arg("--twilio-port", "5092"), System.Globalization.CultureInfo.InvariantCulture);
        var background = int.Parse(Arg("--background", "9000"), System.Globalization.CultureInfo.InvariantCulture);
        var measured = int.Parse(Arg("--measured", "1000"), System.Globalization.CultureInfo.InvariantCulture);
        var rate = double.Parse(Arg("--rate", "20"), System.Globalization.CultureInfo.InvariantCulture);

        using var twilio = FakeTwilio(twilioPort);
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        var config = await http.PutAsync("/admin/api/config",
            new StringContent(Config(), Encoding.UTF8, "application/json"));
        if (!config.IsSuccessStatusCode) throw new InvalidOperationException(await config.Content.ReadAsStringAsync());

        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, background, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, ct) => await CallbackAsync(http, "asc-bg", i, ct));
        System.Console.WriteLine($"{background} background requests created in {clock.Elapsed.TotalSeconds:F1} s");

        clock.Restart();
        var creations = new List<Task>();
        for (var i = 0; i < measured; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            creations.Add(CallbackAsync(http, "asc-fast", i, CancellationToken.None));
        }
        await Task.WhenAll(creations);
        System.Console.WriteLine($"{measured} measured requests created at {rate}/s; {background + measured} open");

        await using var db = NpgsqlDataSource.Create(database);
        await using var conn = await db.OpenConnectionAsync();
        var expected = measured * 3;
        for (var i = 0; i < 600; i++)
        {
            var done = await conn.ExecuteScalarAsync<int>("select count(*)::int from requests r join service_bodies " +
                "b on b.id = r.service_body_id where b.key = 'asc-fast' and r.unanswered_at is not null");
            var open = await conn.ExecuteScalarAsync<int>("select count(*)::int from requests where status = 'open'");
            if (done == measured) break;
            if (i % 10 == 0) System.Console.WriteLine(
                $"  {clock.Elapsed.TotalSeconds:F0} s: {done}/{measured} measured requests at the top; {open} open");
            await Task.Delay(1000);
        }
        Report(await conn.QueryAsync<(int Level, double DecidedMs, double SentMs)>($"""
            with steps as (
                select p.request_id, p.level, p.notified_at, p.phone,
                       lag(p.notified_at) over (partition by p.request_id order by p.level)
                           + interval '{DeadlineSeconds} seconds' as deadline
                from request_recipients p join requests r on r.id = p.request_id
                    join service_bodies b on b.id = r.service_body_id
                where b.key = 'asc-fast')
            select s.level, extract(epoch from s.notified_at - s.deadline) * 1000,
                extract(epoch from o.sent_at - s.deadline) * 1000
            -- to_number rests encrypted: a step's text is the one written with it (one contact per level here).
            from steps s join outbox_sms o on o.request_id = s.request_id and o.created_at = s.notified_at
            where s.level > 0 and o.sent_at is not null
            """), "escalation step (RSC, WSO): decided / SMS accepted by Twilio");
        Report(await conn.QueryAsync<(int Level, double DecidedMs, double SentMs)>($"""
            select 3,
                extract(epoch from r.unanswered_at - (p.notified_at + interval '{DeadlineSeconds} seconds')) * 1000, 0.0
            from requests r join request_recipients p on p.request_id = r.id and p.level = 2
            where r.unanswered_at is not null
            """), "recorded unanswered at the top");
        var early = await conn.ExecuteScalarAsync<int>($"""
            select count(*)::int from request_recipients p
                join request_recipients q on q.request_id = p.request_id and q.level = p.level - 1
            where p.notified_at < q.notified_at + interval '{DeadlineSeconds} seconds'
            """);
        var duplicates = await conn.ExecuteScalarAsync<int>("select count(*)::int from (select request_id, level " +
            "from request_recipients group by 1, 2 having count(*) > 1) d");
        var texts = await conn.ExecuteScalarAsync<int>("select count(*)::int from outbox_sms o join requests r on " +
            "r.id = o.request_id join service_bodies b on b.id = r.service_body_id where b.key = 'asc-fast'");
        System.Console.WriteLine($"steps taken early: {early}; levels notified twice: {duplicates}; texts for " +
            $"measured requests: {texts} (expected {expected})");
        return 0;
    }

    static void Report(IEnumerable<(int Level, double DecidedMs, double SentMs)> rows, string what)
    {
        var list = rows.ToList();
        if (list.Count == 0) { System.Console.WriteLine($"{what}: no samples"); return; }
        var decided = list.Select(r => r.DecidedMs).Order().ToArray();
        var sent = list.Select(r => r.SentMs).Order().ToArray();
        System.Console.WriteLine(
            $"{what}, {list.Count} samples: decided p50 {BenchmarkProgram.Percentile(decided, 50):F0} ms, p99 " +
            $"{BenchmarkProgram.Percentile(decided, 99):F0} ms, " +
            $"max {decided[^1]:F0} ms, min {decided[0]:F0} ms" +
            (sent.Any(s => s != 0) ? $"; sent p50 {BenchmarkProgram.Percentile(sent, 50):F0} ms, p99 " +
                $"{BenchmarkProgram.Percentile(sent, 99):F0} ms, max {sent[^1]:F0} ms" : ""));
    }

    static async Task CallbackAsync(HttpClient http, string serviceBody, int n, CancellationToken ct)
    {
        var response = await http.PostAsJsonAsync("/admin/api/callbacks", new
        {
            name = $"Professional {n}", organisation = "Clinic", phone = $"+1619555{n % 10000:D4}",
            reason = "benchmark", serviceBody, role = "pi",
        }, ct);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(
            await response.Content.ReadAsStringAsync(ct));
    }

    // Twilio's Messages API on loopback: every message accepted at once.
    static HttpListener FakeTwilio(int port)
    {
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        _ = Task.Run(async () =>
        {
            var n = 0;
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); } catch (Exception) { return; }
                var body =
                    Encoding.UTF8.GetBytes($$"""{"sid":"SM{{Interlocked.Increment(ref n):D32}}","status":"queued"}""");
                context.Response.StatusCode = 201;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });
        return listener;
    }

    static string Config() => $$"""
        {
          "serviceBodies": [
            { "key": "wso", "name": "World", "kind": "WSO", "timeZone": "America/Los_Angeles",
              "escalation": { "acknowledgeWithin": "00:00:{{DeadlineSeconds}}" },
              "contacts": [ { "role": "escalation", "name": "WSO", "phone": "+18187739999" } ] },
            { "key": "rsc", "name": "Region", "kind": "RSC", "parent": "wso", "timeZone": "America/Los_Angeles",
              "escalation": { "acknowledgeWithin": "00:00:{{DeadlineSeconds}}" },
              "contacts": [ { "role": "escalation", "name": "RSC", "phone": "+13105550101" } ] },
            { "key": "asc-fast", "name": "Fast Area", "kind": "ASC", "parent": "rsc", "timeZone": "America/Los_Angeles",
              "helplineNumbers": ["+16195550100"], "escalation": { "acknowledgeWithin": "00:00:{{DeadlineSeconds}}" },
              "contacts": [ { "role": "pi", "name": "PI", "phone": "+16195550113" } ] },
            { "key": "asc-bg", "name": "Quiet Area", "kind": "ASC", "parent": "rsc", "timeZone": "America/Los_Angeles",
              "helplineNumbers": ["+16195550200"], "escalation": { "acknowledgeWithin": "1.00:00:00" },
              "contacts": [ { "role": "pi", "name": "PI", "phone": "+16195550213" } ] }
          ],
          "volunteers": [], "shifts": []
        }
        """;
}
