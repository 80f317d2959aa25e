using Dapper;
using Hangfire;
using Microsoft.Extensions.Options;
using NAPhoneline.Hosting;
using NAPhoneline.Jobs;
using NAPhoneline.Notifications;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Requests;

// The Hangfire job for one ladder deadline: "request N was still open at level L when its time ran out".
// It takes ids only (Hangfire stores arguments in plain text). Delivery is at least once, so the decision and its
// effects (the next level, who is told, their texts) are written in one transaction under the request's row lock,
// and a job for a level the request has already left does nothing: no step is ever sent twice.
public sealed class EscalationJob(NpgsqlDataSource db, OutboxSender outbox, RequestEmails emails, TimeProvider time,
    Shared.Privacy.NumberVault vault, IBackgroundJobClient jobs, IOptions<JobsOptions> options,
    PhonelineMetrics metrics, ILogger<EscalationJob> log)
{
    // The job is scheduled a poll interval early and Hangfire's due times are whole seconds: it waits that out
    // rather than go round the scheduler again. Anything earlier (a deadline moved later) is re-scheduled.
    Duration WaitAtMost => Duration.FromTimeSpan(options.Value.PollInterval) + Duration.FromSeconds(2);

    [AutomaticRetry(
        Attempts = 20, DelaysInSeconds = [1, 2, 5, 10, 30, 60], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Escalation deadline: request {0}, level {1}")]
    public async Task RunAsync(long requestId, int level, CancellationToken ct)
    {
        var now = Now;
        while (true)
        {
            var outcome = await StepAsync(requestId, level, now, ct);
            if (outcome is not StepDecision.NotYet notYet) break;
            if (notYet.DueAt - now > WaitAtMost)
            {
                jobs.Schedule<EscalationJob>(
                    j => j.RunAsync(requestId, level, CancellationToken.None), notYet.DueAt.ToDateTimeOffset());
                return;
            }
            await Task.Delay((notYet.DueAt - now).ToTimeSpan() + TimeSpan.FromMilliseconds(5), time, ct);
            now = Now;
        }
    }

    Instant Now => Instant.FromDateTimeOffset(time.GetUtcNow());

    public async Task<StepDecision> StepAsync(long requestId, int level, Instant now, CancellationToken ct)
    {
        IReadOnlyList<long> queued = [];
        StepDecision decision;
        TimeSpan? lateness = null;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var request = await RequestStore.LockAsync(conn, tx, vault, requestId, ct);
            if (request is null) return new StepDecision.Nothing("no such request");
            var chain = await RequestStore.ChainAsync(conn, tx, request.ServiceBodyId, ct);
            var rungs = Ladder.Rungs(chain, request.Role);
            decision = Ladder.Decide(request.Ladder, level, now, rungs);
            if (decision is StepDecision.Escalate or StepDecision.Unanswered && request.Ladder.DueAt is { } due)
                lateness = (now - due).ToTimeSpan();
            switch (decision)
            {
                case StepDecision.Escalate step:
                    var from = request.HelplineNumber
                        ?? await RequestStore.HelplineNumberAsync(conn, tx, request.ServiceBodyId, ct);
                    var previous = chain.FirstOrDefault(b => b.Id == request.ResponsibleBodyId) ?? chain[0];
                    var text = RequestTexts.Notification(request, chain[0], step.To.Body, step.To.Contact.Role,
                        new EscalatedFrom(previous, previous.DeadlineFor(request.Type).ToTimeSpan()));
                    if (from is not null)
                        queued = await RequestStore.NotifyAsync(conn, tx, vault, request, step.Level,
                            [Recipient.Of(step.To.Contact)], from, text, now, new(emails, step.To.Body.Language), ct);
                    await conn.ExecuteAsync(new CommandDefinition("""
                        update requests set level = @Level, responsible_body_id = @body, due_at = @due
                        where id = @requestId
                        """, new { step.Level, body = step.To.Body.Id, due = step.DueAt.ToDateTimeUtc(), requestId },
                        tx, cancellationToken: ct));
                    log.LogInformation("Request {RequestId} escalated to level {Level}: {Body} {Role}",
                        requestId, step.Level, step.To.Body.Key, step.To.Contact.Role);
                    break;
                case StepDecision.Unanswered:
                    var top = chain[^1];
                    await conn.ExecuteAsync(new CommandDefinition(
                        "update requests set unanswered_at = @now where id = @requestId",
                        new { now = now.ToDateTimeUtc(), requestId }, tx, cancellationToken: ct));
                    await RequestStore.EventAsync(conn, tx, requestId, now, "unanswered",
                        $"nobody acknowledged up to {top.Name}", ct);
                    log.LogWarning(
                        "Request {RequestId} was not acknowledged by anyone up to {Body}", requestId, top.Key);
                    break;
                case StepDecision.Nothing nothing:
                    log.LogDebug("Escalation job for request {RequestId} level {Level}: {Why}",
                        requestId, level, nothing.Why);
                    break;
            }
            await tx.CommitAsync(ct);
        }
        // Only a step that was taken counts: a rolled-back try, retried by Hangfire, would count twice.
        if (lateness is { } late) metrics.EscalationRan(late);
        // The step is recorded; send its text now rather than at the outbox's next poll. If Twilio fails, the
        // outbox retries it with back-off; the step itself is never taken again.
        foreach (var id in queued) await outbox.TrySendAsync(id, ct);
        return decision;
    }
}
