using System.Resources;
using Dapper;
using NAPhoneline.Console;
using NAPhoneline.Scheduling;
using NAPhoneline.State;
using Npgsql;
using NodaTime;

using Interval = NAPhoneline.State.Interval;

namespace NAPhoneline.Now;

public sealed record BodyNow(Helpline Body, DateTimeZone Zone, IReadOnlyList<(string Name, Instant Until)> OnDuty,
    (string Name, Instant From)? Next, IReadOnlyList<Interval> Gaps, CoverageReport FourWeeks);

// A reminded shift still to come or running, and how its volunteer answered (CONTRACT 13).
public sealed record ReminderStatus(long ServiceBodyId, long VolunteerId, DateTime StartsAt, DateTime EndsAt,
    string Status);

// A cover request open, or closed for a shift of the last day: who cannot come, when, how many were asked, who
// took it, whether the coordinators were told, and its trail.
public sealed record CoverItem(long Id, long ServiceBodyId, long VolunteerId, string Code, DateTime StartsAt,
    DateTime EndsAt, string Status, long? TakenBy, int Asked, bool CoordinatorsTold)
{
    public IReadOnlyList<CoverEvent> Trail { get; set; } = [];
}

public sealed record CoverEvent(long CoverRequestId, DateTime At, string Kind, string Detail);

public sealed record OpenRequest(string Code, string Type, string Status, int Level, DateTime CreatedAt,
    long ServiceBodyId, long? ResponsibleBodyId, string Role, bool Notified);

public sealed record CallsToday(Helpline Body, int Answered, int Missed, int Voicemail);

// GET /console: on duty now and next, open requests, today's calls and the gaps of the next 7 days.
public sealed class NowPageModel(NpgsqlDataSource db) : ConsolePageModel
{
    static readonly ResourceManager Resources = new("NAPhoneline.Now.NowText", typeof(NowPageModel).Assembly);
    public static readonly Duration GapWindow = Duration.FromDays(7);

    public Words W => WordsOf(Resources);
    public IReadOnlyList<BodyNow> Bodies { get; private set; } = [];
    public IReadOnlyList<OpenRequest> Requests { get; private set; } = [];
    public IReadOnlyList<CallsToday> Calls { get; private set; } = [];
    public ILookup<long, ReminderStatus> Reminders { get; private set; } = Array.Empty<ReminderStatus>()
        .ToLookup(r => r.ServiceBodyId);
    public ILookup<long, CoverItem> Covers { get; private set; } = Array.Empty<CoverItem>()
        .ToLookup(c => c.ServiceBodyId);
    static readonly HashSet<string> KnownCoverEvents = ["opened", "taken", "coordinators-told", "expired"];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = Now;
        var directory = Directory;
        var bodies = Person.ScheduleBodies.Select(directory.Body).OfType<Helpline>()
            .Where(b => directory.Roster(b.Id) is { } r && (r.Shifts.Count > 0 || r.Overrides.Count > 0
                || directory.HelplineNumbers(b.Id).Count > 0))
            .OrderBy(b => b.Name, StringComparer.CurrentCulture).ToList();
        Bodies = bodies.Select(b => Summarise(directory, b, now)).ToList();

