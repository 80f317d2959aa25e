using Dapper;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.Scheduling;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Scheduling;

// The sweep on a real Hangfire server (real clock: this is about jobs, restarts and instances). With a six-hour lead
// time the demo's next block of shifts (two volunteers, every six hours) is due whenever the test runs: each
// reminder is texted once, whichever instance runs the job and however often.
[Collection(DatabaseCollection.Name)]
public sealed class SweepOnHangfireTests(TestDatabase database) : IAsyncLifetime
{
    readonly FakeTwilio twilio = new();
    readonly List<PhonelineApp> apps = [];

    public async Task InitializeAsync() => await database.ResetAsync();

    public async Task DisposeAsync()
    {
        foreach (var app in apps) await app.DisposeAsync();
        twilio.Dispose();
    }

    PhonelineApp Start()
    {
        var app = new PhonelineApp(database, new Dictionary<string, string?>
        {
            ["Telephony:ApiBaseUrl"] = twilio.Url,
            ["Jobs:RunServer"] = "true",
            ["Jobs:PollInterval"] = "00:00:01",
        }, realTime: true);
        apps.Add(app);
        _ = app.Services;
        return app;
    }

    async Task<int> SucceededSweepsAsync()
    {
        await using var db = new NpgsqlConnection(database.ConnectionString);
        return await db.QuerySingleAsync<int>("""
            select count(*)::int from hangfire.job where invocationdata::text like '%ShiftReminders%'
              and statename = 'Succeeded'
            """);
    }

    async Task WaitForSweepsAsync(int count)
    {
        for (var i = 0; i < 200 && await SucceededSweepsAsync() < count; i++) await Task.Delay(100);
        Assert.True(await SucceededSweepsAsync() >= count, $"fewer than {count} sweeps ran");
    }

    List<(string, string)> Reminders() =>
        twilio.Messages.Where(m => m["Body"].Contains("a reminder", StringComparison.Ordinal))
            .Select(m => (m["To"], m["Body"])).ToList();

    [Fact]
    public async Task Two_instances_and_a_restart_send_each_reminder_once()
    {
        var first = Start();
        var second = Start();
        using (var admin = first.CreateAdminClient())
            Assert.True((await admin.PutAsync("/admin/api/config", new StringContent(DemoData.HelplineJson.Replace(
                "\"routing\": {", "\"reminders\": { \"leadTime\": \"06:00:00\" },\n\"routing\": {",
                StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json"))).IsSuccessStatusCode);
        await second.Services.GetRequiredService<NAPhoneline.State.StateRefresher>()
            .ReloadAsync(NAPhoneline.State.StateTopic.Structure, CancellationToken.None);
        var before = await SucceededSweepsAsync();
        first.Services.GetRequiredService<IRecurringJobManager>().Trigger(ShiftReminders.JobId);
        second.Services.GetRequiredService<IRecurringJobManager>().Trigger(ShiftReminders.JobId);
        await WaitForSweepsAsync(before + 2);
        // The 09:00 gap digest may go out in the same sweep: only reminders are counted.
        for (var i = 0; i < 200 && Reminders().Count < 2; i++) await Task.Delay(100);

        // A restart: the new instance sweeps at start; nothing goes out twice.
        await first.DisposeAsync();
        apps.Remove(first);
        before = await SucceededSweepsAsync();
        Start();
        await WaitForSweepsAsync(before + 1);
        var reminders = Reminders();
        Assert.True(reminders.Count >= 2);
        Assert.Equal(reminders.Count, reminders.Distinct().Count());
        await using var db = new NpgsqlConnection(database.ConnectionString);
        Assert.Equal(reminders.Count, await db.QuerySingleAsync<int>("select count(*)::int from shift_reminders"));
    }
}
