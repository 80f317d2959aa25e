using NAPhoneline.State;
using NodaTime;
using NodaTime.Text;

namespace NAPhoneline.Scheduling;

// GET /admin/api/coverage/{serviceBodyKey}?days=7 (CONTRACT 13): the uncovered hours of the next days and the share
// of hours covered, from memory like a call; the extension nextFourWeeks adds how evenly the hours fall on the
// volunteers.
public static class CoverageEndpoints
{
    public const int MaxDays = 28;

    public static IResult Get(string serviceBodyKey, int? days, HelplineDirectory directory, TimeProvider time)
    {
        var n = days ?? 7;
        if (n is < 1 or > MaxDays)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["days"] = [$"must be between 1 and {MaxDays}"],
            });
        var state = directory.Current;
        if (state.Body(serviceBodyKey) is not { } body || state.Roster(body.Id) is not { } roster)
            return TypedResults.Problem(statusCode: 404, title: $"No service body '{serviceBodyKey}'.");
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        var ahead = CoverageReport.For(roster, now, now + Duration.FromDays(n));
        var month = CoverageReport.For(roster, now, now + Duration.FromDays(MaxDays));
        var pattern = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm");
        string Local(Instant i) => pattern.Format(i.InZone(roster.Zone).LocalDateTime);
        return TypedResults.Ok(new
        {
            serviceBody = body.Key, timeZone = roster.Zone.Id, from = Local(ahead.From), until = Local(ahead.Until),
            days = n, coveredShare = ahead.CoveredShare,
            gaps = ahead.Gaps.Select(g => new
            {
                from = Local(g.From), until = Local(g.Until), hours = Math.Round((g.Until - g.From).TotalHours, 2),
            }),
            nextFourWeeks = new
            {
                coveredShare = month.CoveredShare, evenness = month.Evenness,
                volunteers = month.Hours.Select(v => new { name = v.Name, hours = v.Hours }),
            },
        });
    }
}