        await using var conn = await db.OpenConnectionAsync(ct);
        Requests = (await conn.QueryAsync<OpenRequest>(new CommandDefinition(RequestsSql, new { phone = Person.Phone },
                cancellationToken: ct)))
            .Where(r => Person.SeesRequest(r.ServiceBodyId, r.ResponsibleBodyId, r.Role, r.Notified)).ToList();
        if (Person.IsCoordinator)
            Calls = await CallsTodayAsync(conn, directory, now, ct);
        var managed = bodies.Where(b => Person.Manages(b.Id)).Select(b => b.Id).ToArray();
        if (managed.Length > 0)
        {
            using var results = await conn.QueryMultipleAsync(new CommandDefinition(ShiftsSql, new
            {
                ids = managed, now = now.ToDateTimeUtc(), until = (now + ReminderWindow).ToDateTimeUtc(),
                closedSince = (now - ClosedCoverWindow).ToDateTimeUtc(),
            }, cancellationToken: ct));
            Reminders = (await results.ReadAsync<ReminderStatus>()).ToLookup(r => r.ServiceBodyId);
            var covers = (await results.ReadAsync<CoverItem>()).ToList();
            var trail = (await results.ReadAsync<CoverEvent>()).ToLookup(e => e.CoverRequestId);
            foreach (var c in covers) c.Trail = [.. trail[c.Id]];
            Covers = covers.ToLookup(c => c.ServiceBodyId);
        }
    }

    // Reminded shifts starting within this window (or running) are listed with their answers.
    public static readonly Duration ReminderWindow = Duration.FromDays(2);
    public static readonly Duration CoverageWindow = Duration.FromDays(28);
    // Taken or expired cover requests stay on the page until a day after their shift ended.
    public static readonly Duration ClosedCoverWindow = Duration.FromDays(1);

    public string CoverEventName(string kind) => KnownCoverEvents.Contains(kind) ? W["CoverEvent-" + kind] : kind;

    const string ShiftsSql = """
        select service_body_id, volunteer_id, starts_at, ends_at, status from shift_reminders
        where service_body_id = any(@ids) and ends_at > @now and starts_at < @until order by starts_at, volunteer_id;
        select c.id, c.service_body_id, c.volunteer_id, c.code, c.starts_at, c.ends_at, c.status, c.taken_by,
               (select count(*)::int from cover_request_recipients x where x.cover_request_id = c.id) as asked,
               c.coordinators_told_at is not null as coordinators_told
        from cover_requests c
        where c.service_body_id = any(@ids) and (c.status = 'open' or c.ends_at > @closedSince)
        order by c.status <> 'open', c.starts_at;
        select e.cover_request_id, e.at, e.kind, e.detail from cover_request_events e
        join cover_requests c on c.id = e.cover_request_id
        where c.service_body_id = any(@ids) and (c.status = 'open' or c.ends_at > @closedSince)
        order by e.at, e.id;
        """;

    BodyNow Summarise(PhonelineDirectory directory, Helpline body, Instant now)
    {
        var roster = directory.Roster(body.Id)!;
        string Name(long id) =>
            directory.Volunteer(id) is { } v ? (Person.Manages(body.Id) ? v.Name : v.FirstName) : "?";
        var onDuty = roster.OnDutyAt(now).Select(d => (Name(d.VolunteerId), d.Until)).ToList();
        var week = Coverage.Between(roster, now, now + GapWindow);
        var next = week.FirstOrDefault(d => d.From > now);
        return new BodyNow(body, roster.Zone, onDuty, next is null ? null : (Name(next.VolunteerId), next.From),
            Coverage.Gaps(week, now, now + GapWindow), CoverageReport.For(roster, now, now + CoverageWindow));
    }

    const string RequestsSql = """
        select r.code, r.type, r.status, r.level, r.created_at, r.service_body_id, r.responsible_body_id, r.role,
               exists (select 1 from request_recipients x where x.request_id = r.id and x.phone = @phone) as notified
        from requests r
        where r.status in ('open', 'acknowledged') and r.purged_at is null
        order by r.created_at limit 500
        """;

    async Task<IReadOnlyList<CallsToday>> CallsTodayAsync(NpgsqlConnection conn, PhonelineDirectory directory,
        Instant now, CancellationToken ct)
    {
        const string sql = """
            select service_body_id,
                   count(*) filter (where outcome like 'answered%')::int as answered,
                   count(*) filter (where search_started_at is not null and coalesce(outcome, '') not like 'answered%'
                                    and coalesce(outcome, '') <> 'voicemail')::int as missed,
                   count(*) filter (where outcome = 'voicemail')::int as voicemail
            from calls where service_body_id = @id and started_at >= @since
            group by service_body_id
            """;
        var result = new List<CallsToday>();
        foreach (var body in Person.Managed.Select(directory.Body).OfType<Helpline>()
                     .Where(b => directory.HelplineNumbers(b.Id).Count > 0).OrderBy(b => b.Name))
        {
            var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(body.TimeZone) ?? DateTimeZone.Utc;
            var since = now.InZone(zone).Date.AtStartOfDayInZone(zone).ToInstant().ToDateTimeUtc();
            var row = await conn.QuerySingleOrDefaultAsync<(long, int Answered, int Missed, int Voicemail)?>(
                new CommandDefinition(sql, new { id = body.Id, since }, cancellationToken: ct));
            result.Add(new CallsToday(body, row?.Answered ?? 0, row?.Missed ?? 0, row?.Voicemail ?? 0));
        }
        return result;
    }

    public string Local(Instant at, DateTimeZone zone) =>
        at.InZone(zone).ToString("ddd d MMM HH:mm", Culture);

    public string Age(DateTime createdAt)
    {
        var age = Now - Instant.FromDateTimeUtc(DateTime.SpecifyKind(createdAt, DateTimeKind.Utc));
        return age.TotalMinutes < 60 ? W.Format("Minutes", (int)age.TotalMinutes)
            : age.TotalHours < 48 ? W.Format("Hours", (int)age.TotalHours) : W.Format("Days", (int)age.TotalDays);
    }

    public string BodyName(long id) => Directory.Body(id)?.Name ?? "?";

    public string VolunteerName(long id) => Directory.Volunteer(id)?.Name ?? "?";

    public string Local(DateTime utc, DateTimeZone zone) =>
        Local(Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), zone);

    public string Time(DateTime utc, DateTimeZone zone) =>
        Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(zone).ToString("HH:mm", Culture);

    public string Percent(double share) => share.ToString("P0", Culture);

    // Colour follows the words, never replaces them.
    public static string AnswerClass(string status) => status switch
    {
        "declined" => "alert",
        "confirmed" => "ok",
        _ => "muted",
    };
}
