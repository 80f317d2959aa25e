using Microsoft.AspNetCore.Mvc;
using NAPhoneline.State;

namespace NAPhoneline.Helplines;

// /console/volunteers/new: a coordinator adds a volunteer to one of their bodies; the key comes from the name.
public sealed class VolunteerNewPageModel(ConsoleVolunteerStore store, StateRefresher refresher)
    : VolunteerFormPage(store, refresher)
{
    public IActionResult OnGet()
    {
        if (!Person.IsCoordinator) return NotFound();
        PrepareBodies();
        Form = new VolunteerForm { Languages = ["en"], Reminders = true, HomeBody = HomeBodies.FirstOrDefault()?.Key };
        return Page();
    }

    public Task<IActionResult> OnPostAsync([FromForm] VolunteerForm form, CancellationToken ct) =>
        Person.IsCoordinator ? SaveAsync(form, ct) : Task.FromResult<IActionResult>(NotFound());
}
