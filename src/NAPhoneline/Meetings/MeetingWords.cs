using System.Globalization;
using NAPhoneline.Shared.Voice;
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
        var p = Parts(hit, place, now, prompts);
        var details = new List<string>();
        if (hit.Meeting.Open is { } open) details.Add(prompts.Text(open ? "OpenShort" : "ClosedShort"));
        if (hit.Meeting.Attendance == Attendance.Hybrid) details.Add(prompts.Text("Hybrid"));
        var distance = Math.Max(p.Distance, 0.1);
        details.Add(prompts.Text(p.Miles ? "Miles" : "Kilometres",
            distance < 10 ? distance.ToString("0.#", p.Culture) : distance.ToString("0", p.Culture)));
        return $"{p.When} {p.Time} {hit.Meeting.Name}{(p.At.Length > 0 ? ", " + p.At : "")} "
            + $"({string.Join(", ", details)})";
    }

    // Read aloud: "Tonight at 7:00 PM, Step Up and Be Free, at Clifton Springs Hospital, 128 Main Street,
    // Clifton Springs.
    // Open meeting. 9 miles away."
    public static string Spoken(MeetingHit hit, Place place, Instant now, Prompts prompts)
    {
        var p = Parts(hit, place, now, prompts);
        var notes = new List<string>();
        if (hit.Meeting.Open is { } open) notes.Add(prompts.Text(open ? "OpenMeeting" : "ClosedMeeting"));
        if (hit.Meeting.Attendance == Attendance.Hybrid) notes.Add(prompts.Text("HybridMeeting"));
        var distance = Math.Max(1, Math.Round(p.Distance));
        notes.Add(distance == 1
            ? prompts.Text(p.Miles ? "DistanceOneMile" : "DistanceOneKilometre")
            : prompts.Text(p.Miles ? "DistanceMiles" : "DistanceKilometres", distance.ToString("0", p.Culture)));
        return prompts.Text("MeetingSpoken", p.When, p.Time, hit.Meeting.Name,
            p.At.Length > 0 ? $", {prompts.Text("AtWord")} {p.At}" : "", string.Join(" ", notes));
    }

    // What both wordings share: the day relative to the meeting's own local date, its time, its place, the distance.
    static (string When, string Time, string At, bool Miles, double Distance, CultureInfo Culture) Parts(
        MeetingHit hit, Place place, Instant now, Prompts prompts)
    {
        var m = hit.Meeting;
        var zone = DateTimeZoneProviders.Tzdb[m.TimeZone];
        var culture = CultureInfo.GetCultureInfo(prompts.SayLanguage);
        var local = hit.Starts.InZone(zone).LocalDateTime;
        var today = now.InZone(zone).Date;
        var when = local.Date == today ? prompts.Text(local.Hour >= 17 ? "Tonight" : "Today")
            : local.Date == today.PlusDays(1) ? prompts.Text("Tomorrow")
            : culture.TextInfo.ToTitleCase(local.ToString("dddd", culture));
        var at = string.Join(", ", new[] { m.LocationName, m.Street, m.City }
            .Where(s => s.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase));
        var miles = MileCountries.Contains(place.Country);
        return (when, local.TimeOfDay.ToString(prompts.Text("TimeFormat"), culture), at, miles,
            miles ? hit.DistanceKm / 1.609344 : hit.DistanceKm, culture);
    }

    public static string Sms(
        IReadOnlyList<MeetingHit> hits, Place place, string placeText, Instant now, Prompts prompts)
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

    const string Gsm = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
        + "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
}
