using NAPhoneline.Scheduling;
using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Tests.Scheduling;

// Which reminders are due: shifts starting within the body's lead time, for volunteers who want them.
public sealed class ReminderPlanTests
{
    static readonly DateTimeZone LosAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];

    static Instant Local(int year, int month, int day, int hour, int minute = 0) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneLeniently(LosAngeles).ToInstant();

    static PhonelineDirectory Directory(TimeSpan? lead, IReadOnlyList<RosterShift> shifts, bool samWantsThem = true,
        IReadOnlyList<ShiftOverride>? overrides = null) => new(
        [new Helpline { Id = 3, Key = "asc", Name = "Area", Kind = "ASC", TimeZone = "America/Los_Angeles",
            ReminderLead = lead }],
        [("+16195550100", 3)], [],
        [
            new DirectoryVolunteer(7, "v-pat", "Pat R.", "+16195550121", ["en"], null, false, true, "t1"),
            new DirectoryVolunteer(9, "v-sam", "Sam T.", "+16195550122", ["en"], null, false, true, "t2",
                Reminders: samWantsThem),
            new DirectoryVolunteer(11, "v-gone", "Gone", "+16195550129", ["en"], null, false, false, "t3"),
        ],
        shifts.Select(s => new BodyShift(3, s)).ToList(),
        (overrides ?? []).Select(o => new BodyOverride(3, o)).ToList(), Local(2026, 10, 1, 0));

    static RosterShift Sunday(long volunteer, int start, int end) =>
        new(volunteer, IsoDayOfWeek.Sunday, new LocalTime(start, 0), new LocalTime(end, 0));

    [Fact]
    public void A_shift_is_due_from_its_lead_time_before_until_it_starts()
    {
        var directory = Directory(TimeSpan.FromHours(24), [Sunday(7, 18, 22)]);
        Assert.Empty(ReminderPlan.Due(Local(2026, 11, 21, 17, 59), directory));
        var due = Assert.Single(ReminderPlan.Due(Local(2026, 11, 21, 18, 0), directory));
        Assert.Equal((7L, 3L, Local(2026, 11, 22, 18), Local(2026, 11, 22, 22)),
            (due.VolunteerId, due.ServiceBodyId, due.From, due.Until));
        Assert.Single(ReminderPlan.Due(Local(2026, 11, 22, 17, 59), directory));
        Assert.Empty(ReminderPlan.Due(Local(2026, 11, 22, 18, 0), directory));
    }

    // Sunday Nov 1, 2026: 02:00 PDT becomes 01:00 PST. A 06:00 shift reminded 6 hours before: at 01:00 PST, which
    // is 7 hours of wall clock after midnight.
    [Fact]
    public void The_lead_time_is_real_time_across_the_autumn_change()
    {
        var directory = Directory(TimeSpan.FromHours(6), [Sunday(7, 6, 10)]);
        var start = Local(2026, 11, 1, 6);
        Assert.Empty(ReminderPlan.Due(start - Duration.FromHours(6) - Duration.FromMinutes(1), directory));
        Assert.Single(ReminderPlan.Due(start - Duration.FromHours(6), directory));
        Assert.Equal("01:00", (start - Duration.FromHours(6)).InZone(LosAngeles).ToString("HH:mm", null));
    }

    [Fact]
    public void Opted_out_retired_and_off_volunteers_and_bodies_without_a_lead_get_none()
    {
        var shifts = new[] { Sunday(7, 18, 22), Sunday(9, 18, 22), Sunday(11, 18, 22) };
        var now = Local(2026, 11, 22, 12);
        Assert.Empty(ReminderPlan.Due(now, Directory(null, shifts)));
        Assert.Equal([7L], ReminderPlan.Due(now, Directory(TimeSpan.FromHours(8), shifts, samWantsThem: false))
            .Select(d => d.VolunteerId));
        var off = new ShiftOverride(7, new LocalDate(2026, 11, 22), OverrideKind.Off);
        Assert.Equal([9L], ReminderPlan.Due(now, Directory(TimeSpan.FromHours(8), shifts, overrides: [off]))
            .Select(d => d.VolunteerId));
    }

    [Fact]
    public void A_cover_is_reminded_like_a_shift_and_one_at_the_same_time_as_a_shift_once()
    {
        var cover = new ShiftOverride(9, new LocalDate(2026, 11, 22), OverrideKind.Cover, new LocalTime(18, 0),
            new LocalTime(20, 0));
        var same = new ShiftOverride(7, new LocalDate(2026, 11, 22), OverrideKind.Cover, new LocalTime(18, 0),
            new LocalTime(22, 0));
        var due = ReminderPlan.Due(Local(2026, 11, 22, 12), Directory(TimeSpan.FromHours(8), [Sunday(7, 18, 22)],
            overrides: [cover, same]));
        Assert.Equal([7L, 9L], due.Select(d => d.VolunteerId).Order());
    }
}
