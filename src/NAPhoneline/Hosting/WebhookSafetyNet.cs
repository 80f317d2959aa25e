namespace NAPhoneline.Hosting;

// Twilio turns any 5xx into "an application error has occurred" (voice) or a lost message (SMS). Under a webhook
// prefix, a failure is logged and answered with the feature's safe reply instead.
public static class WebhookSafetyNet
{
    public static IApplicationBuilder UseWebhookSafetyNet(
        this IApplicationBuilder app, string prefix, Func<HttpContext, IResult> safeAnswer) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments(prefix), branch => branch.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebhookSafetyNet))
                    .LogError(ex, "Webhook {Path} failed; answering with the safe reply", context.Request.Path);
                context.RequestServices.GetRequiredService<PhonelineMetrics>()
                    .SafetyNetAnswered(MetricsSetup.RouteOf(context));
                context.Response.Clear();
                await safeAnswer(context).ExecuteAsync(context);
            }
        }));
}
