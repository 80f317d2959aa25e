using NodaTime;

namespace NAPhoneline.Meetings;

public sealed record MeetingHit(Meeting Meeting, Instant Starts, double DistanceKm);

public sealed record SearchOptions
{
    public int Count { get; init; } = 3;
    public bool OpenOnly { get; init; }
    // A caller can still walk in a few minutes late.
    public Duration Grace { get; init; } = Duration.FromMinutes(10);
    public IReadOnlyList<double> RadiiKm { get; init; } = [10, 25, 50, 100];
}

// The next meetings near a place: today's that have not started (within the grace period), then tomorrow's, each in
// its own time zone; in-person and hybrid before virtual; temporarily closed left out. The radius grows only as far
// as it must, so a city caller hears the meetings across town, a rural one the nearest town's.
public static class MeetingSearch
{
    public static IReadOnlyList<MeetingHit> Next(
        MeetingIndex index, double latitude, double longitude, Instant now, SearchOptions options)
    {
        var tiers = options.RadiiKm.Select(radius => index.Within(latitude, longitude, radius)
                .Where(c => !c.Meeting.TemporarilyClosed && (!options.OpenOnly || c.Meeting.Open == true))
                .Select(c => NextOccurrence(c.Meeting, now, options.Grace) is { } start
                    ? new MeetingHit(c.Meeting, start, c.DistanceKm)
                    : null)
                .OfType<MeetingHit>()
                .ToList())
            .ToList();
        // Sooner beats nearer for someone who needs a meeting now: the smallest radius with enough meetings still to
        // come today; failing that, the smallest with enough today and tomorrow; failing that, the widest.
        var chosen = tiers.FirstOrDefault(t => t.Count(h => IsToday(h, now)) >= options.Count)
            ?? tiers.FirstOrDefault(t => t.Count >= options.Count)
            ?? tiers.LastOrDefault() ?? [];
        return chosen
            .OrderBy(h => h.Meeting.Attendance == Attendance.Virtual)
            .ThenBy(h => h.Starts)
            .ThenBy(h => h.DistanceKm)
            .Take(options.Count)
            .ToList();
    }

    static bool IsToday(MeetingHit hit, Instant now)
    {
        var zone = DateTimeZoneProviders.Tzdb[hit.Meeting.TimeZone];
        return hit.Starts.InZone(zone).Date == now.InZone(zone).Date;
    }

    // Today's meeting if it starts no earlier than now minus the grace period, else tomorrow's; null beyond that.
    public static Instant? NextOccurrence(Meeting meeting, Instant now, Duration grace)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(meeting.TimeZone);
        if (zone is null) return null;
        var today = now.InZone(zone).Date;
        var start = LocalTime.FromTimeOnly(meeting.Start);
        for (var date = today; date <= today.PlusDays(1); date = date.PlusDays(1))
        {
            if (((int)date.DayOfWeek % 7) != meeting.Weekday) continue;
            var instant = date.At(start).InZoneLeniently(zone).ToInstant();
            if (instant >= now - grace) return instant;
        }
        return null;
    }

    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double R = 6371.0088;
        var dLat = (lat2 - lat1) * Math.PI / 180;
        var dLon = (lon2 - lon1) * Math.PI / 180;
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) +
                Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) *
                Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
