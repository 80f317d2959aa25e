using NodaTime;

namespace NAPhoneline.Reports;

// GET /admin/api/reports/summary and /calls (CONTRACT 12): a body (with the bodies below it) over a range of its
// own dates.
public static class ReportEndpoints
{
    public static async Task<IResult> Summary(string? serviceBody, string? from, string? to, ReportStore store,
        CancellationToken ct)
    {
        var (body, range, problem) = await ScopeAsync(serviceBody, from, to, store, ct);
        if (problem is not null) return problem;
        var s = await store.SummaryAsync(body!, range!, ct);
        var c = s.Current;
        // The range's figures at the top (CONTRACT 12), the month before under "previous".
        return TypedResults.Ok(new
        {
            serviceBody = s.ServiceBody, timeZone = s.TimeZone, c.From, c.To, c.Calls, c.ByOption, c.TalkToMember,
            c.MissedByHour, c.ByDay, c.Requests, c.Meetings, c.Blocked, previous = s.Previous,
        });
    }

    public static async Task<IResult> Calls(string? serviceBody, string? from, string? to, ReportStore store,
        CancellationToken ct)
    {
        var (body, range, problem) = await ScopeAsync(serviceBody, from, to, store, ct);
        if (problem is not null) return problem;
        var zone = DateTimeZoneProviders.Tzdb[body!.TimeZone];
        var rows = await store.CallsAsync(body, range!.In(zone), ct);
        return TypedResults.File(CallCsv.Write(rows, zone), "text/csv; charset=utf-8",
            $"calls-{body.Key}-{range.From:yyyy-MM-dd}-{range.To:yyyy-MM-dd}.csv");
    }

    static async Task<(ReportBody? Body, ReportRange? Range, IResult? Problem)> ScopeAsync(string? serviceBody,
        string? from, string? to, ReportStore store, CancellationToken ct)
    {
        var (range, errors) = ReportRange.Parse(from, to);
        var problems = errors.ToDictionary(e => e.Key, e => new[] { ReportRange.Describe(e.Value) });
        if (string.IsNullOrWhiteSpace(serviceBody)) problems["serviceBody"] = ["is required"];
        if (problems.Count > 0) return (null, null, TypedResults.ValidationProblem(problems));
        var body = await store.BodyAsync(serviceBody!.Trim(), ct);
        if (body is null)
            return (null, null, TypedResults.Problem(statusCode: 404, title: $"No service body '{serviceBody}'."));
        return (body, range, null);
    }
}
