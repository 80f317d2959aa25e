namespace NAPhoneline.Notifications;

public static class NotificationsSetup
{
    // Texts and calls the service sends: the outbox in PostgreSQL and, while it is away, straight from memory.
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OutboxSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        builder.Services.AddSingleton<DirectSms>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DirectSms>());
        builder.Services.AddSingleton<MessageOutbox>();
        return builder;
    }
}
