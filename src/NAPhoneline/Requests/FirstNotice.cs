using NAPhoneline.Shared.Requests;
using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Requests;

// Who hears of a new request first, from which number, with what text, and when its first deadline runs out. Pure:
// the same decision whether the request goes straight into PostgreSQL or, while it is away, into the journal.
//   Twelfth Step with Twelfth Step volunteers on duty: all of them (volunteers first), deadline at the own body;
//   otherwise: the role's contact (or the escalation contact) of the nearest body that has one;
//   nobody anywhere, or no helpline number to send from: nobody, and the request is unanswered at once.
public sealed record FirstNotice(IReadOnlyList<Recipient> Recipients, string? From, bool VolunteersFirst,
    LadderBody Responsible,
    Instant DueAt, string? Text, string? UnansweredBecause)
{
    public static FirstNotice Plan(RequestRow request, IReadOnlyList<LadderBody> chain,
        IReadOnlyList<Recipient> responders,
        string? from, Instant now)
    {
        var volunteersFirst = request.Type == RequestTypes.TwelfthStep && responders.Count > 0;
        var first = volunteersFirst ? null : Ladder.At(Ladder.Rungs(chain, request.Role), 0, false);
        var responsible = first?.Body ?? chain[0];
        var recipients = volunteersFirst ? responders
            : first is null ? [] : [Recipient.Of(first.Contact)];
        var due = now + responsible.DeadlineFor(request.Type);
        if (recipients.Count == 0 || from is null)
            return new([], from, volunteersFirst, responsible, due, null,
                from is null ? "no helpline number to send from" : "no contact on the ladder");
        var text = RequestTexts.Notification(request with { VolunteersFirst = volunteersFirst }, chain[0], responsible,
            recipients[0].ContactRole, escalatedFrom: null);
        return new(recipients, from, volunteersFirst, responsible, due, text, null);
    }

    // The service bodies from a request's own up to the top, with their contacts, as memory holds them.
    public static IReadOnlyList<LadderBody> Chain(PhonelineDirectory directory, long serviceBodyId) =>
        directory.Chain(serviceBodyId).Select(b => new LadderBody(b.Id, b.Key, b.Name, b.Kind, b.Languages[0],
            b.AcknowledgeWithin,
            directory.Contacts(b.Id).Select(c => new LadderContact(c.Role, c.Name, c.Phone, c.Email)).ToList(),
                b.AcknowledgeWithinByType))
            .ToList();

    // The Twelfth Step volunteers on duty now at the request's body (nobody for other types). A caller who asked
    // for a woman or a man (CONTRACT 14): those of them, when there are any on duty; else all of them.
    public static IReadOnlyList<Recipient> Responders(PhonelineDirectory directory, NewRequest request, Instant now)
    {
        if (request.Type != RequestTypes.TwelfthStep || directory.Roster(request.ServiceBodyId) is not { } roster)
            return [];
        var all = roster.TwelfthStepOnDutyAt(now).ToList();
        var matching = request.GenderPreference is { } wanted
            ? all.Where(v => directory.Volunteer(v.Id)?.Gender == wanted).ToList() : [];
        return (matching.Count > 0 ? matching : all).Select(v => new Recipient(v.Name, v.Phone, v.Id, null)).ToList();
    }

    public static RequestRow Draft(NewRequest request, string code, Instant now) => new()
    {
        Code = code, Type = request.Type, ServiceBodyId = request.ServiceBodyId, Role = request.Role,
            Language = request.Language,
        CallbackNumber = request.CallbackNumber, RecordingUrl = request.RecordingUrl,
            HelplineNumber = request.HelplineNumber,
        Name = request.Name, Organisation = request.Organisation, Reason = request.Reason, Status = "open",
        GenderPreference = request.GenderPreference,
        CreatedAt = now.ToDateTimeUtc(),
    };
}
