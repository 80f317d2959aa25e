using System.Text.RegularExpressions;
using NAPhoneline.Console.Audit;
using NAPhoneline.Shared;
using NAPhoneline.State;
using NodaTime;

namespace NAPhoneline.Blocking;

public sealed record BlockRequest(string? Number, string? Prefix, bool? Anonymous, string? ServiceBody,
    DateTimeOffset? Until, string? Reason);

// POST/GET/DELETE /admin/api/blocklist (CONTRACT 15). The number given is kept only as its keyed hash; every
// answer shows it masked.
public static partial class BlocklistEndpoints
{
    public static async Task<IResult> Add(BlockRequest request, HelplineDirectory directory, BlocklistStore store,
        TimeProvider time, CancellationToken ct)
    {
        var (block, errors) = Check(request, directory.Current, Instant.FromDateTimeOffset(time.GetUtcNow()));
        if (block is null) return TypedResults.ValidationProblem(errors);
        var row = await store.AddAsync(block, AuditLog.AdminApi, ct);
        return TypedResults.Created($"/admin/api/blocklist/{row.Id}", row);
    }

    public static async Task<IResult> List(BlocklistStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(null, ct));

    public static async Task<IResult> Remove(long id, BlocklistStore store, CancellationToken ct) =>
        await store.RemoveAsync(id, AuditLog.AdminApi, _ => true, ct) is null
            ? TypedResults.NotFound() : TypedResults.NoContent();

    // Exactly one of number, prefix, anonymous; a body that exists; an expiry still to come; a reason.
    public static (NewBlock? Block, Dictionary<string, string[]> Errors) Check(BlockRequest r,
        PhonelineDirectory directory, Instant now)
    {
        var errors = new Dictionary<string, string[]>();
        var given = (r.Number is not null ? 1 : 0) + (r.Prefix is not null ? 1 : 0) + (r.Anonymous == true ? 1 : 0);
        if (given != 1) errors["number"] = ["give exactly one of number, prefix, anonymous: true"];
        var number = r.Number is null ? null : E164.Normalize(r.Number);
        if (r.Number is not null && number is null)
            errors["number"] = ["is not a phone number in E.164 (+16195550142)"];
        var prefix = r.Prefix?.Trim();
        if (prefix is not null && !Prefix().IsMatch(prefix))
            errors["prefix"] = ["is not a number prefix: '+' and 1 to 14 digits (+1900)"];
        long? body = null;
        if (r.ServiceBody is not null)
        {
            if (directory.Body(r.ServiceBody) is { } b) body = b.Id;
            else errors["serviceBody"] = ["is not a service body"];
        }
        Instant? until = r.Until is { } u ? Instant.FromDateTimeOffset(u) : null;
        if (until is { } t && t <= now) errors["until"] = ["must be in the future"];
        var reason = r.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > BlocklistStore.MaxReason)
            errors["reason"] = [$"is required, at most {BlocklistStore.MaxReason} characters"];
        if (errors.Count > 0) return (null, errors);
        var kind = number is not null ? BlockKind.Number : prefix is not null ? BlockKind.Prefix : BlockKind.Anonymous;
        return (new NewBlock(kind, number, prefix, body, until, reason!), errors);
    }

    [GeneratedRegex(@"^\+\d{1,14}$")]
    private static partial Regex Prefix();
}
