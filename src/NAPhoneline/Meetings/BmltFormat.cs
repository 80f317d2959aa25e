using System.Globalization;
using System.Text.Json;
using NodaTime;

namespace NAPhoneline.Meetings;

// BMLT's GetSearchResults as root servers serve it: a bare array or {"meetings": [...], "formats": [...]}, every value
// a string, weekday_tinyint 1 = Sunday, start_time HH:MM:SS local to the meeting, formats as comma-separated keys.
public static class BmltFormat
{
    public static (IReadOnlyList<Meeting> Meetings, IReadOnlyList<MeetingError> Errors) Parse(
        JsonElement root, string? defaultTimeZone)
    {
        var meetings = new List<Meeting>();
        var errors = new List<MeetingError>();
        JsonElement list;
        var worldIds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (root.ValueKind == JsonValueKind.Array) list = root;
        else if (root.ValueKind == JsonValueKind.Object
                 && root.TryGetProperty("meetings", out list)
                 && list.ValueKind == JsonValueKind.Array)
        {
            if (root.TryGetProperty("formats", out var formats) && formats.ValueKind == JsonValueKind.Array)
                foreach (var f in formats.EnumerateArray())
                    if (Text(f, "key_string") is { Length: > 0 } key && Text(f, "world_id") is { Length: > 0 } world)
                        worldIds[key] = world;
        }
        else
        {
            return ([], [new MeetingError("(file)", "",
                "is not a BMLT GetSearchResults response (an array of meetings, or an object with \"meetings\")")]);
        }

        var index = 0;
        foreach (var m in list.EnumerateArray())
        {
            var id = Text(m, "id_bigint") is { Length: > 0 } i ? i : $"#{index}";
            index++;
            var before = errors.Count;
            void Error(string field, string message) => errors.Add(new MeetingError(id, field, message));
            if (m.ValueKind != JsonValueKind.Object) { Error("", "is not a meeting object"); continue; }

            var name = Text(m, "meeting_name")?.Trim();
            if (string.IsNullOrEmpty(name)) Error("meeting_name", "is empty");
            var weekday = int.TryParse(Text(m, "weekday_tinyint"), NumberStyles.None, CultureInfo.InvariantCulture,
                out var w) && w is >= 1 and <= 7 ? w - 1 : -1;
            if (weekday < 0)
                Error("weekday_tinyint", $"'{Text(m, "weekday_tinyint")}' is not 1 (Sunday) to 7 (Saturday)");
            var start = TimeOnly.TryParseExact(Text(m, "start_time"), ["HH:mm:ss", "HH:mm", "H:mm"],
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : (TimeOnly?)null;
            if (start is null) Error("start_time", $"'{Text(m, "start_time")}' is not a time such as 19:00:00");
            var zone = Text(m, "time_zone") is { Length: > 0 } z ? z : defaultTimeZone;
            if (zone is null) Error("time_zone", "is empty and no service body was named for the import");
            else if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is null)
                Error("time_zone", $"'{zone}' is not an IANA time zone");
            var (latitude, longitude) = Coordinates(Text(m, "latitude"), Text(m, "longitude"), Error);

            var keys = (Text(m, "formats") ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            bool Has(string key, string world) =>
                keys.Any(k => k.Equals(key, StringComparison.OrdinalIgnoreCase)
                    || worldIds.GetValueOrDefault(k) == world);
            var attendance = Has("HY", "HYBR") ? Attendance.Hybrid
                : Has("VM", "VM") ? Attendance.Virtual
                : Attendance.InPerson;
            if (attendance != Attendance.Virtual
                && latitude is null
                && !errors.Skip(before).Any(e => e.Field is "latitude" or "longitude"))
                Error("latitude", "an in-person or hybrid meeting needs coordinates");
            if (errors.Count > before) continue;

            meetings.Add(new Meeting
            {
                ExternalId = id, Name = name!, Weekday = weekday, Start = start!.Value, TimeZone = zone!,
                DurationMinutes = TimeSpan.TryParse(Text(m, "duration_time"), CultureInfo.InvariantCulture, out var d)
                    && d > TimeSpan.Zero ? (int)d.TotalMinutes : null,
                Latitude = latitude, Longitude = longitude,
                LocationName = Text(m, "location_text")?.Trim() ?? "",
                Street = Text(m, "location_street")?.Trim() ?? "",
                City = Text(m, "location_municipality")?.Trim() ?? "",
                Region = Text(m, "location_province")?.Trim() ?? "",
                PostalCode = Text(m, "location_postal_code_1")?.Trim() ?? "",
                LocationInfo = Text(m, "location_info")?.Trim() ?? "",
                Open = Has("O", "OPEN") ? true : Has("C", "CLOSED") ? false : null,
                Attendance = attendance, TemporarilyClosed = Has("TC", "TC"), Formats = keys,
                VirtualLink = Text(m, "virtual_meeting_link") is { Length: > 0 } link ? link : null,
            });
        }
        return (meetings, errors);
    }

    internal static (double?, double?) Coordinates(string? latitude, string? longitude, Action<string, string> error)
    {
        if (string.IsNullOrWhiteSpace(latitude) && string.IsNullOrWhiteSpace(longitude)) return (null, null);
        var okLat = double.TryParse(latitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var lat)
            && lat is >= -90 and <= 90;
        var okLon = double.TryParse(longitude, NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
            && lon is >= -180 and <= 180;
        if (!okLat) error("latitude", $"'{latitude}' is not a latitude");
        if (!okLon) error("longitude", $"'{longitude}' is not a longitude");
        // 0,0 is the usual placeholder for "not geocoded", in the Gulf of Guinea.
        return okLat && okLon && !(lat == 0 && lon == 0) ? (lat, lon) : (null, null);
    }

    // BMLT serves strings, but hand-made files and some servers put numbers: accept both.
    internal static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(), JsonValueKind.Number => value.GetRawText(), _ => null
            }
            : null;
}
