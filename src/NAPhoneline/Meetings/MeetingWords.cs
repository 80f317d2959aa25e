using System.Globalization;
using NAPhoneline.Ivr;
using NAPhoneline.Meetings.Places;
using NodaTime;

namespace NAPhoneline.Meetings;

// How meetings are said and texted: "Tonight 7:00 PM Step Up and Be Free, Clifton Springs Hospital, 128 Main Street,
// Clifton Springs (open, 9 mi)". Days are relative to the meeting's own local date; distances in the place's units.
public static class MeetingWords
{
    // A concise reply: at most three SMS segments (153 GSM-7 or 67 UCS-2 characters each).
    public const int MaxSegments = 3;

    static readonly HashSet<string> MileCountries = ["US", "GB", "LR", "MM"];

    public static string Line(MeetingHit hit, Place place, Instant now, Prompts prompts)
    {
        var m = hit.Meeting;
        var zone = DateTimeZoneProviders.Tzdb[m.TimeZone];
        var culture = CultureInfo.GetCultureInfo(prompts.SayLanguage);
        var local = hit.Starts.InZone(zone).LocalDateTime;
        var today = now.InZone(zone).Date;
        var when = local.Date == today ? prompts.Text(local.Hour >= 17 ? "Tonight" : "Today")
            : local.Date == today.PlusDays(1) ? prompts.Text("Tomorrow")
            : culture.TextInfo.ToTitleCase(local.ToString("dddd", culture));
        var at = string.Join(", ", new[] { m.LocationName, m.Street, m.City }.Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase));
        var details = new List<string>();
        if (m.Open is { } open) details.Add(prompts.Text(open ? "OpenShort" : "ClosedShort"));
        if (m.Attendance == Attendance.Hybrid) details.Add(prompts.Text("Hybrid"));
        var miles = MileCountries.Contains(place.Country);
        var distance = Math.Max(miles ? hit.DistanceKm / 1.609344 : hit.DistanceKm, 0.1);
        details.Add(prompts.Text(miles ? "Miles" : "Kilometres", distance < 10 ? distance.ToString("0.#", culture) : distance.ToString("0", culture)));
        return $"{when} {local.TimeOfDay.ToString(prompts.Text("TimeFormat"), culture)} {m.Name}{(at.Length > 0 ? ", " + at : "")} ({string.Join(", ", details)})";
    }

    // Read aloud: "Tonight at 7:00 PM, Step Up and Be Free, at Clifton Springs Hospital, 128 Main Street, Clifton Springs.
    // Open meeting. 9 miles away."
    public static string Spoken(MeetingHit hit, Place place, Instant now, Prompts prompts)
    {
        var m = hit.Meeting;
        var zone = DateTimeZoneProviders.Tzdb[m.TimeZone];
        var culture = CultureInfo.GetCultureInfo(prompts.SayLanguage);
        var local = hit.Starts.InZone(zone).LocalDateTime;
        var today = now.InZone(zone).Date;
        var when = local.Date == today ? prompts.Text(local.Hour >= 17 ? "Tonight" : "Today")
            : local.Date == today.PlusDays(1) ? prompts.Text("Tomorrow")
            : culture.TextInfo.ToTitleCase(local.ToString("dddd", culture));
        var at = string.Join(", ", new[] { m.LocationName, m.Street, m.City }.Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase));
        var notes = new List<string>();
        if (m.Open is { } open) notes.Add(prompts.Text(open ? "OpenMeeting" : "ClosedMeeting"));
        if (m.Attendance == Attendance.Hybrid) notes.Add(prompts.Text("HybridMeeting"));
        var miles = MileCountries.Contains(place.Country);
        var distance = Math.Max(1, Math.Round(miles ? hit.DistanceKm / 1.609344 : hit.DistanceKm));
        notes.Add(distance == 1
            ? prompts.Text(miles ? "DistanceOneMile" : "DistanceOneKilometre")
            : prompts.Text(miles ? "DistanceMiles" : "DistanceKilometres", distance.ToString("0", culture)));
        return prompts.Text("MeetingSpoken", when, local.TimeOfDay.ToString(prompts.Text("TimeFormat"), culture), m.Name,
            at.Length > 0 ? $", {prompts.Text("AtWord")} {at}" : "", string.Join(" ", notes));
    }

    public static string Sms(IReadOnlyList<MeetingHit> hits, Place place, string placeText, Instant now, Prompts prompts)
    {
        var lines = hits.Select((h, i) => $"{i + 1}) {Line(h, place, now, prompts)}").ToList();
        // Fewer meetings rather than a message cut off by the carrier.
        for (var count = lines.Count; count > 0; count--)
        {
            var text = prompts.Text("MeetingsSms", placeText, string.Join(" ", lines.Take(count)));
            if (Segments(text) <= MaxSegments) return text;
        }
        var single = prompts.Text("MeetingsSms", placeText, lines[0]);
        return single[..Math.Min(single.Length, IsGsm(single) ? 153 * MaxSegments : 67 * MaxSegments)];
    }

    public static int Segments(string text)
    {
        var (single, multi) = IsGsm(text) ? (160, 153) : (70, 67);
        return text.Length <= single ? 1 : (text.Length + multi - 1) / multi;
    }

    // The GSM 03.38 basic set; anything else (most accents, emoji) makes the whole message UCS-2.
    static bool IsGsm(string text) => text.All(c => Gsm.Contains(c));

    const string Gsm = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
}
