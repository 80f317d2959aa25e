using System.Globalization;
using System.Text.Json;
using NodaTime;

namespace NAPhoneline.Meetings;

// The Meeting Guide / TSML JSON feed: an array of meetings with day 0 = Sunday (or an array of days), time HH:MM,
// types as codes (O open, C closed, ONL online, TC temporarily closed; unknown codes are kept, not refused).
public static class MeetingGuideFormat
{
    public static (IReadOnlyList<Meeting> Meetings, IReadOnlyList<MeetingError> Errors) Parse(
        JsonElement root, string? defaultTimeZone)
    {
        if (root.ValueKind != JsonValueKind.Array)
            return ([], [new MeetingError("(file)", "", "is not a Meeting Guide feed (a JSON array of meetings)")]);
        var meetings = new List<Meeting>();
        var errors = new List<MeetingError>();
        var index = 0;
        foreach (var m in root.EnumerateArray())
        {
            var id = BmltFormat.Text(m, "slug") is { Length: > 0 } slug ? slug
                : BmltFormat.Text(m, "id") is { Length: > 0 } i ? i
                : $"#{index}";
            index++;
            var before = errors.Count;
            void Error(string field, string message) => errors.Add(new MeetingError(id, field, message));
            if (m.ValueKind != JsonValueKind.Object) { Error("", "is not a meeting object"); continue; }

            var name = BmltFormat.Text(m, "name")?.Trim();
            if (string.IsNullOrEmpty(name)) Error("name", "is empty");
            var days = Days(m, Error);
            var start = TimeOnly.TryParseExact(BmltFormat.Text(m, "time"), ["HH:mm", "H:mm", "HH:mm:ss"],
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : (TimeOnly?)null;
            if (start is null) Error("time", $"'{BmltFormat.Text(m, "time")}' is not a time such as 19:00");
            var zone = BmltFormat.Text(m, "timezone") is { Length: > 0 } z ? z : defaultTimeZone;
            if (zone is null) Error("timezone", "is empty and no service body was named for the import");
            else if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(zone) is null)
                Error("timezone", $"'{zone}' is not an IANA time zone");
            var (latitude, longitude) = BmltFormat.Coordinates(
                BmltFormat.Text(m, "latitude"), BmltFormat.Text(m, "longitude"), Error);
            var types = m.TryGetProperty("types", out var typeList) && typeList.ValueKind == JsonValueKind.Array
                ? typeList.EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
                : [];
            var attendance = BmltFormat.Text(m, "attendance_option") switch
            {
                "hybrid" => Attendance.Hybrid,
                "online" => Attendance.Virtual,
                "in_person" => Attendance.InPerson,
                _ => types.Contains("ONL")
                    ? (latitude is null ? Attendance.Virtual : Attendance.Hybrid)
                    : Attendance.InPerson,
            };
            if (attendance != Attendance.Virtual
                && latitude is null
                && !errors.Skip(before).Any(e => e.Field is "latitude" or "longitude"))
                Error("latitude", "an in-person or hybrid meeting needs coordinates");
            if (errors.Count > before) continue;

            var end = TimeOnly.TryParseExact(BmltFormat.Text(m, "end_time"), ["HH:mm", "H:mm"],
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var e) ? e : (TimeOnly?)null;
            foreach (var day in days)
            {
                meetings.Add(new Meeting
                {
                    ExternalId = days.Count == 1 ? id : $"{id}#{day}", Name = name!, Weekday = day,
                    Start = start!.Value, TimeZone = zone!,
                    DurationMinutes = end is { } finish
                        ? (int)((finish - start.Value).TotalMinutes + 1440) % 1440
                        : null,
                    Latitude = latitude, Longitude = longitude,
                    LocationName = BmltFormat.Text(m, "location")?.Trim() ?? "",
                    Street = BmltFormat.Text(m, "address")?.Trim() ?? "",
                    City = BmltFormat.Text(m, "city")?.Trim() ?? "", Region = BmltFormat.Text(m, "state")?.Trim() ?? "",
                    PostalCode = BmltFormat.Text(m, "postal_code")?.Trim() ?? "",
                    LocationInfo = BmltFormat.Text(m, "location_notes")?.Trim() ?? "",
                    Open = types.Contains("O") ? true : types.Contains("C") ? false : null,
                    Attendance = attendance,
                    TemporarilyClosed = types.Contains("TC") || BmltFormat.Text(m, "attendance_option") == "inactive",
                    Formats = types,
                    VirtualLink = BmltFormat.Text(m, "conference_url") is { Length: > 0 } link ? link : null,
                });
            }
        }
        return (meetings, errors);
    }

    static List<int> Days(JsonElement meeting, Action<string, string> error)
    {
        if (!meeting.TryGetProperty("day", out var day)) { error("day", "is missing"); return []; }
        var values = day.ValueKind == JsonValueKind.Array ? day.EnumerateArray().ToList() : [day];
        var days = new List<int>();
        foreach (var value in values)
        {
            var text = value.ValueKind is JsonValueKind.Number ? value.GetRawText()
                : value.ValueKind == JsonValueKind.String ? value.GetString()
                : null;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 6)
                days.Add(d);
            else error("day", $"'{text ?? value.GetRawText()}' is not 0 (Sunday) to 6 (Saturday)");
        }
        if (values.Count == 0) error("day", "is empty");
        return days.Distinct().ToList();
    }
}
