using System.Resources;
using Microsoft.AspNetCore.Mvc;
using NAPhoneline.Console;
using NAPhoneline.Console.Audit;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Requests;
using NAPhoneline.State;

namespace NAPhoneline.Helplines;

// /console/settings?body=KEY: a body's routing, languages, escalation deadlines and contacts, for its coordinators.
// Checked by the import's validator and written through the import, with the rest of the body left as it is.
public sealed class SettingsPageModel(SettingsStore store, StateRefresher refresher) : ConsolePageModel
{
    static readonly ResourceManager Resources =
        new("NAPhoneline.Helplines.SettingsText", typeof(SettingsPageModel).Assembly);

    public Words W => WordsOf(Resources);
    public Helpline Body { get; private set; } = new();
    public IReadOnlyList<Helpline> Bodies { get; private set; } = [];
    public SettingsForm Form { get; private set; } = new();
    public List<FormError> Errors { get; } = [];
    public bool Saved { get; private set; }
    public IReadOnlyList<string> RequestTypeList => RequestTypes.All;
    public IReadOnlyList<string> Strategies => ["round-robin", "random", "simultaneous"];

    public IActionResult OnGet(string? body, bool saved)
    {
        if (!Find(body)) return NotFound();
        Form = SettingsForm.From(Body, Directory.Contacts(Body.Id));
        Saved = saved;
        return Shown();
    }

    // Another empty contact row, keeping everything typed so far.
    public IActionResult OnPostAddRow(string? body, [FromForm] SettingsForm form)
    {
        if (!Find(body)) return NotFound();
        Form = form;
        Form.Contacts.Add(new ContactForm { AcceptsCalls = true });
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? body, [FromForm] SettingsForm form, CancellationToken ct)
    {
        if (!Find(body)) return NotFound();
        Form = form;
        var region = E164.Region(Directory.HelplineNumberFor(Body.Id)) ?? "US";
        var rows = new List<int>();
        var above = Directory.Chain(Body.Id).Skip(1).Any(b => Person.Contacts.Any(c =>
            c.ServiceBodyId == b.Id && c.Role == ConsoleUser.CoordinatorRole));
        var result = await store.SaveAsync(Body.Id, Body.Key, AuditLog.Actor(Person), current =>
        {
            Errors.Clear();
            rows.Clear();
            var edited = form.ApplyTo(current, region, Errors, rows);
            if (!above && SettingsForm.RemovesOwnCoordinatorRole(Person.Phone, current.Contacts ?? [],
                    edited.Contacts ?? []))
                Errors.Add(new FormError(OwnRow(region), "OwnCoordinator"));
            return (edited, Errors.Count > 0);
        }, ct);
        if (result.Saved)
        {
            await refresher.ReloadAsync(StateTopic.Structure, ct);
            return Redirect($"/console/settings?body={Uri.EscapeDataString(Body.Key)}&saved=true");
        }
        foreach (var error in result.Errors.Select(e => form.FieldOf(e, rows)))
            if (error.Field.Length == 0 || Errors.All(e => e.Field != error.Field)) Errors.Add(error);
        return Shown();
    }

    // The row of the person's own coordinator contact, to put the refusal beside it.
    string OwnRow(string region)
    {
        var index = Form.Contacts.FindIndex(c => c.EffectiveRole == SettingsForm.Coordinator
            && E164.Normalize(c.Phone, region) == Person.Phone);
        index = index >= 0 ? index : Form.Contacts.FindIndex(c => E164.Normalize(c.Phone, region) == Person.Phone);
        return index < 0 ? "" : $"contact-{index}-role";
    }

    IActionResult Shown()
    {
        if (Form.Contacts.Count == 0 || !Form.Contacts[^1].IsBlank)
            Form.Contacts.Add(new ContactForm { AcceptsCalls = true });
        return Page();
    }

    bool Find(string? key)
    {
        if (!Person.IsCoordinator) return false;
        Bodies = VolunteersPageModel.ManagedBodies(Directory, Person);
        var body = string.IsNullOrEmpty(key) ? Bodies.FirstOrDefault() : Bodies.FirstOrDefault(b => b.Key == key);
        if (body is null) return false;
        Body = body;
        return true;
    }

    public string Message(FormError error) => error.WordsKey is { } key
        ? error.Detail is { Length: > 0 } detail ? W.Format(key, detail) : W[key]
        : error.Detail;

    public string? ErrorOf(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } e ? Message(e) : null;

    public string? Invalid(string field) => ErrorOf(field) is null ? null : "true";

    public string? Described(string field, string? hint = null) =>
        string.Join(' ', new[] { hint, ErrorOf(field) is null ? null : field + "-error" }.OfType<string>()) is
            { Length: > 0 } ids ? ids : null;

    public IEnumerable<string> RolesFor(ContactForm contact) =>
        contact.Role is { Length: > 0 } r && !SettingsForm.Roles.Contains(r) ? SettingsForm.Roles.Append(r)
            : SettingsForm.Roles;

    public string RoleName(string role) => Resources.GetString("Role-" + role, Culture) ?? role;
}
