using System.Resources;
using NAPhoneline.Console;
using NodaTime;

namespace NAPhoneline.Requests;

// What the two request pages share: their words, and how a request's type, status, step and times read.
public abstract class RequestDeskPage : ConsolePageModel
{
    static readonly ResourceManager Resources =
        new("NAPhoneline.Requests.RequestDeskText", typeof(RequestDeskPage).Assembly);

    public Words W => WordsOf(Resources);

    public string TypeName(string type) => W["Type-" + type];

    public string StatusName(string status) => W["Status-" + status];

    public string BodyName(long? id) => id is { } i && Directory.Body(i) is { } b ? b.Name : "?";

    // Which body the request is at on its ladder, and the step (level 0 of a Twelfth Step request is the on-duty
    // volunteers').
    public string Step(long serviceBodyId, long? responsibleBodyId, int level, bool volunteersFirst, bool unanswered) =>
        unanswered ? W.Format("StepUnanswered", BodyName(responsibleBodyId ?? serviceBodyId))
        : volunteersFirst && level == 0 ? W.Format("StepVolunteers", BodyName(serviceBodyId))
        : W.Format("StepAt", BodyName(responsibleBodyId ?? serviceBodyId), level + 1);

    public DateTimeZone ZoneOf(long serviceBodyId) =>
        (Directory.Body(serviceBodyId) is { } b ? DateTimeZoneProviders.Tzdb.GetZoneOrNull(b.TimeZone) : null)
        ?? DateTimeZone.Utc;

    public string Local(DateTime utc, DateTimeZone zone) =>
        Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(zone)
            .ToString("ddd d MMM HH:mm", Culture);

    public string Age(DateTime createdAt)
    {
        var age = Now - Instant.FromDateTimeUtc(DateTime.SpecifyKind(createdAt, DateTimeKind.Utc));
        return age.TotalMinutes < 60 ? W.Format("Minutes", Math.Max(0, (int)age.TotalMinutes))
            : age.TotalHours < 48 ? W.Format("Hours", (int)age.TotalHours)
            : W.Format("Days", (int)age.TotalDays);
    }

    // Volunteers see each other's first names only; officers see full names.
    public string Taker(string? name, long? volunteerId, DateTime? acknowledgedAt) =>
        name is not null
            ? RequestDesk.PersonName(name, volunteerId is not null, Person.IsCoordinator || Person.Contacts.Count > 0)
            : acknowledgedAt is not null ? W["TakenByAdmin"] : "";
}
