using Microsoft.AspNetCore.Mvc;
using NAPhoneline.Console;
using NAPhoneline.Console.Audit;
using NAPhoneline.Shared;
using NAPhoneline.State;

namespace NAPhoneline.Helplines;

// What the add and edit pages share: the form, its bodies, its errors and the save through ConsoleVolunteerStore.
public abstract class VolunteerFormPage(ConsoleVolunteerStore store, StateRefresher refresher) : ConsolePageModel
{
    public Words W => WordsOf(VolunteersPageModel.Resources);
    public VolunteerForm Form { get; protected set; } = new();
    public List<FormError> Errors { get; } = [];
    // The volunteer being edited; null on the add page.
    public DirectoryVolunteer? Volunteer { get; protected set; }
    public IReadOnlyList<Helpline> HomeBodies { get; protected set; } = [];

    public IEnumerable<string> Genders => Volunteer?.Gender is { } g && !VolunteerForm.Genders.Contains(g)
        ? VolunteerForm.Genders.Append(g) : VolunteerForm.Genders;

    public string Message(FormError error) => error.WordsKey switch
    {
        null => error.Detail,
        "PhoneTaken" => W.Format("PhoneTaken", error.Detail),
        var key => W[key],
    };

    public string GenderName(string gender) =>
        VolunteersPageModel.Resources.GetString("Gender-" + gender, Culture) ?? gender;

    public string? ErrorOf(string field) => Errors.FirstOrDefault(e => e.Field == field) is { } e ? Message(e) : null;

    public string? Invalid(string field) => ErrorOf(field) is null ? null : "true";

    public string? Described(string field, string? hint = null) =>
        string.Join(' ', new[] { hint, ErrorOf(field) is null ? null : field + "-error" }.OfType<string>()) is
            { Length: > 0 } ids ? ids : null;

    // The coordinator's bodies, and the volunteer's own home body should it be another's.
    protected void PrepareBodies()
    {
        var bodies = VolunteersPageModel.ManagedBodies(Directory, Person).ToList();
        if (Volunteer?.HomeBodyId is { } home && bodies.All(b => b.Id != home) && Directory.Body(home) is { } own)
            bodies.Add(own);
        HomeBodies = bodies;
    }

    protected async Task<IActionResult> SaveAsync(VolunteerForm form, CancellationToken ct)
    {
        Form = form;
        PrepareBodies();
        // Only the bodies offered: anything else is a forged form.
        if (HomeBodies.FirstOrDefault(b => b.Key == form.HomeBody) is not { } home) return NotFound();
        var region = E164.Region(Directory.HelplineNumberFor(home.Id)) ?? "US";
        Errors.AddRange(form.Check(region, Volunteer?.Gender));
        var refused = Errors.Count > 0;
        var result = await store.SaveAsync(Volunteer?.Key, AuditLog.Actor(Person), before =>
            (new VolunteerInput(form.ToConfig(before?.Key ?? "", region, before?.Active ?? true, before?.Languages),
                home.Id), refused),
            ct);
        return await AnswerAsync(result, "saved", ct);
    }

    protected async Task<IActionResult> AnswerAsync(VolunteerResult result, string saved, CancellationToken ct)
    {
        if (result.Outcome == VolunteerOutcome.Missing) return NotFound();
        if (result.Outcome == VolunteerOutcome.Saved)
        {
            await refresher.ReloadAsync(StateTopic.Structure, ct);
            return Redirect($"/console/volunteers/{Uri.EscapeDataString(result.Key!)}?done={saved}");
        }
        foreach (var error in (result.Errors ?? []).Select(VolunteerForm.FieldOf))
            if (Errors.All(e => e.Field != error.Field || e.Field.Length == 0)) Errors.Add(error);
        if (result.PhoneTakenBy is { } owner) Errors.Add(new FormError("phone", "PhoneTaken", owner));
        return Page();
    }
}
