using NodaTime;

namespace NAPhoneline.Requests;

public sealed record LadderContact(string Role, string Name, string Phone, string? Email = null);

// One service body on the way up from a request's own body to the top, with its contacts.
public sealed record LadderBody(long Id, string Key, string Name, string Kind, string Language,
    TimeSpan? AcknowledgeWithin, IReadOnlyList<LadderContact> Contacts,
    IReadOnlyDictionary<string, TimeSpan>? ByType = null)
{
    // The body's deadline for this request type, else its own, else the default.
    public Duration DeadlineFor(string type) =>
        Duration.FromTimeSpan(ByType is not null && ByType.TryGetValue(type, out var within)
            ? within
            : AcknowledgeWithin ?? Ladder.DefaultDeadline);
}

public sealed record Rung(LadderBody Body, LadderContact Contact);

// Where a request stands, as the step job reads it under the request's row lock.
public sealed record LadderState(
    string Status, int Level, Instant? DueAt, bool Unanswered, bool VolunteersFirst, string Type = "callback");

public abstract record StepDecision
{
    // The request was acknowledged, resolved, given up on, or this step has already been taken: do nothing.
    public sealed record Nothing(string Why) : StepDecision;
    // The job ran before the deadline (Hangfire's due times are whole seconds): wait until then.
    public sealed record NotYet(Instant DueAt) : StepDecision;
    public sealed record Escalate(Rung To, int Level, Instant DueAt) : StepDecision;
    // Nobody above is left to tell: recorded as unanswered at the top.
    public sealed record Unanswered : StepDecision;
}

// The escalation rules (MISSION flow 7), free of storage and clocks so they can be tested alone.
public static class Ladder
{
    public static readonly TimeSpan DefaultDeadline = Helplines.HelplineConfigValidator.DefaultAcknowledgeWithin;

    // Who hears of a request at each level: at each body from the request's own up to the top, the contact for the
    // request's role, else that body's escalation contact. A body with neither is passed over.
    public static IReadOnlyList<Rung> Rungs(IReadOnlyList<LadderBody> chain, string role)
    {
        var rungs = new List<Rung>();
        foreach (var body in chain)
        {
            var contact = body.Contacts.FirstOrDefault(c => c.Role == role)
                ?? body.Contacts.FirstOrDefault(c => c.Role == "escalation");
            if (contact is not null) rungs.Add(new Rung(body, contact));
        }
        return rungs;
    }

    // Level 0 of a volunteers-first (Twelfth Step) request belongs to the on-duty volunteers; the contacts follow.
    public static Rung? At(IReadOnlyList<Rung> rungs, int level, bool volunteersFirst)
    {
        var index = volunteersFirst ? level - 1 : level;
        return index >= 0 && index < rungs.Count ? rungs[index] : null;
    }

    // The job for the deadline at jobLevel has come due. Steps are idempotent: a job for a level the request has
    // left (a retry, a duplicate, a re-run after a crash) does nothing.
    public static StepDecision Decide(LadderState request, int jobLevel, Instant now, IReadOnlyList<Rung> rungs)
    {
        if (request.Status != "open") return new StepDecision.Nothing($"request is {request.Status}");
        if (request.Unanswered) return new StepDecision.Nothing("already unanswered at the top");
        if (request.Level != jobLevel)
            return new StepDecision.Nothing($"request is at level {request.Level}, not {jobLevel}");
        if (request.DueAt is { } due && now < due) return new StepDecision.NotYet(due);
        var next = At(rungs, jobLevel + 1, request.VolunteersFirst);
        return next is null
            ? new StepDecision.Unanswered()
            : new StepDecision.Escalate(next, jobLevel + 1, now + next.Body.DeadlineFor(request.Type));
    }
}
