using System.Globalization;
using NAPhoneline.State;

namespace NAPhoneline.Helplines;

public enum VolunteerStatus { Active, Retired, All }

public sealed record VolunteerListRow(DirectoryVolunteer Volunteer, Helpline? HomeBody);

// Which volunteers a coordinator sees on the Volunteers page, and the search over them. Pure, over the snapshot.
public static class VolunteerList
{
    // A volunteer belongs to a body through their home body, or a weekly shift or a cover there.
    public static bool Belongs(PhonelineDirectory directory, DirectoryVolunteer volunteer, IReadOnlySet<long> bodies) =>
        volunteer.HomeBodyId is { } home && bodies.Contains(home)
        || directory.ShiftsOf(volunteer.Id).Any(s => bodies.Contains(s.ServiceBodyId))
        || directory.OverridesOf(volunteer.Id).Any(o => bodies.Contains(o.ServiceBodyId));

    // The home body, else the first body they serve on (volunteers imported from a file have no home body).
    public static long? HomeBodyOf(PhonelineDirectory directory, DirectoryVolunteer volunteer) =>
        volunteer.HomeBodyId
        ?? directory.ShiftsOf(volunteer.Id).Select(s => (long?)s.ServiceBodyId).FirstOrDefault()
        ?? directory.OverridesOf(volunteer.Id).Select(o => (long?)o.ServiceBodyId).FirstOrDefault();

    // A name or key containing the words typed, or a phone ending in the digits typed ("0177", "555 0177").
    public static bool Matches(DirectoryVolunteer volunteer, string? query)
    {
        var q = query?.Trim() ?? "";
        if (q.Length == 0) return true;
        var digits = new string(q.Where(char.IsAsciiDigit).ToArray());
        if (digits.Length >= 2 && q.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')' or '.' or '+'))
            return volunteer.Phone.EndsWith(digits, StringComparison.Ordinal);
        var compare = CultureInfo.InvariantCulture.CompareInfo;
        const CompareOptions loose = CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace;
        return compare.IndexOf(volunteer.Name, q, loose) >= 0
            || volunteer.Key.Contains(q, StringComparison.OrdinalIgnoreCase);
    }

    public static IReadOnlyList<VolunteerListRow> Filter(PhonelineDirectory directory, IReadOnlySet<long> managed,
        string? query, long? body, VolunteerStatus status)
    {
        IReadOnlySet<long> bodies = body is not { } one ? managed
            : managed.Contains(one) ? new HashSet<long> { one } : new HashSet<long>();
        return directory.Volunteers
            .Where(v => status == VolunteerStatus.All || v.Active == (status == VolunteerStatus.Active))
            .Where(v => Belongs(directory, v, bodies) && Matches(v, query))
            .OrderBy(v => v.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => new VolunteerListRow(v, HomeBodyOf(directory, v) is { } h ? directory.Body(h) : null))
            .ToList();
    }
}
