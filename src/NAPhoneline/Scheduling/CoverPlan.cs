using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Scheduling;

// Who is asked to cover a shift (CONTRACT 13), from the in-memory structure: the other active volunteers of the body
// (a shift there, or it is their home body) who are not on duty at any time during it; and when the volunteer who
// cannot come was the only one on duty then who speaks one of the body's other languages, only volunteers who speak
// it (all of them when none of those is free).
public static class CoverPlan
{
    public sealed record Ask(string? Language, IReadOnlyList<DirectoryVolunteer> Volunteers);

    public static Ask For(PhonelineDirectory directory, long bodyId, long volunteerId, Instant from, Instant until)
    {
        if (directory.Body(bodyId) is not { } body || directory.Roster(bodyId) is not { } roster)
            return new Ask(null, []);
        var during = Coverage.Between(from, until, roster.Zone, roster.Shifts, roster.Overrides);
        var busy = during.Select(d => d.VolunteerId).ToHashSet();
        var others = Roster.At(from, roster.Zone, roster.Shifts, roster.Overrides)
            .Where(d => d.VolunteerId != volunteerId).Select(d => directory.Volunteer(d.VolunteerId))
            .OfType<DirectoryVolunteer>().ToList();
        var leaving = directory.Volunteer(volunteerId);
        var language = body.Languages.FirstOrDefault(l => leaving?.Languages.Contains(l) == true
            && !others.Any(o => o.Languages.Contains(l)) && l != body.Languages[0]);
        var members = directory.ShiftsIn(bodyId).Select(s => s.Shift.VolunteerId)
            .Concat(directory.Volunteers.Where(v => v.HomeBodyId == bodyId).Select(v => v.Id)).ToHashSet();
        var free = members.Where(id => id != volunteerId && !busy.Contains(id))
            .Select(directory.Volunteer).OfType<DirectoryVolunteer>().Where(v => v.Active).OrderBy(v => v.Id).ToList();
        var speakers = free.Where(v => language is null || v.Languages.Contains(language)).ToList();
        // Nobody free speaks it: any cover is better than none.
        return speakers.Count > 0 ? new Ask(language, speakers) : new Ask(null, free);
    }
}
