using NAPhoneline.Shared.Requests;
using NAPhoneline.State;

namespace NAPhoneline.Requests;

// GET /console/requests: the requests this person may see, by status, type and body. Never a caller's number.
public sealed class RequestsPageModel(RequestDeskStore store) : RequestDeskPage
{
    public StatusFilter StatusFilter { get; private set; }
    public string? TypeFilter { get; private set; }
    public long? BodyFilter { get; private set; }
    public IReadOnlyList<Helpline> Bodies { get; private set; } = [];
    public IReadOnlyList<InboxRow> Rows { get; private set; } = [];
    public static IReadOnlyList<string> Types => RequestTypes.All;

    public async Task OnGetAsync(string? status, string? type, string? body, CancellationToken ct)
    {
        StatusFilter = RequestDesk.ParseStatus(status);
        TypeFilter = RequestDesk.ParseType(type);
        // The bodies a person acts for; requests escalated to them come with them.
        Bodies = Person.Managed.Union(Person.Contacts.Select(c => c.ServiceBodyId)).Select(Directory.Body)
            .OfType<Helpline>().OrderBy(b => b.Name, StringComparer.Create(Culture, false)).ToList();
        BodyFilter = Bodies.FirstOrDefault(b => b.Key == body)?.Id;
        Rows = await store.InboxAsync(Person, StatusFilter, TypeFilter, BodyFilter, ct);
    }
}
