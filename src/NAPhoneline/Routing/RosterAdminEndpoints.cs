using System.Globalization;
using NAPhoneline.Shared;
using NAPhoneline.State;
using NodaTime;
using NodaTime.Text;

namespace NAPhoneline.Routing;

public sealed record OverrideRequest(
    string? Volunteer, string? ServiceBody, string? Date, string? Kind, string? Start, string? End);

public static class RosterAdminEndpoints
{
    // Who a new call would ring now, in ring order; volunteers on another call are listed last as busy.
    public static async Task<IResult> OnDuty(string serviceBodyKey, string? language, OverrideStore overrides,
        HelplineDirectory directory, TimeProvider time, CancellationToken ct)
    {
        var body = await overrides.BodyAsync(serviceBodyKey, ct);
        var helpline = directory.Current.Body(serviceBodyKey);
        var snapshot = helpline is null ? null : directory.Current.Roster(helpline.Id);
        if (body is not { } b || snapshot is null)
            return TypedResults.Problem(statusCode: 404, title: $"No service body '{serviceBodyKey}'.");
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var busySet = await overrides.BusyAsync(now, ct);

        var onDuty = snapshot.OnDutyAt(now).ToDictionary(d => d.VolunteerId);
        var candidates = onDuty.Keys.Select(id => new Candidate(id, snapshot.Volunteers[id].Languages,
            busySet.Contains(id), onDuty[id].Backup)).ToList();
        var strategy = RoutingStrategies.Parse(b.Strategy);
        var order = RingOrder.For(candidates, strategy, language ?? "en", b.LastStarter, new Random(0));
        var busy = onDuty.Keys.Where(busySet.Contains);
        var pattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");
        return TypedResults.Ok(new
        {
            serviceBody = serviceBodyKey,
            strategy = b.Strategy,
            localTime = pattern.Format(now.InZone(snapshot.Zone).LocalDateTime),
            volunteers = order.Concat(busy).Select(id => new
            {
                key = snapshot.Volunteers[id].Key,
                name = snapshot.Volunteers[id].Name,
                phone = E164.Mask(snapshot.Volunteers[id].Phone),
                languages = snapshot.Volunteers[id].Languages,
                busy = busySet.Contains(id),
                backup = onDuty[id].Backup,
                until = pattern.Format(onDuty[id].Until.InZone(snapshot.Zone).LocalDateTime),
            }),
        });
    }

    public static async Task<IResult> AddOverride(
        OverrideRequest request, OverrideStore overrides, StateRefresher refresher,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!DateOnly.TryParseExact(
                request.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            errors["date"] = ["must be a date such as 2026-12-24"];
        if (request.Kind is not ("cover" or "off")) errors["kind"] = ["must be 'cover' or 'off'"];
        var start = Time(request.Start, "start", errors);
        var end = Time(request.End, "end", errors);
        if ((start is null) != (end is null)) errors["end"] = ["give both start and end, or neither for the whole day"];
        if (request.Kind == "off" && start is not null) errors["start"] = ["'off' applies to the whole date"];
        if (string.IsNullOrWhiteSpace(request.Volunteer)) errors["volunteer"] = ["is required"];
        if (string.IsNullOrWhiteSpace(request.ServiceBody)) errors["serviceBody"] = ["is required"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var id = await overrides.AddAsync(
            request.Volunteer!, request.ServiceBody!, date, request.Kind!, start, end, ct);
        await refresher.ReloadAsync(StateTopic.Structure, ct);
        return id is null
            ? TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["volunteer"] = ["volunteer or service body not found"] })
            : TypedResults.Created($"/admin/api/overrides/{id}", new { id });
    }

    public static async Task<IResult> ListOverrides(
        string serviceBody, DateOnly? from, DateOnly? to, OverrideStore overrides, TimeProvider time,
        CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(
            await overrides.ListAsync(serviceBody, from ?? today.AddDays(-1), to ?? today.AddDays(366), ct));
    }

    public static async Task<IResult> DeleteOverride(long id, OverrideStore overrides, StateRefresher refresher,
        CancellationToken ct)
    {
        var deleted = await overrides.DeleteAsync(id, ct);
        await refresher.ReloadAsync(StateTopic.Structure, ct);
        return deleted ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    static TimeOnly? Time(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null) return null;
        if (TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None,
                out var time)) return time;
        errors[field] = ["must be a 24-hour time such as 18:00"];
        return null;
    }
}
