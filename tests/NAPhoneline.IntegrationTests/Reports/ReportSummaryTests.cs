using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using System.Xml.XPath;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;
using NAPhoneline.Reports;
using NAPhoneline.Requests;
using Npgsql;
using NodaTime;

namespace NAPhoneline.IntegrationTests.Reports;

// CONTRACT 12: the summary of calls made through signed webhooks and requests made through the admin API, every
// figure asserted. The clock starts at Tuesday 2026-11-24 12:00 in San Diego (Pat and Jordan on duty).
public sealed class ReportSummaryTests(TestDatabase database) : DemoHelplineTest(database)
{
    const string North = "+17605550100";

    async Task<JsonObject> SummaryAsync(string body, string from, string to)
    {
        using var admin = App.CreateAdminClient();
        var response = await admin.GetAsync($"/admin/api/reports/summary?serviceBody={body}&from={from}&to={to}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    void Wait(int seconds) => App.Time.Advance(TimeSpan.FromSeconds(seconds));

    // Who is busy is asked of PostgreSQL: the next call waits until this one's legs are recorded as ended.
    async Task HangUpAsync(CallFlow call)
    {
        await Client.PostTwilioAsync("/voice/status", call.Form(("CallStatus", "completed")));
        await App.CallRecordsWrittenAsync();
    }

    // The caller asks for a member; the first leg rung accepts after `wait` seconds; they talk `talk` seconds.
    async Task AnsweredAsync(string sid, int wait, int talk, bool declineFirst = false)
    {
        var call = new CallFlow(Client, sid);
        var dial = await call.AskForAMemberAsync();
        if (declineFirst)
        {
            Wait(wait / 2);
            await call.LegAnswersAsync(CallFlow.Number(dial), keys: "");
            dial = await call.DialEndsAsync(dial, "completed");
            Wait(wait - wait / 2);
        }
        else Wait(wait);
        await call.LegAnswersAsync(CallFlow.Number(dial), keys: "1");
        Wait(talk);
        Assert.NotNull((await call.DialEndsAsync(dial, "completed", talk)).XPathSelectElement("/Response/Hangup"));
        await HangUpAsync(call);
    }

    // Nobody takes it: volunteers, the helpline's fallback and the global one ring out, then a voicemail is left.
    async Task ToVoicemailAsync(string sid)
    {
        var call = new CallFlow(Client, sid);
        var twiml = await call.AskForAMemberAsync();
        for (var i = 0; twiml.XPathSelectElement("/Response/Dial") is not null; i++)
        {
            Assert.True(i < 10, "the chain never reached voicemail");
            Wait(21);
            twiml = await call.DialEndsAsync(twiml, "no-answer");
        }
        var record = twiml.XPathSelectElement("/Response/Record")!;
        await call.PostAsync(record.Attribute("action")!.Value, ("RecordingUrl", "https://api.twilio.com/rec/RE1"),
            ("RecordingDuration", "12"));
        await HangUpAsync(call);
    }

    async Task HangsUpWhileWaitingAsync(string sid, int seconds)
    {
        var call = new CallFlow(Client, sid);
        await call.AskForAMemberAsync();
        Wait(seconds);
        await HangUpAsync(call);
    }

    async Task MeetingSearchAsync(string sid, string to = DemoData.HelplineNumber)
    {
        var call = new CallFlow(Client, sid, to: to);
        await call.PostAsync("/voice/incoming");
        await call.PostAsync("/voice/menu?lang=en&attempt=0", ("Digits", "1"));
        await HangUpAsync(call);
    }

    async Task<string> CallbackAsync()
    {
        using var admin = App.CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/admin/api/callbacks", new
        {
            name = "Dr. Rivera", organisation = "Clinic", phone = "619-555-0177", reason = "a patient",
            serviceBody = "asc-sd", role = "pi",
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>();
    }

    async Task AcknowledgeAsync(string code)
    {
        using var admin = App.CreateAdminClient();
        Assert.True((await admin.PostAsync($"/admin/api/requests/{code}/ack", null)).IsSuccessStatusCode);
    }

    // The console's per-volunteer legs of a summary (not in its JSON), as one comparable line.
    async Task<string> LegsAsync(string body, string from, string to)
    {
        var store = App.Services.GetRequiredService<ReportStore>();
        var summary = await store.SummaryAsync((await store.BodyAsync(body, CancellationToken.None))!,
            new ReportRange(NodaTime.Text.LocalDatePattern.Iso.Parse(from).Value,
                NodaTime.Text.LocalDatePattern.Iso.Parse(to).Value), CancellationToken.None, withLegs: true);
        static string Line(IEnumerable<VolunteerLegs> legs) => string.Join("; ", legs
            .OrderBy(l => l.Kind).ThenBy(l => l.Name, StringComparer.Ordinal)
            .Select(l => $"{l.Kind} {l.Name} {l.Rung}/{l.Answered}"));
        // Only the period shown has them.
        Assert.Empty(summary.Previous.Legs);
        return Line(summary.Current.Legs);
    }

    // The legs as the page read them before the rollup kept them (docs/REPORTS.md): straight from the calls.
    async Task<string> LegsFromTheCallsAsync(string body, string from, string to)
    {
        var store = App.Services.GetRequiredService<ReportStore>();
        var b = (await store.BodyAsync(body, CancellationToken.None))!;
        var (since, until) = new ReportRange(NodaTime.Text.LocalDatePattern.Iso.Parse(from).Value,
            NodaTime.Text.LocalDatePattern.Iso.Parse(to).Value).In(DateTimeZoneProviders.Tzdb[b.TimeZone]);
        await using var db = new NpgsqlConnection(Database.ConnectionString);
        var rows = await db.QueryAsync<(string Kind, string? Name, int Rung, int Answered)>(ReportStore.Bodies + """

            select l.kind, case when l.kind = 'volunteer' then min(v.name) end as name,
                   count(*)::int as rung, count(l.accepted_at)::int as answered
            from calls c join call_legs l on l.call_id = c.id left join volunteers v on v.id = l.volunteer_id
            where c.service_body_id = any(array(select id from bodies))
              and c.started_at >= @since and c.started_at < @until
            group by l.kind, case when l.kind = 'volunteer' then l.volunteer_id end
            """, new { body = b.Id, since = since.ToDateTimeUtc(), until = until.ToDateTimeUtc() });
        return string.Join("; ", rows.Select(r => (Kind: LegCount.KindOf(r.Kind), r.Name, r.Rung, r.Answered))
            .OrderBy(r => r.Kind).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => $"{r.Kind} {r.Name} {r.Rung}/{r.Answered}"));
    }

    // The same summaries once their days are rolled up into call_days: the rollup may never change a figure.
    async Task AssertTheRollupChangesNothingAsync(params (string Body, string From, string To)[] summaries)
    {
        var before = new List<string>();
        var legs = new List<string>();
        foreach (var (body, from, to) in summaries)
        {
            before.Add((await SummaryAsync(body, from, to)).ToJsonString());
            legs.Add(await LegsAsync(body, from, to));
        }
        App.Time.Advance(TimeSpan.FromDays(2));
        var rolled = await App.Services.GetRequiredService<ReportRollup>().RunAsync(CancellationToken.None);
        Assert.True(rolled.DaysRolled > 0);
        await using (var db = new NpgsqlConnection(Database.ConnectionString))
            Assert.True(await db.QuerySingleAsync<int>("select count(*)::int from call_days") > 0);
        for (var i = 0; i < summaries.Length; i++)
        {
            var (body, from, to) = summaries[i];
            Assert.Equal(before[i], (await SummaryAsync(body, from, to)).ToJsonString());
            Assert.Equal(legs[i], await LegsAsync(body, from, to));
        }
    }

    static int[][] Grid(JsonNode node) => node.AsArray().Select(r => r!.AsArray().Select(c => c!.GetValue<int>())
        .ToArray()).ToArray();

    [Fact]
    public async Task Every_figure_of_a_month_of_calls_and_requests()
    {
        await AnsweredAsync("CA-rep-answered", wait: 7, talk: 300);
        await AnsweredAsync("CA-rep-declined", wait: 25, talk: 120, declineFirst: true);
        await ToVoicemailAsync("CA-rep-voicemail");
        await HangsUpWhileWaitingAsync("CA-rep-misdial", 3);
        await HangsUpWhileWaitingAsync("CA-rep-abandoned", 30);
        await MeetingSearchAsync("CA-rep-meetings");

        // One callback acknowledged at its first level after 10 minutes, one after the ladder took it a level up.
        var first = await CallbackAsync();
        var second = await CallbackAsync();
        App.Time.Advance(TimeSpan.FromMinutes(10));
        await AcknowledgeAsync(first);
        App.Time.Advance(TimeSpan.FromMinutes(25));
        await using (var db = new NpgsqlConnection(Database.ConnectionString))
        {
            var id = await db.QuerySingleAsync<long>(
                "select id from requests where code = @second and type = 'callback'", new { second });
            await App.Services.GetRequiredService<EscalationJob>().StepAsync(id, 0,
                Instant.FromDateTimeOffset(App.Time.GetUtcNow()), CancellationToken.None);
            Assert.Equal(1, await db.QuerySingleAsync<int>("select level from requests where id = @id", new { id }));
        }
        App.Time.Advance(TimeSpan.FromMinutes(5));
        await AcknowledgeAsync(second);
        await App.CallRecordsWrittenAsync();

        var s = await SummaryAsync("asc-sd", "2026-11-01", "2026-11-30");
        Assert.Equal(("2026-11-01", "2026-11-30", "America/Los_Angeles"),
            (s["from"]!.GetValue<string>(), s["to"]!.GetValue<string>(), s["timeZone"]!.GetValue<string>()));
        Assert.Equal(6, s["calls"]!.GetValue<int>());
        Assert.Equal("""{"FindMeeting":1,"TalkToMember":5}""", s["byOption"]!.ToJsonString());
        var t = s["talkToMember"]!;
        Assert.Equal((5, 2, 1, 1, 1, 2), (t["offered"]!.GetValue<int>(), t["answered"]!.GetValue<int>(),
            t["abandoned"]!.GetValue<int>(), t["voicemail"]!.GetValue<int>(), t["misdials"]!.GetValue<int>(),
            t["missed"]!.GetValue<int>()));
        Assert.Equal(0.4, t["answerRate"]!.GetValue<double>());
        // Waits of 7 s and 25 s: the median between them, the 90th percentile interpolated.
        Assert.Equal("""{"p50":16,"p90":23.2,"max":25}""", t["secondsToAnswer"]!.ToJsonString());
        Assert.Equal(420, t["talkSeconds"]!.GetValue<int>());

        // The voicemail and the abandoned call, on Tuesday at 12 in San Diego; the misdial is not a missed call.
        var grid = Grid(s["missedByHour"]!);
        Assert.Equal(7, grid.Length);
        Assert.All(grid, row => Assert.Equal(24, row.Length));
        Assert.Equal(2, grid[2][12]);
        Assert.Equal(2, grid.Sum(r => r.Sum()));

        // Calls over time: every date of November, all six calls on the 24th.
        var days = s["byDay"]!.AsArray();
        Assert.Equal(30, days.Count);
        Assert.Equal("2026-11-01", days[0]!["date"]!.GetValue<string>());
        Assert.Equal("""{"date":"2026-11-24","calls":6,"offered":5,"answered":2,"missed":2}""",
            days[23]!.ToJsonString());
        Assert.Equal(6, days.Sum(d => d!["calls"]!.GetValue<int>()));

        var r = s["requests"]!;
        Assert.Equal((3, 2, 0), (r["created"]!.GetValue<int>(), r["acknowledged"]!.GetValue<int>(),
            r["unanswered"]!.GetValue<int>()));
        Assert.Equal("""{"callback":2,"voicemail":1}""", r["byType"]!.ToJsonString());
        Assert.Equal("""{"0":2,"1":1}""", r["reachedLevel"]!.ToJsonString());
        // Acknowledged after 10 and 40 minutes.
        Assert.Equal("""{"p50":25,"p90":37,"max":40}""", r["minutesToAck"]!.ToJsonString());
        Assert.Equal("""{"searches":1,"texted":0}""", s["meetings"]!.ToJsonString());

        // October had none of it.
        var previous = s["previous"]!;
        Assert.Equal(("2026-10-01", "2026-10-31", 0, 0), (previous["from"]!.GetValue<string>(),
            previous["to"]!.GetValue<string>(), previous["calls"]!.GetValue<int>(),
            previous["talkToMember"]!["offered"]!.GetValue<int>()));
        Assert.Null(previous["talkToMember"]!["answerRate"]);

        // And the month after, from December's report, is the previous period.
        var december = await SummaryAsync("asc-sd", "2026-12-01", "2026-12-31");
        Assert.Equal((0, 6, 5), (december["calls"]!.GetValue<int>(), december["previous"]!["calls"]!.GetValue<int>(),
            december["previous"]!["talkToMember"]!["offered"]!.GetValue<int>()));

        // The legs per volunteer: those the page showed when it read them from the calls.
        var legs = await LegsAsync("asc-sd", "2026-11-01", "2026-11-30");
        Assert.Equal(await LegsFromTheCallsAsync("asc-sd", "2026-11-01", "2026-11-30"), legs);
        Assert.Contains("Volunteer Pat R. ", legs, StringComparison.Ordinal);

        await AssertTheRollupChangesNothingAsync(("asc-sd", "2026-11-01", "2026-11-30"),
            ("asc-sd", "2026-12-01", "2026-12-31"), ("rsc-socal", "2026-11-24", "2026-11-24"));
        await using var rolled = new NpgsqlConnection(Database.ConnectionString);
        Assert.True(await rolled.QuerySingleAsync<int>(
            "select count(*)::int from call_days where cardinality(leg_kinds) > 0") > 0);
        Assert.Equal(legs, await LegsAsync("asc-sd", "2026-11-01", "2026-11-30"));
    }

    // The test clock only moves forward from Nov 24, so the DST change taken here is the spring one (2027-03-14,
    // 02:00 PST -> 03:00 PDT); the autumn one (2026-11-01) is in ReportRangeTests.
    [Fact]
    public async Task Dates_are_the_bodys_own_at_the_end_of_a_month_and_across_DST()
    {
        // 23:30 on Nov 30 in San Diego is 07:30Z on Dec 1: November's.
        App.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 7, 30, 0, TimeSpan.Zero));
        await MeetingSearchAsync("CA-rep-nov-last");
        // 23:30 PST on Mar 13, then 00:30 PST and 03:30 PDT on Mar 14 (a day of 23 hours); the last one abandoned.
        App.Time.SetUtcNow(new DateTimeOffset(2027, 3, 14, 7, 30, 0, TimeSpan.Zero));
        await MeetingSearchAsync("CA-rep-mar-13");
        App.Time.SetUtcNow(new DateTimeOffset(2027, 3, 14, 8, 30, 0, TimeSpan.Zero));
        await MeetingSearchAsync("CA-rep-mar-14");
        App.Time.SetUtcNow(new DateTimeOffset(2027, 3, 14, 10, 30, 0, TimeSpan.Zero));
        await HangsUpWhileWaitingAsync("CA-rep-mar-14-dst", 30);
        await App.CallRecordsWrittenAsync();

        int Calls(JsonObject s) => s["calls"]!.GetValue<int>();
        Assert.Equal(1, Calls(await SummaryAsync("asc-sd", "2026-11-30", "2026-11-30")));
        Assert.Equal(0, Calls(await SummaryAsync("asc-sd", "2026-12-01", "2026-12-31")));
        Assert.Equal(1, Calls(await SummaryAsync("asc-sd", "2026-11-01", "2026-11-30")));
        Assert.Equal(1, Calls(await SummaryAsync("asc-sd", "2027-03-13", "2027-03-13")));
        var sunday = await SummaryAsync("asc-sd", "2027-03-14", "2027-03-14");
        Assert.Equal(2, Calls(sunday));
        // The abandoned call is on Sunday at 3 (PDT), not 2 (PST) nor 10 (UTC).
        var grid = Grid(sunday["missedByHour"]!);
        Assert.Equal(1, grid[0][3]);
        Assert.Equal(1, grid.Sum(r => r.Sum()));
        Assert.Equal(1, sunday["talkToMember"]!["abandoned"]!.GetValue<int>());
        // A month earlier: Feb 14.
        Assert.Equal("2027-02-14", sunday["previous"]!["from"]!.GetValue<string>());

        await AssertTheRollupChangesNothingAsync(("asc-sd", "2026-11-30", "2026-11-30"),
            ("asc-sd", "2026-11-01", "2026-11-30"), ("asc-sd", "2027-03-13", "2027-03-13"),
            ("asc-sd", "2027-03-14", "2027-03-14"), ("asc-sd", "2027-03-01", "2027-03-31"));
    }

