namespace NAPhoneline.Meetings;

// Meetings bucketed in one-degree cells, so a search reads the few cells around a place instead of every meeting
// in the world (NA has about 70,000 weekly meetings). Immutable: a new index replaces the old after an import.
public sealed class MeetingIndex
{
    readonly Dictionary<(int, int), List<Meeting>> cells = [];

    public int Count { get; }

    public MeetingIndex(IEnumerable<Meeting> meetings)
    {
        foreach (var m in meetings)
        {
            if (m.Latitude is not { } lat || m.Longitude is not { } lon) continue;
            var key = Cell(lat, lon);
            if (!cells.TryGetValue(key, out var list)) cells[key] = list = [];
            list.Add(m);
            Count++;
        }
    }

    public IEnumerable<(Meeting Meeting, double DistanceKm)> Within(double latitude, double longitude, double radiusKm)
    {
        var dLat = (int)Math.Ceiling(radiusKm / 111.0);
        var dLon = (int)Math.Ceiling(radiusKm / (111.0 * Math.Max(0.05, Math.Cos(latitude * Math.PI / 180))));
        var (cLat, cLon) = Cell(latitude, longitude);
        for (var y = cLat - dLat; y <= cLat + dLat; y++)
        {
            for (var x = cLon - dLon; x <= cLon + dLon; x++)
            {
                // Longitude wraps at the antimeridian.
                var wrapped = ((x + 180) % 360 + 360) % 360 - 180;
                if (!cells.TryGetValue((y, wrapped), out var list)) continue;
                foreach (var m in list)
                {
                    var distance = MeetingSearch.DistanceKm(latitude, longitude, m.Latitude!.Value, m.Longitude!.Value);
                    if (distance <= radiusKm) yield return (m, distance);
                }
            }
        }
    }

    static (int, int) Cell(double latitude, double longitude) =>
        ((int)Math.Floor(latitude), (int)Math.Floor(longitude));
}
