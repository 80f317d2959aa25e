using System.Text.RegularExpressions;
using System.Xml.XPath;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.Scheduling;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Scheduling;

// CONTRACT 13: shift reminders and OK. The demo with a lead time of one hour; the clock at Tuesday 15:00:30 in San
// Diego, so the 16:00-22:00 shift (Pat and Sam) is due and the next ones (22:00, Sam and Alex) are not yet.
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
        DemoData.HelplineJson.Replace("\"routing\": {", "\"reminders\": { \"leadTime\": \"01:00:00\" },\n\"routing\": {",
            StringComparison.Ordinal) + volunteersEdit;

    async Task ImportAsync(string json)
    {
        using var admin = app.CreateAdminClient();
        var response = await admin.PutAsync("/admin/api/config", new StringContent(json, System.Text.Encoding.UTF8,
            "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    Task<int> SweepAsync() => app.Services.GetRequiredService<ShiftReminders>().RunAsync(CancellationToken.None);

    async Task<string> TextAsync(string from, string body)
    {
        var response = await client.PostTwilioAsync("/sms/incoming", new Dictionary<string, string>
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
        await ImportAsync(WithReminders().Replace("\"name\": \"Sam T.\",", "\"name\": \"Sam T.\", \"reminders\": false,",
            StringComparison.Ordinal));
        await using (var db = new NpgsqlConnection(database.ConnectionString))
            await db.ExecuteAsync("""
                insert into shift_overrides (volunteer_id, service_body_id, date, kind, created_at)
                select v.id, b.id, date '2026-11-24', 'off', now() from volunteers v, service_bodies b
                where v.key = 'v-pat' and b.key = 'asc-sd'
                """);
        await app.Services.GetRequiredService<NAPhoneline.State.StateRefresher>()
            .ReloadAsync(NAPhoneline.State.StateTopic.Structure, CancellationToken.None);

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
}
