using System.Data.Common;
using Dapper;
using Npgsql;

namespace NAPhoneline.Data;

public static class DatabaseSetup
{
    public const string ConnectionName = "Phoneline";

    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} is required.");

        DapperTypeHandlers.Register();
        builder.Services.AddNpgsqlDataSource(WithWebhookTimeouts(connectionString));
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddSingleton<DatabaseBreaker>();
        builder.Services.AddSingleton<DatabaseProbe>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DatabaseProbe>());
        return builder;
    }

    // Twilio gives a webhook 15 s in all; Npgsql's 15 s connect and 30 s command defaults would spend all of it
    // on a blackholed database. Short defaults let the voice path fall back in time; explicit settings win.
    internal static string WithWebhookTimeouts(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Timeout")) builder.Timeout = 3;
        if (!given.ContainsKey("Command Timeout") && !given.ContainsKey("CommandTimeout")) builder.CommandTimeout = 5;
        return builder.ConnectionString;
    }
}
