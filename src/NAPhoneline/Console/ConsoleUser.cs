using NAPhoneline.State;

namespace NAPhoneline.Console;

// Who is signed in and what they may do, worked out from the structure held in memory (CONTRACT 11). A person is
// the holder of a phone: an active volunteer, a contact of one or more bodies, or both. Nobody else has a role,
// so someone retired or removed from the configuration is signed out at once, on every instance.
public sealed class ConsoleUser
{
    public const string CoordinatorRole = "coordinator";

    ConsoleUser(string phone, DirectoryVolunteer? volunteer, IReadOnlyList<Contact> contacts,
        IReadOnlySet<long> managed, IReadOnlySet<long> volunteerBodies, string language)
    {
        Phone = phone;
        Volunteer = volunteer;
        Contacts = contacts;
        Managed = managed;
        VolunteerBodies = volunteerBodies;
        Language = language;
    }

    public string Phone { get; }
    public DirectoryVolunteer? Volunteer { get; }
    public IReadOnlyList<Contact> Contacts { get; }
    // Bodies this person coordinates, each with every body below it.
    public IReadOnlySet<long> Managed { get; }
    // Bodies whose schedule this person serves on (home body, weekly shifts, covers).
    public IReadOnlySet<long> VolunteerBodies { get; }
    // First language: the volunteer's own, else that of the first body the person is a contact of.
    public string Language { get; }

    public string Name => Volunteer?.Name ?? Contacts.FirstOrDefault()?.Name ?? "";
    public bool IsCoordinator => Managed.Count > 0;

    public bool Manages(long? serviceBodyId) => serviceBodyId is { } id && Managed.Contains(id);

    public bool SeesSchedule(long serviceBodyId) => Manages(serviceBodyId) || VolunteerBodies.Contains(serviceBodyId);

    public IEnumerable<long> ScheduleBodies => Managed.Union(VolunteerBodies);

    // Coordinators see their bodies' requests; a contact sees those of its role and body, and those escalated to
    // its body; anyone who was texted about a request sees it.
    public bool SeesRequest(long serviceBodyId, long? responsibleBodyId, string role, bool wasNotified) =>
        wasNotified || Manages(serviceBodyId) || Manages(responsibleBodyId)
        || Contacts.Any(c => c.ServiceBodyId == serviceBodyId && c.Role == role)
        || Contacts.Any(c => responsibleBodyId is { } r && c.ServiceBodyId == r);

    public static ConsoleUser? For(PhonelineDirectory directory, string phone)
    {
        var volunteer = directory.VolunteerByPhone(phone) is { Active: true } v ? v : null;
        var contacts = directory.AllContacts.Where(c => c.Phone == phone).ToList();
        if (volunteer is null && contacts.Count == 0) return null;

        var managed = contacts.Where(c => c.Role == CoordinatorRole)
            .SelectMany(c => directory.Subtree(c.ServiceBodyId)).Select(b => b.Id).ToHashSet();
        var serving = new HashSet<long>();
        if (volunteer is not null)
        {
            if (volunteer.HomeBodyId is { } home) serving.Add(home);
            serving.UnionWith(directory.ShiftsOf(volunteer.Id).Select(s => s.ServiceBodyId));
            serving.UnionWith(directory.OverridesOf(volunteer.Id).Select(o => o.ServiceBodyId));
        }
        var language = volunteer?.Languages.FirstOrDefault()
            ?? contacts.Select(c => directory.Body(c.ServiceBodyId)?.Languages.FirstOrDefault())
                .FirstOrDefault(l => l is not null)
            ?? "en";
        return new ConsoleUser(phone, volunteer, contacts, managed, serving, language);
    }

    // The body whose helpline number texts this person (their sign-in code).
    public long? HomeBody => Volunteer?.HomeBodyId ?? VolunteerBodies.Cast<long?>().FirstOrDefault()
        ?? Contacts.FirstOrDefault()?.ServiceBodyId;
}
