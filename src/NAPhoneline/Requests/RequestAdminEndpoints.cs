using NAPhoneline.Shared.Requests;
using Dapper;
using NAPhoneline.Console.Audit;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Privacy;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Requests;

public sealed record CallbackRequest(
    string? Name, string? Organisation, string? Phone, string? Reason, string? ServiceBody, string? Role);

// CONTRACT 8: professionals' callbacks, the list of requests, and ACK/DONE for officers at a desk.
public static class RequestAdminEndpoints
{
    static readonly string[] Roles = ["helpline", "hi", "pi", "escalation"];

    public static async Task<IResult> Callback(CallbackRequest body, NpgsqlDataSource db, NumberVault vault,
        RequestStore requests, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        Text(body.Name, "name", 100, required: true, errors);
        Text(body.Organisation, "organisation", 200, required: false, errors);
        Text(body.Reason, "reason", 500, required: false, errors);
        if (string.IsNullOrWhiteSpace(body.ServiceBody)) errors["serviceBody"] = ["is required"];
        var role = string.IsNullOrWhiteSpace(body.Role) ? "pi" : body.Role.Trim();
        if (!Roles.Contains(role)) errors["role"] = [$"must be one of {string.Join(", ", Roles)}"];
        if (string.IsNullOrWhiteSpace(body.Phone)) errors["phone"] = ["is required"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        await using var conn = await db.OpenConnectionAsync(ct);
        var serviceBody = await conn.QuerySingleOrDefaultAsync<(long Id, string[] Languages)?>(new CommandDefinition(
            "select id, languages from service_bodies where key = @key", new { key = body.ServiceBody!.Trim() },
            cancellationToken: ct));
        if (serviceBody is not { } sb)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["serviceBody"] = [$"no service body '{body.ServiceBody}'"] });
        // A national form is read in the country of the body's helpline number.
        var region = E164.Region(await RequestStore.HelplineNumberAsync(conn, null, sb.Id, ct)) ?? "US";
        var phone = E164.Normalize(body.Phone, region);
        if (phone is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["phone"] = ["is not a phone number (use E.164, such as +16195550142)"]
            });

        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var created = await requests.CreateAsync(new NewRequest(
            RequestTypes.Callback, sb.Id, role, sb.Languages.FirstOrDefault() ?? "en", phone, null, null,
            Name: body.Name!.Trim(), Organisation: body.Organisation?.Trim(), Reason: body.Reason?.Trim()), now, ct,
            code => new AuditEntry(AuditLog.AdminApi, sb.Id, "request", code, "created", null,
                new { status = "open", type = RequestTypes.Callback, role }));
        var view = await RequestQueries.FindAsync(conn, vault, created.Code, ct);
        return TypedResults.Created($"/admin/api/requests/{created.Code}", view);
    }

    public static async Task<IResult> List(string? status, string? serviceBody, int? limit, NpgsqlDataSource db,
        NumberVault vault, CancellationToken ct)
    {
        if (status is not (null or "open" or "acknowledged" or "resolved"))
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["status"] = ["must be open, acknowledged or resolved"] });
        if (limit is < 1 or > 1000)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["limit"] = ["must be between 1 and 1000"] });
        await using var conn = await db.OpenConnectionAsync(ct);
        return TypedResults.Ok(await RequestQueries.ListAsync(conn, vault, status, serviceBody, limit ?? 200, ct));
    }

    public static async Task<IResult> Get(string code, NpgsqlDataSource db, NumberVault vault, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var view = await RequestQueries.FindAsync(conn, vault, code, ct);
        return view is null ? NotFound(code) : TypedResults.Ok(view);
    }

    public static async Task<IResult> Acknowledge(string code, RequestActions actions, NpgsqlDataSource db,
        NumberVault vault, TimeProvider time, CancellationToken ct)
    {
        var outcome = await actions.AcknowledgeAsync(code, null, "en", Instant.FromDateTimeOffset(time.GetUtcNow()), ct,
            o => Audited(code, o, "acknowledged"));
        return await AnswerAsync(code, outcome, db, vault, ct);
    }

    public static async Task<IResult> Resolve(string code, RequestActions actions, NpgsqlDataSource db,
        NumberVault vault, TimeProvider time, CancellationToken ct)
    {
        var outcome = await actions.ResolveAsync(code, null, Instant.FromDateTimeOffset(time.GetUtcNow()), ct,
            o => Audited(code, o, "resolved"));
        // DONE twice is not an error: the request is resolved either way.
        return await AnswerAsync(code,
            outcome.Result == ActionResult.Closed ? outcome with { Result = ActionResult.AlreadyDone } : outcome, db,
            vault, ct);
    }

    static async Task<IResult> AnswerAsync(string code, ActionOutcome outcome, NpgsqlDataSource db,
        NumberVault vault, CancellationToken ct)
    {
        if (outcome.Result == ActionResult.Unknown) return NotFound(code);
        if (outcome.Result == ActionResult.Closed)
            return TypedResults.Problem(statusCode: 409, title: $"Request {code} is already resolved.");
        await using var conn = await db.OpenConnectionAsync(ct);
        return TypedResults.Ok(await RequestQueries.FindAsync(conn, vault, code, ct));
    }

    static AuditEntry Audited(string code, ActionOutcome outcome, string action) =>
        new(AuditLog.AdminApi, outcome.Request!.ServiceBodyId, "request", code, action, new { status = outcome.Before },
            new { status = outcome.Request.Status });

    static IResult NotFound(string code) => TypedResults.Problem(statusCode: 404, title: $"No request '{code}'.");

    static void Text(string? value, string field, int max, bool required, Dictionary<string, string[]> errors)
    {
        if (required && string.IsNullOrWhiteSpace(value)) errors[field] = ["is required"];
        else if (value is { Length: > 0 } && value.Trim().Length > max)
            errors[field] = [$"must be at most {max} characters"];
        else if (value is not null && value.Any(char.IsControl) && field != "reason")
            errors[field] = ["must be one line of text"];
    }
}
