using NAPhoneline.Data;
using NAPhoneline.Notifications;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Journal;
using NAPhoneline.Shared.Voice;
using NAPhoneline.Telephony.Rest;
using NodaTime;

namespace NAPhoneline.Requests;

// The request commands people text (CONTRACT 7); Sms parses them, this feature carries them out.
public enum RequestCommand { Acknowledge, Resolve, Call }

// An ACK or DONE texted while PostgreSQL was unavailable. Origin: the request was journaled on this instance
// (its code may change when it is moved in); AnsweredLocally: the texter already had the real answer.
public sealed record JournaledAction(RequestCommand Command, string Code, string Phone, string? To, string Language,
    string? Origin,
    bool AnsweredLocally, Instant At);

// The replies to ACK, DONE and CALL by text (CONTRACT 7). Only numbers that were told about a request can act on it.
// While the database is unavailable, a request journaled on this instance is answered from memory (the first ACK
// gets the number), any other ACK or DONE is journaled and confirmed once the database is back.
public sealed class RequestSms(RequestActions actions, RequestIntake intake, DatabaseBreaker breaker,
    LocalJournal journal, DirectSms sms)
{
    static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(500);

    public async Task<string> ReplyAsync(RequestCommand command, string code, string language, string? from,
        string? to, Instant now,
        CancellationToken ct)
    {
        var prompts = Prompts.For(language);
        if (code.Length == 0 || !E164.IsValid(from)) return prompts.Text("RequestCommandUsage");
        if (breaker.IsAvailable)
        {
            try
            {
                var outcome = await breaker.RunAsync(c => command switch
                {
                    RequestCommand.Acknowledge => actions.AcknowledgeAsync(code, from, prompts.Code, now, c),
                    RequestCommand.Resolve => actions.ResolveAsync(code, from, now, c),
                    _ => actions.CallAsync(code, from!, now, c),
                }, Budget, ct);
                return Text(outcome, command, prompts, code);
            }
            catch (DatabaseUnavailableException) { }
        }
        return await OfflineAsync(command, code, from!, to, prompts, now, ct);
    }

    async Task<string> OfflineAsync(RequestCommand kind, string code, string from, string? to, Prompts prompts,
        Instant now, CancellationToken ct)
    {
        if (kind == RequestCommand.Call) return prompts.Text("RequestCallLater", code);
        var local = intake.Local(code);
        if (local is null)
        {
            await journal.AppendAsync(JournalKind.RequestAction, new JournaledAction(kind, code, from, to,
                prompts.Code, null, false, now), now,
                ct: ct);
            return prompts.Text("RequestNoted", code);
        }

        var journaled = local.Request;
        if (journaled.Recipients.All(r => r.Phone != from)) return prompts.Text("RequestNotNotified", code);
        string reply;
        lock (local)
        {
            if (local.Resolved) return prompts.Text("RequestClosed", code);
            if (local.TakenBy is { } taker && taker != from) return prompts.Text("RequestTakenByOther", code);
            var first = local.TakenBy is null;
            if (kind == RequestCommand.Acknowledge)
            {
                local.TakenBy = from;
                reply = RequestTexts.Taken(FirstNotice.Draft(journaled.Request, code, journaled.CreatedAt),
                    prompts.Code);
                if (!first) return reply;
            }
            else
            {
                local.Resolved = true;
                reply = prompts.Text("RequestClosed", code);
            }
        }
        await journal.AppendAsync(JournalKind.RequestAction, new JournaledAction(kind, code, from, to, prompts.Code,
            journaled.Origin, true, now),
            now, ct: ct);
        if (kind == RequestCommand.Acknowledge && journaled.From is not null)
            foreach (var other in journaled.Recipients.Where(r => r.Phone != from).Select(r => r.Phone).Distinct())
                sms.Send(new SmsMessage(other, journaled.From, prompts.Text("RequestTakenByOther", code)));
        return reply;
    }

    public static string Text(ActionOutcome outcome, RequestCommand kind, Prompts prompts, string code) =>
        (outcome.Result, kind) switch
        {
            (ActionResult.Done or ActionResult.AlreadyDone,
                RequestCommand.Acknowledge) => RequestTexts.Taken(outcome.Request!, prompts.Code),
            (ActionResult.Done, RequestCommand.Call) => prompts.Text("RequestCallStarting", code),
            (ActionResult.Done or ActionResult.AlreadyDone or ActionResult.Closed, _) => prompts.Text("RequestClosed",
                code),
            (ActionResult.TakenByOther, _) => prompts.Text("RequestTakenByOther", code),
            (ActionResult.NotNotified, _) => prompts.Text("RequestNotNotified", code),
            (ActionResult.NotYours, _) => prompts.Text("RequestCallNotYours", code),
            (ActionResult.NoNumber, _) => prompts.Text("RequestCallNoNumber", code),
            _ => prompts.Text("RequestUnknown", code),
        };
}
