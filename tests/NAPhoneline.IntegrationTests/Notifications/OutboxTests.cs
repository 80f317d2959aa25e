using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.Notifications;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Notifications;

[Collection(DatabaseCollection.Name)]
public sealed class OutboxTests(TestDatabase database) : IAsyncLifetime
{
    readonly FakeTwilio twilio = new();
    PhonelineApp app = null!;

    public async Task InitializeAsync()
    {
        app = new PhonelineApp(database, new Dictionary<string, string?> { ["Telephony:ApiBaseUrl"] = twilio.Url });
        await database.ResetAsync();
        _ = app.Services;
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        twilio.Dispose();
    }

    [Fact]
    public async Task A_queued_message_is_sent_once_and_its_number_is_purged_a_week_later()
    {
        var now = NodaTime.Instant.FromDateTimeOffset(app.Time.GetUtcNow());
        await app.Services.GetRequiredService<MessageOutbox>()
            .QueueAsync("+16195550142", "+16195550100", "Meetings near you", now, CancellationToken.None);

        var sent = Assert.Single(await twilio.WaitForMessagesAsync(1));
        Assert.Equal("Meetings near you", sent["Body"]);
        await using var db = new NpgsqlConnection(database.ConnectionString);
        for (var i = 0; i < 100 && await db.QuerySingleAsync<int>(
            "select count(*)::int from outbox_sms where sent_at is null") > 0; i++) await Task.Delay(50);

        var sender = app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<OutboxSender>()
            .Single();
        Assert.Equal(0, await sender.PurgeAsync(CancellationToken.None)); // kept for a week
        app.Time.Advance(TimeSpan.FromDays(8));
        Assert.Equal(1, await sender.PurgeAsync(CancellationToken.None));
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from outbox_sms"));
        Assert.Single(twilio.Messages); // and never sent twice
    }
}
