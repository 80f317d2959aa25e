using System.Globalization;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using NAPhoneline.Shared.Voice;
using NAPhoneline.Shared;
using NAPhoneline.State;
using NodaTime;
using NodaTime.Text;

namespace NAPhoneline.Routing;

// What volunteers get about their own shifts: the SHIFTS text reply and a private calendar feed.
public static class VolunteerEndpoints
{
    const int CalendarWeeks = 8;

    public static string ShiftsReply(VolunteerSchedule volunteer, Instant now, PublicUrls urls)
    {
        var prompts = Prompts.For(volunteer.Languages.FirstOrDefault());
        var culture = CultureInfo.GetCultureInfo(prompts.SayLanguage);
        var pattern = LocalDateTimePattern.Create(prompts.Text("DateFormat"), culture);
        var calendar = CalendarUrl(volunteer, urls);
        var next = ShiftCalendar.Upcoming(now, 14, volunteer.Shifts, volunteer.Overrides).Take(5)
            .Select(o => $"{pattern.Format(o.From.InZone(o.Zone).LocalDateTime)}-"
                + $"{o.Until.InZone(o.Zone).LocalDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)} "
                + $"({o.ServiceBodyName}{(o.Backup ? ", " + prompts.Text("ShiftBackup") : "")})")
            .ToList();
        return next.Count == 0
            ? prompts.Text("ShiftsNone", volunteer.Name, calendar)
            : prompts.Text("ShiftsReply", volunteer.Name, string.Join("; ", next), calendar);
    }

    public static string CalendarUrl(VolunteerSchedule volunteer, PublicUrls urls) =>
        urls.For($"/calendar/{volunteer.CalendarToken}.ics");

    // GET /calendar/{token}.ics: unguessable per volunteer; anyone with the link sees shift times, nothing else.
    public static IResult Feed(string file, HelplineDirectory directory, TimeProvider time)
    {
        var token = file.EndsWith(".ics", StringComparison.Ordinal) ? file[..^4] : file;
        if (token.Length != 64 || !token.All(char.IsAsciiHexDigitLower)) return TypedResults.NotFound();
        var volunteer = VolunteerStore.FindByCalendarToken(directory.Current, token);
        if (volunteer is null) return TypedResults.NotFound();

        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var prompts = Prompts.For(volunteer.Languages.FirstOrDefault());
        var calendar = new Ical.Net.Calendar { ProductId = "-//NAPhoneline//Helpline shifts//EN" };
        calendar.AddProperty("X-WR-CALNAME", prompts.Text("CalendarSummary", volunteer.Name));
        foreach (var shift in ShiftCalendar.Upcoming(now, CalendarWeeks * 7, volunteer.Shifts, volunteer.Overrides))
        {
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"{volunteer.Key}-{shift.ServiceBodyKey}-{shift.From.ToUnixTimeSeconds()}@naphoneline",
                Summary = prompts.Text("CalendarSummary", shift.ServiceBodyName)
                    + (shift.Backup ? $" ({prompts.Text("ShiftBackup")})" : ""),
                DtStart = new CalDateTime(shift.From.ToDateTimeUtc(), "UTC"),
                DtEnd = new CalDateTime(shift.Until.ToDateTimeUtc(), "UTC"),
            });
        }
        var ics = new CalendarSerializer().SerializeToString(calendar) ?? "";
        return TypedResults.Text(ics, "text/calendar; charset=utf-8");
    }
}
