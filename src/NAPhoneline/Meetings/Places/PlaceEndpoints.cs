namespace NAPhoneline.Meetings.Places;

public sealed record LocalPlaceRequest(string? ServiceBody, string? Name, double? Latitude, double? Longitude);

// POST/GET/DELETE /admin/api/places: an area's own place names.
public static class PlaceEndpoints
{
    public static async Task<IResult> Add(LocalPlaceRequest request, LocalPlaces places, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.ServiceBody)) errors["serviceBody"] = ["is required"];
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
            errors["name"] = ["is required, at most 100 characters"];
        if (request.Latitude is not (>= -90 and <= 90)) errors["latitude"] = ["must be between -90 and 90"];
        if (request.Longitude is not (>= -180 and <= 180)) errors["longitude"] = ["must be between -180 and 180"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var id = await places.AddAsync(
            request.ServiceBody!, request.Name!.Trim(), request.Latitude!.Value, request.Longitude!.Value, ct);
        return id is null
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["serviceBody"] = [$"'{request.ServiceBody}' is not a service body"]
            })
            : TypedResults.Created($"/admin/api/places/{id}", new { id });
    }

    public static async Task<IResult> List(string serviceBody, LocalPlaces places, CancellationToken ct) =>
        TypedResults.Ok(await places.ListAsync(serviceBody, ct));

    public static async Task<IResult> Delete(long id, LocalPlaces places, CancellationToken ct) =>
        await places.DeleteAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
