using NAPhoneline.Console.Audit;
using NAPhoneline.State;

namespace NAPhoneline.Meetings;

public static class MeetingEndpoints
{
    // POST /admin/api/meetings?format=bmlt|meeting-guide&serviceBody=KEY with the JSON as the body.
    public static async Task<IResult> Import(
        HttpRequest request, string? format, string? serviceBody, MeetingImport import,
        StateRefresher refresher, CancellationToken ct)
    {
        using var body = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(body, ct);
        }
        catch (BadHttpRequestException ex)
        {
            return TypedResults.Problem(
                statusCode: ex.StatusCode, title: "The request body could not be read.", detail: ex.Message);
        }
        var (result, errors) = await import.RunAsync(body.GetBuffer().AsMemory(0, (int)body.Length), format,
            serviceBody, "admin-api", ct, AuditLog.AdminApi);
        if (result is null)
            return TypedResults.ValidationProblem(
                errors.GroupBy(e => e.Field.Length == 0 ? $"meeting {e.Id}" : $"meeting {e.Id}.{e.Field}")
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                title: "The meetings were not imported: nothing changed.");
        await refresher.ReloadAsync(StateTopic.Meetings, ct);
        return TypedResults.Ok(result);
    }
}
