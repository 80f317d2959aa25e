using BenchmarkDotNet.Attributes;
using NAPhoneline.Meetings;
using NodaTime;

namespace NAPhoneline.Benchmarks;

// Meeting search over N meetings spread like NA's: most in populated places of the US, some worldwide.
[MemoryDiagnoser]
public class MeetingSearchBenchmarks
{
    [Params(1_000, 35_000, 80_000)]
    public int Meetings { get; set; }

    MeetingIndex index = null!;
    (double Lat, double Lon)[] places = [];

    [GlobalSetup]
    public void Setup() => (index, places) = Build(Meetings);

    internal static (MeetingIndex, (double, double)[]) Build(int count)
    {
        var random = new Random(11);
        (double Lat, double Lon, string Zone)[] cities =
        [
            (32.7157, -117.1611, "America/Los_Angeles"), (34.0522, -118.2437, "America/Los_Angeles"),
            (40.7128, -74.0060, "America/New_York"), (41.8781, -87.6298, "America/Chicago"),
            (29.7604, -95.3698, "America/Chicago"), (33.4484, -112.0740, "America/Phoenix"),
            (51.5072, -0.1276, "Europe/London"), (-23.5505, -46.6333, "America/Sao_Paulo"),
            (19.0760, 72.8777, "Asia/Kolkata"), (-33.8688, 151.2093, "Australia/Sydney"),
        ];
        var meetings = Enumerable.Range(0, count).Select(i =>
        {
            var c = cities[random.Next(cities.Length)];
            return new Meeting
            {
                ExternalId = i.ToString(System.Globalization.CultureInfo.InvariantCulture), Name = "m",
                Weekday = random.Next(7),
                Start = new TimeOnly(random.Next(6, 23), random.Next(4) * 15), TimeZone = c.Zone,
                Latitude = c.Lat + (random.NextDouble() - 0.5) * 2, Longitude = c.Lon + (random.NextDouble() - 0.5) * 2,
                Open = random.Next(2) == 0,
            };
        });
        return (new MeetingIndex(meetings), cities.Select(c => (c.Lat + 0.1, c.Lon - 0.1)).ToArray());
    }

    [Benchmark]
    public int Search()
    {
        var (lat, lon) = places[Environment.TickCount % places.Length];
        return MeetingSearch.Next(index, lat, lon, Instant.FromUtc(2026, 11, 25, 2, 0), new SearchOptions()).Count;
    }
}