    // A call still ringing when its UTC day is rolled up (15:58 in San Diego is 23:58Z) ends after midnight UTC:
    // the report counts it answered at once (its day is marked and read from the calls), and the redo agrees.
    [Fact]
    public async Task A_call_that_ends_after_its_day_was_rolled_up_counts_at_once_and_after_the_redo()
    {
        App.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 23, 58, 0, TimeSpan.Zero));
        var call = new CallFlow(Client, "CA-rep-midnight");
        var dial = await call.AskForAMemberAsync();
        await App.CallRecordsWrittenAsync();
        App.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 0, 5, 0, TimeSpan.Zero));
        var rollup = App.Services.GetRequiredService<ReportRollup>();
        Assert.True((await rollup.RunAsync(CancellationToken.None)).DaysRolled > 0);
        int Answered(JsonObject s) => s["talkToMember"]!["answered"]!.GetValue<int>();
        var tuesday = await SummaryAsync("asc-sd", "2026-11-24", "2026-11-24");
        Assert.Equal((1, 0), (tuesday["talkToMember"]!["offered"]!.GetValue<int>(), Answered(tuesday)));

        await call.LegAnswersAsync(CallFlow.Number(dial), keys: "1");
        Wait(60);
        await call.DialEndsAsync(dial, "completed", 60);
        await HangUpAsync(call);
        var answered = (await SummaryAsync("asc-sd", "2026-11-24", "2026-11-24")).ToJsonString();
        Assert.Contains("\"answered\":1,", answered, StringComparison.Ordinal);

        Assert.True((await rollup.RunAsync(CancellationToken.None)).DaysRedone > 0);
        Assert.Equal(answered, (await SummaryAsync("asc-sd", "2026-11-24", "2026-11-24")).ToJsonString());
        await using var db = new NpgsqlConnection(Database.ConnectionString);
        Assert.Equal(0, await db.QuerySingleAsync<int>(
            "select count(*)::int from call_days_dirty where day < '2026-11-25'"));
    }

    // Live calls of a day not rolled up yet mark nothing (that day is read from the calls anyway; migration 0024),
    // and a write to such a day that is in flight while the rollup advances over it is waited for, never lost.
    [Fact]
    public async Task Live_calls_mark_nothing_and_a_write_in_flight_during_the_rollup_is_rolled_with_its_day()
    {
        var rollup = App.Services.GetRequiredService<ReportRollup>();
        await rollup.RunAsync(CancellationToken.None);
        await MeetingSearchAsync("CA-rep-live");
        await App.CallRecordsWrittenAsync();
        await using var db = new NpgsqlConnection(Database.ConnectionString);
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from call_days_dirty"));

        // A late write of Tuesday's (a journal replayed, the write-behind at midnight) holds its transaction open.
        await using var late = new NpgsqlConnection(Database.ConnectionString);
        await late.OpenAsync();
        await using var tx = await late.BeginTransactionAsync();
        await late.ExecuteAsync("""
            insert into calls (id, call_sid, service_body_id, caller_masked, started_at)
            select 424242, 'CA-rep-late', id, '+1619***0142', '2026-11-24 21:00:00+00' from service_bodies
            where key = 'asc-sd'
            """, transaction: tx);
        App.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero));
        var rolling = Task.Run(() => rollup.RunAsync(CancellationToken.None));
        // The rollup waits for the write rather than rolling Tuesday without it.
        Assert.NotSame(rolling, await Task.WhenAny(rolling, Task.Delay(700)));
        await tx.CommitAsync();
        Assert.True((await rolling).DaysRolled > 0);
        Assert.Equal(2, (await SummaryAsync("asc-sd", "2026-11-24", "2026-11-24"))["calls"]!.GetValue<int>());
        Assert.Equal(2, await db.QuerySingleAsync<int>("""
            select sum(c)::int from call_days d, unnest(d.calls) c
            where d.day = '2026-11-24' and d.service_body_id = (select id from service_bodies where key = 'asc-sd')
            """));
    }

    // The rolled-up days really are read from call_days (a figure changed there shows), until a change to one of
    // the day's calls sends the report back to the calls.
    [Fact]
    public async Task Rolled_up_days_are_read_from_the_rollup_until_their_calls_change()
    {
        await MeetingSearchAsync("CA-rep-rolled");
        await App.CallRecordsWrittenAsync();
        App.Time.Advance(TimeSpan.FromDays(1));
        await App.Services.GetRequiredService<ReportRollup>().RunAsync(CancellationToken.None);
        await using var db = new NpgsqlConnection(Database.ConnectionString);
        await db.ExecuteAsync("update call_days set calls = array(select c + 100 from unnest(calls) c)");
        Assert.Equal(101, (await SummaryAsync("asc-sd", "2026-11-01", "2026-11-30"))["calls"]!.GetValue<int>());

        await db.ExecuteAsync("update calls set outcome = outcome where call_sid = 'CA-rep-rolled'");
        Assert.Equal(1, (await SummaryAsync("asc-sd", "2026-11-01", "2026-11-30"))["calls"]!.GetValue<int>());
    }

    // Runners on several instances at once: one rolls each day, none fails, and the figures are the same.
    [Fact]
    public async Task Several_rollups_at_once_roll_each_day_once()
    {
        for (var day = 0; day < 3; day++)
        {
            await MeetingSearchAsync($"CA-rep-day-{day}");
            App.Time.Advance(TimeSpan.FromDays(1));
        }
        await App.CallRecordsWrittenAsync();
        await using var db = new NpgsqlConnection(Database.ConnectionString);
        // As migrated: the state row there, nothing rolled (the reset between tests removes it).
        await db.ExecuteAsync("insert into call_days_state default values on conflict do nothing");
        var before = (await SummaryAsync("asc-sd", "2026-11-01", "2026-11-30")).ToJsonString();
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() =>
            App.Services.GetRequiredService<ReportRollup>().RunAsync(CancellationToken.None))));
        // Nov 24, 25 and 26 (UTC): the clock is at Nov 27 20:00Z.
        Assert.Equal(3, results.Sum(r => r.DaysRolled));
        Assert.Equal(before, (await SummaryAsync("asc-sd", "2026-11-01", "2026-11-30")).ToJsonString());
        // Each body's row counts the bodies below it: the area's, the region's and the world's each have the three.
        Assert.Equal([3, 3, 3], await db.QueryAsync<int>("""
            select sum(c)::int from call_days d join service_bodies b on b.id = d.service_body_id, unnest(d.calls) c
            where b.key in ('asc-sd', 'rsc-socal', 'wso') group by b.key order by b.key
            """));
    }

    // A zone a half hour off UTC (St. John's, UTC-3:30): a UTC hour straddles two of its hours, so its reports read
    // the calls, grouped by its own clock. 20:40Z on Nov 24 is 17:10 there (the UTC hour began at 16:30).
    [Fact]
    public async Task A_body_on_a_half_hour_zone_gets_its_own_hours()
    {
        App.Time.SetUtcNow(new DateTimeOffset(2026, 11, 24, 20, 40, 0, TimeSpan.Zero));
        await HangsUpWhileWaitingAsync("CA-rep-half-hour", 30);
        await using (var db = new NpgsqlConnection(Database.ConnectionString))
            await db.ExecuteAsync("update service_bodies set time_zone = 'America/St_Johns' where key = 'asc-sd'");
        App.Time.Advance(TimeSpan.FromDays(1));
        await App.Services.GetRequiredService<ReportRollup>().RunAsync(CancellationToken.None);
        var s = await SummaryAsync("asc-sd", "2026-11-24", "2026-11-24");
        Assert.Equal("America/St_Johns", s["timeZone"]!.GetValue<string>());
        Assert.Equal(1, Grid(s["missedByHour"]!)[2][17]);
        Assert.Equal(1, s["byDay"]![0]!["missed"]!.GetValue<int>());
    }

    // North County moves from the Southern California region straight under the world body: its rolled-up days
    // leave the region's rows at once (they are marked and read from the calls) and for good after the redo.
    [Fact]
    public async Task An_area_moved_to_another_parent_takes_its_rolled_up_calls_with_it()
    {
        var area = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests", "Fixtures", "console-second-area.json"));
        async Task ImportAsync(string json)
        {
            using var admin = App.CreateAdminClient();
            using var body = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            Assert.True((await admin.PutAsync("/admin/api/config", body)).IsSuccessStatusCode);
        }
        await ImportAsync(area);
        await MeetingSearchAsync("CA-rep-sd-moving");
        await MeetingSearchAsync("CA-rep-north-moving", North);
        await App.CallRecordsWrittenAsync();
        App.Time.Advance(TimeSpan.FromDays(1));
        var rollup = App.Services.GetRequiredService<ReportRollup>();
        await rollup.RunAsync(CancellationToken.None);
        int Calls(JsonObject s) => s["calls"]!.GetValue<int>();
        Assert.Equal(2, Calls(await SummaryAsync("rsc-socal", "2026-11-01", "2026-11-30")));

        await ImportAsync(area.Replace("\"parent\": \"rsc-socal\"", "\"parent\": \"wso\"", StringComparison.Ordinal));
        Assert.Equal(1, Calls(await SummaryAsync("rsc-socal", "2026-11-01", "2026-11-30")));
        Assert.True((await rollup.RunAsync(CancellationToken.None)).DaysRedone > 0);
        Assert.Equal(1, Calls(await SummaryAsync("rsc-socal", "2026-11-01", "2026-11-30")));
        Assert.Equal(2, Calls(await SummaryAsync("wso", "2026-11-01", "2026-11-30")));
        Assert.Equal(1, Calls(await SummaryAsync("asc-north", "2026-11-01", "2026-11-30")));
    }

    [Fact]
    public async Task A_region_sees_its_areas_calls_and_an_area_not_its_siblings()
    {
        using (var admin = App.CreateAdminClient())
        using (var body = new StringContent(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests", "Fixtures",
            "console-second-area.json")), System.Text.Encoding.UTF8, "application/json"))
            Assert.True((await admin.PutAsync("/admin/api/config", body)).IsSuccessStatusCode);
        await MeetingSearchAsync("CA-rep-sd");
        await MeetingSearchAsync("CA-rep-north", North);
        await App.CallRecordsWrittenAsync();

        int Calls(JsonObject s) => s["calls"]!.GetValue<int>();
        Assert.Equal(2, Calls(await SummaryAsync("rsc-socal", "2026-11-01", "2026-11-30")));
        Assert.Equal(2, Calls(await SummaryAsync("wso", "2026-11-01", "2026-11-30")));
        Assert.Equal(1, Calls(await SummaryAsync("asc-sd", "2026-11-01", "2026-11-30")));
        Assert.Equal(1, Calls(await SummaryAsync("asc-north", "2026-11-01", "2026-11-30")));

        await AssertTheRollupChangesNothingAsync(("rsc-socal", "2026-11-01", "2026-11-30"),
            ("asc-sd", "2026-11-01", "2026-11-30"), ("asc-north", "2026-11-01", "2026-11-30"));
    }

    [Fact]
    public async Task Meeting_searches_and_lists_texted_by_voice_and_by_text()
    {
        const string feed = """
            [{ "name": "Downtown Noon", "slug": "downtown-noon", "day": 2, "time": "12:05", "types": ["O"],
               "location": "Central Library", "address": "330 Park Blvd", "city": "San Diego", "latitude": 32.7086,
               "longitude": -117.1533, "timezone": "America/Los_Angeles" }]
            """;
        using (var admin = App.CreateAdminClient())
            Assert.True((await admin.PostAsync("/admin/api/meetings?format=meeting-guide&serviceBody=asc-sd",
                new StringContent(feed, System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode);

        var call = new CallFlow(Client, "CA-rep-texted");
        await call.PostAsync("/voice/incoming");
        var ask = await call.PostAsync("/voice/menu?lang=en&attempt=0", ("Digits", "1"));
        var read = await call.PostAsync(ask.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value,
            ("Digits", "92101"));
        await call.PostAsync(read.XPathSelectElement("//Gather")!.Attribute("action")!.Value, ("Digits", "1"));
        await HangUpAsync(call);
        foreach (var body in new[] { "92101", "open 92101" })
            await Client.PostTwilioAsync("/sms/incoming", new Dictionary<string, string>
            {
                ["MessageSid"] = "SM-" + body.Length, ["From"] = "+16195550142", ["To"] = DemoData.HelplineNumber,
                ["Body"] = body,
            });
        await App.CallRecordsWrittenAsync();
        await App.Services.GetRequiredService<NAPhoneline.Shared.MeetingTally>().FlushAsync();

        var s = await SummaryAsync("asc-sd", "2026-11-01", "2026-11-30");
        Assert.Equal("""{"searches":3,"texted":3}""", s["meetings"]!.ToJsonString());
        Assert.Equal("""{"searches":3,"texted":3}""",
            (await SummaryAsync("rsc-socal", "2026-11-24", "2026-11-24"))["meetings"]!.ToJsonString());
        Assert.Equal("""{"searches":0,"texted":0}""",
            (await SummaryAsync("asc-sd", "2026-11-25", "2026-11-25"))["meetings"]!.ToJsonString());
    }

    [Fact]
    public async Task Bad_dates_name_the_field_and_an_unknown_body_is_404()
    {
        using var admin = App.CreateAdminClient();
        async Task<(HttpStatusCode, string)> GetAsync(string query)
        {
            var response = await admin.GetAsync("/admin/api/reports/summary?" + query);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var (status, body) = await GetAsync("serviceBody=asc-sd&from=2026-13-01&to=2026-11-30");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"from\"", body, StringComparison.Ordinal);
        (status, body) = await GetAsync("serviceBody=asc-sd&from=2026-11-30&to=2026-11-01");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"to\"", body, StringComparison.Ordinal);
        (status, body) = await GetAsync("serviceBody=asc-sd&from=2025-01-01&to=2026-11-01");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"to\"", body, StringComparison.Ordinal);
        (status, _) = await GetAsync("serviceBody=asc-nowhere&from=2026-11-01&to=2026-11-30");
        Assert.Equal(HttpStatusCode.NotFound, status);
        using var anonymous = App.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await anonymous.GetAsync("/admin/api/reports/summary?serviceBody=asc-sd&from=2026-11-01&to=2026-11-30"))
                .StatusCode);
    }

    [Fact]
    public async Task The_call_log_downloads_as_CSV_with_masked_callers()
    {
        await AnsweredAsync("CA-rep-csv", wait: 7, talk: 300, declineFirst: true);
        await MeetingSearchAsync("CA-rep-csv-meetings");
        await App.CallRecordsWrittenAsync();

        using var admin = App.CreateAdminClient();
        using var request = new HttpRequestMessage(HttpMethod.Get,
            "/admin/api/reports/calls?serviceBody=asc-sd&from=2026-11-24&to=2026-11-24");
        request.Headers.Accept.ParseAdd("text/csv");
        var response = await admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal("start,caller,path,tried,answeredBy,secondsToAnswer,talkSeconds,outcome", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("2026-11-24 12:00:00,+1619***0142,menu:TalkToMember,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",7,300,answered", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("6195550142", string.Join('\n', lines), StringComparison.Ordinal);
        Assert.StartsWith("2026-11-24 12:05:07,+1619***0142,menu:FindMeeting,,,,,", lines[2], StringComparison.Ordinal);
    }
}
