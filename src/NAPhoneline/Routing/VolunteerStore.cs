using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Routing;

public sealed record VolunteerSchedule(long Id, string Key, string Name, string[] Languages, string CalendarToken,
    IReadOnlyList<VolunteerShift> Shifts, IReadOnlyList<(string ServiceBodyKey, ShiftOverride Override)> Overrides);

// A volunteer's own schedule, found by their phone (SHIFTS) or by their private calendar token (the feed). Both
// from memory, like everything a webhook needs; the in-memory overrides are the ones the roster itself uses.
public static class VolunteerStore
{
    public static VolunteerSchedule? FindByPhone(PhonelineDirectory directory, string? phone) =>
        directory.VolunteerByPhone(phone) is { Active: true } v ? Schedule(directory, v) : null;

    // The token is a secret: compared in fixed time, so an answer's timing says nothing about a near miss.
    public static VolunteerSchedule? FindByCalendarToken(PhonelineDirectory directory, string token)
    {
        var wanted = System.Text.Encoding.ASCII.GetBytes(token);
        foreach (var v in directory.Volunteers)
            if (v.Active && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(wanted,
                    System.Text.Encoding.ASCII.GetBytes(v.CalendarToken)))
                return Schedule(directory, v);
        return null;
    }

    static VolunteerSchedule Schedule(PhonelineDirectory directory, DirectoryVolunteer v)
    {
        var shifts = new List<VolunteerShift>();
        foreach (var s in directory.ShiftsOf(v.Id))
            if (directory.Body(s.ServiceBodyId) is { } b
                && DateTimeZoneProviders.Tzdb.GetZoneOrNull(b.TimeZone) is { } zone)
                shifts.Add(new VolunteerShift(b.Key, b.Name, zone, s.Shift));
        var overrides = new List<(string, ShiftOverride)>();
        foreach (var o in directory.OverridesOf(v.Id))
        {
            if (directory.Body(o.ServiceBodyId) is not { } b
                || DateTimeZoneProviders.Tzdb.GetZoneOrNull(b.TimeZone) is not { } zone) continue;
            overrides.Add((b.Key, o.Override));
            // A cover on a body where the volunteer has no weekly shift still needs that body's zone and name.
            if (shifts.All(x => x.ServiceBodyKey != b.Key))
                shifts.Add(new VolunteerShift(b.Key, b.Name, zone,
                    new RosterShift(v.Id, IsoDayOfWeek.None, LocalTime.Midnight, LocalTime.Midnight)));
        }
        return new VolunteerSchedule(v.Id, v.Key, v.Name, v.Languages, v.CalendarToken, shifts, overrides);
    }
}
