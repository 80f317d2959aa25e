using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NAPhoneline.Data;

namespace NAPhoneline.Hosting;

public static class HostingSetup
{
    // Webhook and admin bodies are small; anything larger is refused before it is read (413).
    public const long MaxRequestBodyBytes = 1024 * 1024;

    public static IHostApplicationBuilder AddHosting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PhonelineOptions>()
            .BindConfiguration(PhonelineOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddRateLimits();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<UnstorableText>();
        builder.Services.Configure<JsonOptions>(
            o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(
            o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return builder;
    }

    public static WebApplication UseHosting(this WebApplication app)
    {
        // Admin clients get RFC 7807 problem details, never a stack trace; voice paths have their own safety net.
        app.UseExceptionHandler();
        // An admin error the framework answers with an empty body (a JSON body of the wrong shape, a wrong method)
        // becomes a problem too, with the status's own title and nothing from the request or the code.
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/admin/api"), admin => admin.UseStatusCodePages());
        // nginx on this host terminates TLS (deploy/nginx): its X-Forwarded-Proto makes console cookies secure and
        // X-Forwarded-For gives the sign-in limits the person's address. Only loopback proxies are believed.
        app.UseForwardedHeaders(new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
        });
        app.UseWebhookMetrics();
        return app;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        // Live: this instance answers calls, from memory if it must. For load balancers (CONTRACT 10).
        app.MapGet("/healthz/live", (DatabaseBreaker breaker) => TypedResults.Ok(new
        {
            status = breaker.IsAvailable ? "live" : "degraded",
            reason = breaker.Degraded,
        }));
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = async (context, report) =>
            {
                context.Response.ContentType = "application/json";
                var reasons = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
                    .ToDictionary(e => e.Key, e => e.Value.Description ?? e.Value.Exception?.Message ?? "unhealthy");
                await context.Response.WriteAsJsonAsync(new { status = report.Status.ToString(), reasons });
            },
        });
        return app;
    }

    // Migrations run before the service listens. A database that is still starting gets a minute to come up.
    public static async Task MigrateDatabaseOnStartAsync(this WebApplication app)
    {
        var migrator = app.Services.GetRequiredService<DatabaseMigrator>();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await migrator.MigrateAsync(app.Lifetime.ApplicationStopping);
                return;
            }
            catch (Npgsql.NpgsqlException ex) when (attempt < 12)
            {
                app.Logger.LogWarning("Database not reachable for migrations ({Message}); retrying in 5 s", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(5), app.Lifetime.ApplicationStopping);
            }
        }
    }
}
