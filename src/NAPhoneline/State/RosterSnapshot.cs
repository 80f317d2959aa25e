using NodaTime;

namespace NAPhoneline.State;

public sealed record RosterVolunteer(long Id, string Key, string Name, string Phone, string[] Languages,
    bool TwelfthStep);

// What the on-duty decision needs for one service body, from memory: its zone, weekly shifts, recent dated
// overrides and the active volunteers who have either there.
public sealed record RosterSnapshot(
    DateTimeZone Zone, IReadOnlyList<RosterShift> Shifts, IReadOnlyList<ShiftOverride> Overrides,
    IReadOnlyDictionary<long, RosterVolunteer> Volunteers)
{
    public IReadOnlyList<OnDuty> OnDutyAt(Instant now) =>
        Roster.At(now, Zone, Shifts, Overrides).Where(d => Volunteers.ContainsKey(d.VolunteerId)).ToList();

    public IReadOnlyList<RosterVolunteer> TwelfthStepOnDutyAt(Instant now) =>
        OnDutyAt(now).Select(d => Volunteers[d.VolunteerId]).Where(v => v.TwelfthStep).DistinctBy(v => v.Id).ToList();
}
