using NAPhoneline.Ivr;
using NAPhoneline.Shared;
using NAPhoneline.Sms;
using NodaTime;

namespace NAPhoneline.Requests;

// The replies to ACK, DONE and CALL by text (CONTRACT 7). Only numbers that were told about a request can act on it.
public static class RequestSms
{
    public static async Task<string> ReplyAsync(SmsCommand command, string? from, RequestActions actions, Instant now, CancellationToken ct)
    {
        var prompts = Prompts.For(command.Language);
        var code = command.Text;
        if (code.Length == 0 || !E164.IsValid(from)) return prompts.Text("RequestCommandUsage");
        var outcome = command.Kind switch
        {
            SmsCommandKind.Acknowledge => await actions.AcknowledgeAsync(code, from, prompts.Code, now, ct),
            SmsCommandKind.Resolve => await actions.ResolveAsync(code, from, now, ct),
            _ => await actions.CallAsync(code, from!, now, ct),
        };
        return (outcome.Result, command.Kind) switch
        {
            (ActionResult.Done or ActionResult.AlreadyDone, SmsCommandKind.Acknowledge) => RequestTexts.Taken(outcome.Request!, prompts.Code),
            (ActionResult.Done, SmsCommandKind.Call) => prompts.Text("RequestCallStarting", code),
            (ActionResult.Done or ActionResult.AlreadyDone or ActionResult.Closed, _) => prompts.Text("RequestClosed", code),
            (ActionResult.TakenByOther, _) => prompts.Text("RequestTakenByOther", code),
            (ActionResult.NotNotified, _) => prompts.Text("RequestNotNotified", code),
            (ActionResult.NotYours, _) => prompts.Text("RequestCallNotYours", code),
            (ActionResult.NoNumber, _) => prompts.Text("RequestCallNoNumber", code),
            _ => prompts.Text("RequestUnknown", code),
        };
    }
}
