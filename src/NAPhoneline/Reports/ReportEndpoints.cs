using System.Globalization;
using CsvHelper;
using NodaTime;
using NodaTime.Text;

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
            c.MissedByHour, c.Requests, c.Meetings, previous = s.Previous,
        });
    }

    public static async Task<IResult> Calls(string? serviceBody, string? from, string? to, ReportStore store,
        CancellationToken ct)
    {
        var (body, range, problem) = await ScopeAsync(serviceBody, from, to, store, ct);
        if (problem is not null) return problem;
        var zone = DateTimeZoneProviders.Tzdb[body!.TimeZone];
        var rows = await store.CallsAsync(body, range!.In(zone), ct);
        using var stream = new MemoryStream();
        // Text a spreadsheet would run as a formula is written as text.
        var options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape, InjectionCharacters = "=@\t\r" };
        using (var csv = CsvWriter.Create(stream, options, leaveOpen: true))
        {
            csv.WriteHeader(["start", "caller", "path", "tried", "answeredBy", "secondsToAnswer", "talkSeconds",
                "outcome"]);
            var local = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss");
            foreach (var r in rows)
            {
                csv.WriteField(local.Format(Instant.FromDateTimeUtc(r.StartedAt).InZone(zone).LocalDateTime));
                csv.WriteField(r.CallerMasked);
                csv.WriteField(string.Join(' ', r.Path));
                csv.WriteField(string.Join("; ", r.Tried));
                csv.WriteField(r.AnsweredBy ?? "");
                csv.WriteField(r.SecondsToAnswer?.ToString(CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(r.TalkSeconds?.ToString(CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(r.Outcome ?? "");
                csv.EndRecord();
            }
        }
        return TypedResults.File(stream.ToArray(), "text/csv; charset=utf-8",
            $"calls-{body.Key}-{range.From:yyyy-MM-dd}-{range.To:yyyy-MM-dd}.csv");
    }

    static async Task<(ReportBody? Body, ReportRange? Range, IResult? Problem)> ScopeAsync(string? serviceBody,
        string? from, string? to, ReportStore store, CancellationToken ct)
    {
        var (range, errors) = ReportRange.Parse(from, to);
        var problems = new Dictionary<string, string[]>(errors);
        if (string.IsNullOrWhiteSpace(serviceBody)) problems["serviceBody"] = ["is required"];
        if (problems.Count > 0) return (null, null, TypedResults.ValidationProblem(problems));
        var body = await store.BodyAsync(serviceBody!.Trim(), ct);
        if (body is null)
            return (null, null, TypedResults.Problem(statusCode: 404, title: $"No service body '{serviceBody}'."));
        return (body, range, null);
    }
}
