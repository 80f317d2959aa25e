using NAPhoneline.Console.Audit;
using NAPhoneline.State;

namespace NAPhoneline.Helplines;

public static class ConfigEndpoints
{
    // PUT /admin/api/config: the helpline configuration file, all or nothing.
    public static async Task<IResult> Put(HttpRequest request, HelplineImport import, StateRefresher refresher,
        CancellationToken ct)
    {
        if (request.ContentType?.Split(';')[0].Trim() is not ("application/json" or "text/json"))
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Send the configuration as application/json.");
        if (request.ContentLength > HelplineImport.MaxBytes)
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: $"The configuration may be at most {HelplineImport.MaxBytes} bytes.");

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

        var (summary, errors) = await import.RunAsync(body.GetBuffer().AsMemory(0, (int)body.Length), ct,
            AuditLog.AdminApi);
        if (summary is null)
            return TypedResults.ValidationProblem(
                errors.GroupBy(e => e.Where).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                title: "The configuration was not imported: nothing changed.");
        await refresher.ReloadAsync(StateTopic.Structure, ct);
        return TypedResults.Ok(summary);
    }
}
