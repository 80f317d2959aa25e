using Microsoft.Extensions.Options;

namespace NAPhoneline.Notifications;

public static class NotificationsSetup
{
    // Texts and calls the service sends: the outbox in PostgreSQL and, while it is away, straight from memory.
    // Email, when Smtp:Host is set, through its own outbox.
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OutboxSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxSender>());
        builder.Services.AddSingleton<DirectSms>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DirectSms>());
        builder.Services.AddSingleton<MessageOutbox>();
        builder.Services.AddOptions<SmtpOptions>()
            .BindConfiguration(SmtpOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>();
        builder.Services.AddSingleton<EmailOutbox>();
        builder.Services.AddSingleton<EmailSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EmailSender>());
        return builder;
    }
}
