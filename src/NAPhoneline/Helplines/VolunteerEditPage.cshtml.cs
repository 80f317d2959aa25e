using Microsoft.AspNetCore.Mvc;
using NAPhoneline.Console.Audit;
using NAPhoneline.State;

namespace NAPhoneline.Helplines;

// /console/volunteers/{key}: edit, retire or reactivate a volunteer of one of the coordinator's bodies. Anyone
// else's volunteer, on GET and on POST, is a page that does not exist.
public sealed class VolunteerEditPageModel(ConsoleVolunteerStore store, StateRefresher refresher)
    : VolunteerFormPage(store, refresher)
{
    readonly ConsoleVolunteerStore store = store;

    public string? Done { get; private set; }

    public IActionResult OnGet(string key, string? done)
    {
        if (!Find(key)) return NotFound();
        var v = Volunteer!;
        var home = v.HomeBodyId ?? VolunteerList.HomeBodyOf(Directory, v);
        Form = new VolunteerForm
        {
            Name = v.Name, Phone = v.Phone, Languages = [.. v.Languages], TwelfthStep = v.TwelfthStep,
            Reminders = v.Reminders, Gender = v.Gender, HomeBody = HomeBodies.FirstOrDefault(b => b.Id == home)?.Key,
        };
        Done = done is "saved" or "retired" or "reactivated" ? done : null;
        return Page();
    }

    public Task<IActionResult> OnPostAsync(string key, [FromForm] VolunteerForm form, CancellationToken ct) =>
        Find(key) ? SaveAsync(form, ct) : Task.FromResult<IActionResult>(NotFound());

    public Task<IActionResult> OnPostRetireAsync(string key, CancellationToken ct) => SetActiveAsync(key, false, ct);

    public Task<IActionResult> OnPostReactivateAsync(string key, CancellationToken ct) =>
        SetActiveAsync(key, true, ct);

    async Task<IActionResult> SetActiveAsync(string key, bool active, CancellationToken ct)
    {
        if (!Find(key)) return NotFound();
        var audited = VolunteerList.HomeBodyOf(Directory, Volunteer!);
        var result = await store.SaveAsync(key, AuditLog.Actor(Person), before => (new VolunteerInput(
            new VolunteerConfig
            {
                Key = before!.Key, Name = before.Name, Phone = before.Phone, Languages = [.. before.Languages],
                Gender = before.Gender, TwelfthStep = before.TwelfthStep, Active = active,
                Reminders = before.Reminders,
            }, before.ServiceBodyId, audited), false), ct);
        if (result.Outcome == VolunteerOutcome.Refused)
        {
            // Reactivating someone whose number an active volunteer has taken meanwhile: said on the page.
            OnGet(key, null);
            Errors.Add(result.PhoneTakenBy is { } owner ? new FormError("phone", "PhoneTaken", owner)
                : new FormError("", null, string.Join("; ", (result.Errors ?? []).Select(e => e.Message))));
            return Page();
        }
        return await AnswerAsync(result, active ? "reactivated" : "retired", ct);
    }

    bool Find(string key)
    {
        if (!Person.IsCoordinator) return false;
        Volunteer = Directory.Volunteers.FirstOrDefault(v => v.Key == key);
        if (Volunteer is null || !VolunteerList.Belongs(Directory, Volunteer, Person.Managed)) return false;
        PrepareBodies();
        return true;
    }
}
