using NAPhoneline.Hosting;
using NAPhoneline.Shared.Requests;
using NAPhoneline.State;
using NAPhoneline.Telephony.Twiml;
using NAPhoneline.Telephony.Webhooks;

namespace NAPhoneline.Shared.Voice;

// Twelfth Step requests per calling number (RateLimits:TwelfthStep), on the first answer to "is this your number"
// (`/voice/requests/number?type=twelfth-step&step=confirm&attempt=0`, once per request). Beyond the limit no new
// request is made (the draft is never confirmed): the caller hears that we have their request and is put through to
// a member now. Never silence, never a refusal. A caller without a number is not limited here: there is no key.
public sealed class TwelfthStepLimit(RateLimits limits, HelplineDirectory directory, IPersonConnector people)
    : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var query = context.HttpContext.Request.Query;
        var call = context.Arguments.OfType<VoiceRequest>().FirstOrDefault();
        if (call is not { CallSid: { Length: > 0 } callSid } || !E164.IsCallable(call.From)
            || query["type"] != RequestTypes.TwelfthStep || query["step"] != "confirm"
            || QueryIds.Int(query["attempt"]) != 0
            || limits.TryTake(LimitKind.TwelfthStep, call.From!))
            return await next(context);

        var helpline = directory.Current.Routed(directory.Current.HelplineFor(call.To), QueryIds.Long(query["body"]));
        if (helpline is null) return await next(context);
        var prompts = Prompts.For(query["lang"], helpline);
        var preface = new VoiceResponse().Say(prompts.Text("ReqTwelfthStepAlready"), prompts.SayLanguage,
            prompts.Voice);
        return (await people.ConnectAsync(new CallerOnLine(callSid, call.From, call.To), helpline, prompts,
            "request:limited", context.HttpContext.RequestAborted, preface, new CallContext { Routed = true }))
            .ToResult();
    }
}
