using System.Diagnostics;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace NAPhoneline.Hosting;

public static class MetricsSetup
{
    public const string Path = "/metrics";

    public static IHostApplicationBuilder AddMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PhonelineMetrics>();
        builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService("naphoneline")).WithMetrics(m => m
            .AddMeter(PhonelineMetrics.MeterName)
            // Prometheus scrapes every 15 s or so; a cached answer would hide a breaker that just tripped.
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        return builder;
    }

    // Times every Twilio webhook (/voice, /sms) by its route template, never the raw path or query. Put before the
    // safety nets, so a webhook they rescue is timed with what the caller waited.
    public static WebApplication UseWebhookMetrics(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<PhonelineMetrics>();
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/voice") && !path.StartsWithSegments("/sms"))
            {
                await next(context);
                return;
            }
            var started = Stopwatch.GetTimestamp();
            var status = StatusCodes.Status500InternalServerError;
            try
            {
                await next(context);
                status = context.Response.StatusCode;
            }
            finally
            {
                metrics.Webhook(RouteOf(context), status, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
        });
        return app;
    }

    // The endpoint's template ("/voice/incoming"); "unmatched" for a path no endpoint took (a scanner's guess).
    public static string RouteOf(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";

    // hasAdminKey is the admin feature's check (AdminAuth.IsAuthorized), passed in: the Hosting kit imports no feature.
    public static WebApplication MapMetrics(this WebApplication app, Func<HttpContext, bool> hasAdminKey)
    {
        app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider: null, predicate: null, path: Path,
            configureBranchedPipeline: branch => branch.Use(async (context, next) =>
            {
                if (MetricsAccess.Allows(context.Connection.RemoteIpAddress, hasAdminKey(context)))
                {
                    await next(context);
                    return;
                }
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await context.Response.WriteAsync("Send the admin API key as 'Authorization: Bearer <Admin:ApiKey>'.");
            }), optionsName: null);
        return app;
    }
}
