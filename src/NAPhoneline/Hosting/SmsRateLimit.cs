using NAPhoneline.Telephony.Twiml;
using NAPhoneline.Telephony.Webhooks;

namespace NAPhoneline.Hosting;

// Texts per sending number (RateLimits:SmsCommands). Beyond the limit a text gets an empty <Response/>: never a 429,
// which Twilio would retry, and no reply that a flood could turn into our own flood of texts.
// Runs after the signature check, so forged texts spend nobody's permits.
public sealed class SmsRateLimit(RateLimits limits) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var from = context.Arguments.OfType<SmsRequest>().FirstOrDefault()?.From;
        if (string.IsNullOrEmpty(from) || limits.TryTake(LimitKind.SmsCommand, from)) return await next(context);
        return new MessagingResponse().ToResult();
    }
}
