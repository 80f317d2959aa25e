using System.Text.RegularExpressions;
using System.Xml.XPath;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.Scheduling;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Scheduling;

// CONTRACT 13: shift reminders, OK, CANT and TAKE. The demo with a lead time of one hour; the clock at Tuesday 15:00:30
// in San Diego, so the 16:00-22:00 shift (Pat and Sam) is due and the next ones (22:00, Sam and Alex) are not yet.
[Collection(DatabaseCollection.Name)]
public sealed partial class ShiftReminderTests(TestDatabase database) : IAsyncLifetime
{
    const string Pat = "+16195550121", Sam = "+16195550122";
    readonly FakeTwilio twilio = new();
    PhonelineApp app = null!;
    HttpClient client = null!;

    public async Task InitializeAsync()
    {
        app = new PhonelineApp(database, new Dictionary<string, string?> { ["Telephony:ApiBaseUrl"] = twilio.Url });
        await database.ResetAsync();
        await ImportAsync(WithReminders());
        client = app.CreateClient();
        app.Time.Advance(TimeSpan.FromHours(3) + TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        twilio.Dispose();
    }

    static string WithReminders(string volunteersEdit = "") =>
        DemoData.HelplineJson.Replace("\"routing\": {",
            "\"reminders\": { \"leadTime\": \"01:00:00\" },\n\"routing\": {",
            StringComparison.Ordinal) + volunteersEdit;

    async Task ImportAsync(string json)
    {
        using var admin = app.CreateAdminClient();
        var response = await admin.PutAsync("/admin/api/config", new StringContent(json, System.Text.Encoding.UTF8,
            "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    Task<int> SweepAsync() => app.Services.GetRequiredService<ShiftReminders>().RunAsync(CancellationToken.None);

    async Task<string> TextAsync(string from, string body, HttpClient? via = null)
    {
        var response = await (via ?? client).PostTwilioAsync("/sms/incoming", new Dictionary<string, string>
        {
            ["MessageSid"] = "SM-" + Guid.NewGuid().ToString("N"), ["From"] = from, ["To"] = DemoData.HelplineNumber,
            ["Body"] = body,
        });
        return (await response.ReadTwimlAsync()).XPathSelectElement("/Response/Message")!.Value;
    }

    [GeneratedRegex(@"Reply OK (\d{4}) to confirm")]
    private static partial Regex CodeIn();

    [Fact]
    public async Task The_shift_an_hour_away_is_reminded_once_and_OK_confirms_it()
    {
        // Four instances sweeping at the same moment: each reminder goes out once.
        Assert.Equal(2, (await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(SweepAsync)))).Sum());
        var texts = await twilio.WaitForMessagesAsync(2);
        var toPat = Assert.Single(texts, m => m["To"] == Pat);
        Assert.Equal(DemoData.HelplineNumber, toPat["From"]);
        Assert.StartsWith("Pat, a reminder: your NA helpline shift for San Diego Area starts Tue Nov 24 16:00 "
            + "(until 22:00). Reply OK ", toPat["Body"], StringComparison.Ordinal);
        Assert.Single(texts, m => m["To"] == Sam);
        // A minute later (or after a restart): nothing new.
        app.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await SweepAsync());
        Assert.Equal(2, twilio.Messages.Count);

        var code = CodeIn().Match(toPat["Body"]).Groups[1].Value;
        Assert.Equal("Thank you: your shift Tue Nov 24 16:00 (San Diego Area) is confirmed.",
            await TextAsync(Pat, $"ok {code}"));
        Assert.StartsWith("Your shift Tue Nov 24 16:00 (San Diego Area) was already confirmed.",
            await TextAsync(Pat, $"OK {code}"), StringComparison.Ordinal);
        // The code is Pat's: from Sam's phone it names nothing (unless Sam's own happens to be the same).
        var samsCode = CodeIn().Match(twilio.Messages.Single(m => m["To"] == Sam)["Body"]).Groups[1].Value;
        if (samsCode != code)
            Assert.StartsWith($"No shift reminder with code {code} was sent to this number.",
                await TextAsync(Sam, $"OK {code}"), StringComparison.Ordinal);
        Assert.StartsWith("To confirm a shift, reply OK and the code", await TextAsync(Pat, "OK"),
            StringComparison.Ordinal);

        await using var db = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal([("confirmed", Pat), ("unconfirmed", Sam)], await db.QueryAsync<(string, string)>("""
            select r.status, v.phone from shift_reminders r join volunteers v on v.id = r.volunteer_id
            order by v.phone
            """));
    }

    [Fact]
    public async Task A_volunteer_who_opted_out_or_is_off_that_day_gets_none()
    {
        // Sam opts out; Pat takes the day off in the console's way (an off override for today).
        await ImportAsync(WithReminders()
            .Replace("\"name\": \"Sam T.\",", "\"name\": \"Sam T.\", \"reminders\": false,",
            StringComparison.Ordinal));
        await DemoData.TakeDayOffAsync(app, database, "v-pat", "asc-sd", new DateOnly(2026, 11, 24));

        Assert.Equal(0, await SweepAsync());
        Assert.Empty(twilio.Messages);
    }

    [Fact]
    public async Task A_body_without_a_lead_time_sends_no_reminders()
    {
        await ImportAsync(DemoData.HelplineJson);
        Assert.Equal(0, await SweepAsync());
        Assert.Empty(twilio.Messages);
    }

    const string Jordan = "+16195550124", Alex = "+16195550123", Coordinator = "+16195550115";

    async Task<string> ReminderCodeAsync(string to)
    {
        await SweepAsync();
        return CodeIn().Match(twilio.Messages.Last(m => m["To"] == to)["Body"]).Groups[1].Value;
    }

    [GeneratedRegex(@"Reply TAKE (\d{4})")]
    private static partial Regex TakeCodeIn();

    // Sam cannot come at 16:00; Pat (also on then) is busy; Jordan and Alex are free and asked; both answer at once.
    [Fact]
    public async Task CANT_asks_the_free_volunteers_the_first_TAKE_wins_and_calls_ring_the_taker()
    {
        var code = await ReminderCodeAsync(Sam);
        Assert.Equal("Thank you for telling us. We have asked other volunteers (2) to cover your shift "
            + "Tue Nov 24 16:00-22:00 (San Diego Area); you will hear when someone does.",
            await TextAsync(Sam, $"CANT {code}"));
        var asks = await twilio.WaitForMessagesAsync(4);
        Assert.Equal([Alex, Jordan], asks.Where(m => m["Body"].Contains("TAKE", StringComparison.Ordinal))
            .Select(m => m["To"]).Order());
        var take = TakeCodeIn().Match(asks.First(m => m["To"] == Jordan)["Body"]).Groups[1].Value;
        Assert.StartsWith("Sam cannot take the NA helpline shift Tue Nov 24 16:00-22:00 (San Diego Area).",
            asks.First(m => m["To"] == Jordan)["Body"], StringComparison.Ordinal);

        // The two answers reach two instances of the service at the same moment.
        await using var other = new PhonelineApp(database, new Dictionary<string, string?>
            { ["Telephony:ApiBaseUrl"] = twilio.Url });
        other.Time.SetUtcNow(app.Time.GetUtcNow());
        using var otherClient = other.CreateClient();
        var replies = await Task.WhenAll(Task.Run(() => TextAsync(Jordan, $"TAKE {take}")),
            Task.Run(() => TextAsync(Alex, $"take {take}", otherClient)));
        Assert.Single(replies, r => r.StartsWith("Thank you: the shift Tue Nov 24 16:00-22:00 (San Diego Area) is "
            + "yours.", StringComparison.Ordinal));
        Assert.Single(replies, r => r.StartsWith("Someone else has already taken", StringComparison.Ordinal));
        var winner = replies[0].StartsWith("Thank you", StringComparison.Ordinal) ? Jordan : Alex;
        var loser = winner == Jordan ? Alex : Jordan;
        var told = await twilio.WaitForMessagesAsync(6);
        Assert.Contains(told, m => m["To"] == loser && m["Body"].StartsWith("The shift Tue Nov 24 16:00-22:00 "
            + "(San Diego Area) is covered now.", StringComparison.Ordinal));
        Assert.Contains(told, m => m["To"] == Sam && m["Body"].Contains("is covered by", StringComparison.Ordinal));

        // At 16:30 the taker is on duty instead of Sam, and a call rings them or Pat, never Sam.
        app.Time.Advance(TimeSpan.FromMinutes(89));
        using var admin = app.CreateAdminClient();
        var onDuty = await admin.GetStringAsync("/admin/api/on-duty/asc-sd");
        Assert.Contains(winner[^4..], onDuty, StringComparison.Ordinal);
        Assert.DoesNotContain(Sam[^4..], onDuty, StringComparison.Ordinal);
        var call = new NAPhoneline.IntegrationTests.Routing.CallFlow(client, "CA-after-take");
        var rung = new List<string>();
        var dial = await call.AskForAMemberAsync();
        for (var i = 0; i < 2 && dial.XPathSelectElement("/Response/Dial/Number") is { } n; i++)
        {
            rung.Add(n.Value);
            dial = await call.DialEndsAsync(dial, "no-answer");
        }
        Assert.Equal(new[] { Pat, winner }.Order(StringComparer.Ordinal), rung.Order(StringComparer.Ordinal));
        // No coordinator is told about a request that was taken.
        await SweepAsync();
        Assert.DoesNotContain(twilio.Messages, m => m["To"] == Coordinator);
    }

    [Fact]
    public async Task A_cover_request_nobody_takes_goes_to_the_coordinator_once_then_expires()
    {
        var code = await ReminderCodeAsync(Sam);
        await TextAsync(Sam, $"CANT {code}");
        Assert.StartsWith("We already know you cannot take your shift", await TextAsync(Sam, $"CANT {code}"),
            StringComparison.Ordinal);
        // The shift is an hour away, well inside the default 4 hours: the next sweep tells Robin, and only once.
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await SweepAsync();
        await SweepAsync();
        var toRobin = Assert.Single(twilio.Messages, m => m["To"] == Coordinator);
        Assert.StartsWith("Nobody has taken Sam T.'s shift Tue Nov 24 16:00-22:00 (San Diego Area) yet",
            toRobin["Body"], StringComparison.Ordinal);

        app.Time.Advance(TimeSpan.FromHours(1));
        await SweepAsync();
        var take = TakeCodeIn().Match(twilio.Messages.First(m => m["To"] == Jordan)["Body"]).Groups[1].Value;
        Assert.StartsWith("The shift Tue Nov 24 16:00-22:00 (San Diego Area) has already begun",
            await TextAsync(Jordan, $"TAKE {take}"), StringComparison.Ordinal);
        await using var db = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal(["opened", "coordinators-told", "expired"], await db.QueryAsync<string>(
            "select kind from cover_request_events order by id"));
    }

    // PostgreSQL away: OK and CANT are noted at once and recorded, with their texts, when it is back.
    [Fact]
    public async Task OK_and_CANT_while_the_database_is_away_are_recorded_when_it_is_back()
    {
        await SweepAsync();
        string CodeFor(string phone) => CodeIn().Match(twilio.Messages.Last(m => m["To"] == phone)["Body"])
            .Groups[1].Value;
        var (pat, sam) = (CodeFor(Pat), CodeFor(Sam));
        var breaker = app.Services.GetRequiredService<NAPhoneline.Data.DatabaseBreaker>();
        breaker.Trip("test: database unavailable");
        Assert.StartsWith($"Noted. We will record your OK {pat}", await TextAsync(Pat, $"OK {pat}"),
            StringComparison.Ordinal);
        Assert.StartsWith("Noted. We will record that you cannot come", await TextAsync(Sam, $"CANT {sam}"),
            StringComparison.Ordinal);
        Assert.StartsWith("We could not check that just now", await TextAsync(Alex, "TAKE 1234"),
            StringComparison.Ordinal);
        breaker.Restore();

        var replayer = app.Services.GetRequiredService<NAPhoneline.Shared.Journal.JournalReplayer>();
        await replayer.ReplayAsync(CancellationToken.None);
        await replayer.ReplayAsync(CancellationToken.None); // applied once
        await using var db = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal([("confirmed", Pat), ("declined", Sam)], await db.QueryAsync<(string, string)>("""
            select r.status, v.phone from shift_reminders r join volunteers v on v.id = r.volunteer_id
            order by v.phone
            """));
        Assert.Equal(1, await db.QuerySingleAsync<int>("select count(*)::int from cover_requests"));
        var texts = await twilio.WaitForMessagesAsync(6);
        Assert.Single(texts, m => m["To"] == Pat && m["Body"].StartsWith("Thank you: your shift Tue Nov 24 16:00",
            StringComparison.Ordinal));
        Assert.Single(texts, m => m["To"] == Sam && m["Body"].StartsWith("Thank you for telling us.",
            StringComparison.Ordinal));
        Assert.Equal(2, texts.Count(m => m["Body"].StartsWith("Sam cannot take", StringComparison.Ordinal)));
    }
}
