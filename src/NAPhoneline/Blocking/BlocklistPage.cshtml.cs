using System.Resources;
using Microsoft.AspNetCore.Mvc;
using NAPhoneline.Console;
using NAPhoneline.Console.Audit;
using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Blocking;

// What the blocklist form posts, kept as typed.
public sealed class BlockForm
{
    public string? Kind { get; set; } = "number";
    public string? Number { get; set; }
    public string? Prefix { get; set; }
    public string? Body { get; set; }
    public string? Days { get; set; } = "30";
    public string? Reason { get; set; }
}

// /console/blocklist (CONTRACT 15): a coordinator blocks a number, a prefix or withheld caller IDs at one of their
// bodies, sees the entries of their bodies and the ones everywhere (who asked, when, the number masked), and
// undoes their bodies' entries, BLOCK by text included.
public sealed class BlocklistPageModel(BlocklistStore store) : ConsolePageModel
{
    static readonly ResourceManager Resources =
        new("NAPhoneline.Blocking.BlocklistText", typeof(BlocklistPageModel).Assembly);

    public Words W => WordsOf(Resources);
    public IReadOnlyList<Helpline> Bodies { get; private set; } = [];
    public IReadOnlyList<BlockRow> Entries { get; private set; } = [];
    public BlockForm Form { get; private set; } = new();
    public Dictionary<string, string> Errors { get; } = [];
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        if (!Person.IsCoordinator) return NotFound();
        Done = done is "added" or "removed" ? done : null;
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostAddAsync([FromForm] BlockForm form, CancellationToken ct)
    {
        if (!Person.IsCoordinator) return NotFound();
        Form = form;
        Prepare();
        // Only the bodies offered: anything else is a forged form.
        if (Bodies.FirstOrDefault(b => b.Key == form.Body) is not { } body) return NotFound();
        var days = int.TryParse(form.Days, out var d) && d is >= 1 and <= 365 ? d : (int?)null;
        if (form.Days is { Length: > 0 } && days is null) Errors["days"] = W["DaysInvalid"];
        var request = new BlockRequest(form.Kind == "number" ? form.Number ?? "" : null,
            form.Kind == "prefix" ? form.Prefix ?? "" : null, form.Kind == "anonymous" ? true : null, body.Key,
            days is { } n ? Now.Plus(Duration.FromDays(n)).ToDateTimeOffset() : null, form.Reason);
        var (block, problems) = BlocklistEndpoints.Check(request, Directory, Now);
        foreach (var (field, _) in problems)
            Errors[field] = W[field switch { "number" => "NumberInvalid", "prefix" => "PrefixInvalid",
                "until" => "DaysInvalid", _ => "ReasonInvalid" }];
        if (block is null || Errors.Count > 0) return await ShowAsync(ct);
        await store.AddAsync(block, AuditLog.Actor(Person), ct);
        return Redirect("/console/blocklist?done=added");
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, CancellationToken ct)
    {
        if (!Person.IsCoordinator) return NotFound();
        var removed = await store.RemoveAsync(id, AuditLog.Actor(Person), r => MayUndo(r), ct);
        return removed is null ? NotFound() : Redirect("/console/blocklist?done=removed");
    }

    // A coordinator undoes the entries of their own bodies; the ones everywhere belong to the operator.
    public bool MayUndo(BlockRow row) => row.ServiceBodyId is { } body && Person.Manages(body);

    public string BodyName(BlockRow row) =>
        row.ServiceBodyId is { } id ? Directory.Body(id)?.Name ?? row.ServiceBody ?? "?" : W["Everywhere"];

    public string What(BlockRow row) => row.Kind switch
    {
        "prefix" => W.Format("WhatPrefix", row.Prefix ?? ""),
        "anonymous" => W["WhatAnonymous"],
        _ => row.NumberMasked ?? "",
    };

    // In the zone of the entry's body (the first of the coordinator's bodies for entries everywhere).
    public string Local(DateTime utc, BlockRow row)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(Directory.Body(row.ServiceBodyId ?? Bodies.FirstOrDefault()
            ?.Id ?? 0)?.TimeZone ?? "") ?? DateTimeZone.Utc;
        return Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(zone)
            .ToString("ddd d MMM yyyy HH:mm", Culture);
    }

    void Prepare() => Bodies = Helplines.VolunteersPageModel.ManagedBodies(Directory, Person);

    async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        Prepare();
        Form.Body ??= Bodies.FirstOrDefault()?.Key;
        Entries = await store.ListAsync(Person.Managed, ct);
        return Page();
    }
}
