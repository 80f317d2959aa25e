using Dapper;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Routing;

public sealed record Leg(long Id, RosterVolunteer Volunteer);

public sealed record DialOutcome(bool Accepted, long? VolunteerId, int TalkSeconds);

// Calls and their legs. A volunteer has at most one open leg (a unique index), so concurrent calls on any number of
// instances never ring the same phone while another volunteer is free.
public sealed class CallStore(NpgsqlDataSource db, RosterStore rosters)
{
    public async Task RecordIncomingAsync(string callSid, long? serviceBodyId, string callerMasked, Instant now, CancellationToken ct)
    {
        const string sql = """
            insert into calls (call_sid, service_body_id, caller_masked, started_at) values (@callSid, @serviceBodyId, @callerMasked, @now)
            on conflict (call_sid) do nothing
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, new { callSid, serviceBodyId, callerMasked, now = now.ToDateTimeUtc() }, cancellationToken: ct));
    }

    public async Task AppendPathAsync(string callSid, string step, string? language, CancellationToken ct)
    {
        const string sql = "update calls set path = path || @step, language = coalesce(@language, language) where call_sid = @callSid";
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, new { callSid, step, language }, cancellationToken: ct));
    }

    // The call row for a search; the search clock starts at the first call of this method.
    public async Task<(long CallId, Instant SearchStarted)> StartSearchAsync(string callSid, long serviceBodyId, string callerMasked, string language, string step, Instant now, CancellationToken ct)
    {
        const string sql = """
            insert into calls (call_sid, service_body_id, caller_masked, language, started_at, search_started_at, path)
            values (@callSid, @serviceBodyId, @callerMasked, @language, @now, @now, array[@step])
            on conflict (call_sid) do update set search_started_at = coalesce(calls.search_started_at, excluded.search_started_at),
                                                 language = excluded.language, path = calls.path || @step
            returning id, search_started_at
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleAsync<(long Id, DateTime SearchStarted)>(new CommandDefinition(sql,
            new { callSid, serviceBodyId, callerMasked, language, step, now = now.ToDateTimeUtc() }, cancellationToken: ct));
        return (row.Id, Instant.FromDateTimeUtc(DateTime.SpecifyKind(row.SearchStarted, DateTimeKind.Utc)));
    }

    public async Task<long?> IdAsync(string callSid, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition("select id from calls where call_sid = @callSid", new { callSid }, cancellationToken: ct));
    }

    public async Task<Instant?> SearchStartedAsync(long callId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var started = await conn.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(
            "select search_started_at from calls where id = @callId", new { callId }, cancellationToken: ct));
        return started is { } s ? Instant.FromDateTimeUtc(DateTime.SpecifyKind(s, DateTimeKind.Utc)) : null;
    }

    public async Task<IReadOnlyList<Leg>> PickAsync(long callId, long serviceBodyId, string strategy, string language, Instant now, Random random, CancellationToken ct)
    {
        // No lock: one round trip reads the rotation, who is busy and who this call has tried; the legs are then
        // inserted against a unique index on a volunteer's open leg, so when two calls pick the same person at once
        // the second insert does nothing and that call moves on to the next person in its order.
        var roster = await rosters.RosterAsync(serviceBodyId, now, ct);
        if (roster is null) return [];
        await using var conn = await db.OpenConnectionAsync(ct);
        var staleBefore = now.ToDateTimeUtc() - RosterStore.LegStaleAfter;
        const string read = """
            update call_legs set ended_at = @now, status = 'stale' where ended_at is null and started_at <= @staleBefore;
            select last_volunteer_id from rotation_state where service_body_id = @serviceBodyId;
            select distinct volunteer_id from call_legs where ended_at is null and volunteer_id is not null;
            select volunteer_id, answered_at is not null as answered, round from call_legs where call_id = @callId order by id;
            """;
        using var results = await conn.QueryMultipleAsync(new CommandDefinition(read,
            new { serviceBodyId, callId, staleBefore, now = now.ToDateTimeUtc() }, cancellationToken: ct));
        var last = await results.ReadSingleOrDefaultAsync<long?>();
        var busy = (await results.ReadAsync<long>()).ToHashSet();
        var legs = (await results.ReadAsync<(long? VolunteerId, bool Answered, int Round)>()).ToList();

        var tried = legs.Where(l => l.VolunteerId is not null).ToList();
        // Simultaneous rounds ring again everyone whose phone did not pick up; sequential strategies try each once.
        var excluded = tried.Where(t => strategy != "simultaneous" || t.Answered).Select(t => t.VolunteerId!.Value).ToHashSet();
        var starter = tried.Count > 0 ? tried[0].VolunteerId : null;
        var order = RingOrder.For((roster with { Busy = busy }).CandidatesAt(now), strategy, language, starter is { } s ? s - 1 : last, random)
            .Where(id => !excluded.Contains(id)).ToArray();
        var round = legs.Count == 0 ? 0 : legs.Max(l => l.Round) + 1;

        const string insert = """
            insert into call_legs (call_id, volunteer_id, kind, round, started_at)
            select @callId, v, 'volunteer', @round, @now from unnest(@candidates) as v
            on conflict (volunteer_id) where ended_at is null and volunteer_id is not null do nothing
            returning id, volunteer_id
            """;
        var created = new List<(long Id, long VolunteerId)>();
        if (strategy == "simultaneous")
        {
            created.AddRange(await conn.QueryAsync<(long, long)>(new CommandDefinition(insert,
                new { callId, round, now = now.ToDateTimeUtc(), candidates = order.Take(10).ToArray() }, cancellationToken: ct)));
        }
        else
        {
            foreach (var candidate in order)
            {
                created.AddRange(await conn.QueryAsync<(long, long)>(new CommandDefinition(insert,
                    new { callId, round, now = now.ToDateTimeUtc(), candidates = new[] { candidate } }, cancellationToken: ct)));
                if (created.Count > 0) break;
            }
        }
        if (created.Count == 0) return [];

        if (starter is null && strategy == "round-robin")
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into rotation_state (service_body_id, last_volunteer_id) values (@serviceBodyId, @first)
                on conflict (service_body_id) do update set last_volunteer_id = excluded.last_volunteer_id
                """, new { serviceBodyId, first = created[0].VolunteerId }, cancellationToken: ct));
        return created.OrderBy(c => Array.IndexOf(order, c.VolunteerId)).Select(c => new Leg(c.Id, roster.Volunteers[c.VolunteerId])).ToList();
    }

    public async Task<long> AddFallbackLegAsync(long callId, string kind, Instant now, CancellationToken ct)
    {
        const string sql = """
            insert into call_legs (call_id, kind, round, started_at)
            select @callId, @kind, coalesce(max(round), -1) + 1, @now from call_legs where call_id = @callId
            returning id
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleAsync<long>(new CommandDefinition(sql, new { callId, kind, now = now.ToDateTimeUtc() }, cancellationToken: ct));
    }

    public async Task<bool> HasLegOfKindAsync(long callId, string kind, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from call_legs where call_id = @callId and kind = @kind)", new { callId, kind }, cancellationToken: ct));
    }

    // The volunteer's phone picked up (a person or their voicemail): the screening prompt is playing.
    public async Task<(long CallId, string CallerLanguage, string HelplineLanguage, string AreaName)?> LegAnsweredAsync(long legId, Instant now, CancellationToken ct)
    {
        const string sql = """
            update call_legs l set answered_at = coalesce(l.answered_at, @now) from calls c join service_bodies b on b.id = c.service_body_id
            where l.id = @legId and c.id = l.call_id and l.ended_at is null
            returning c.id, c.language, b.languages[1], b.name
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<(long, string, string, string)?>(new CommandDefinition(sql, new { legId, now = now.ToDateTimeUtc() }, cancellationToken: ct));
    }

    // Only one leg of a call can accept it (simultaneous ringing); true when this one did.
    public async Task<bool> AcceptAsync(long legId, Instant now, CancellationToken ct)
    {
        const string sql = """
            update call_legs l set accepted_at = @now, status = 'accepted'
            where l.id = @legId and l.ended_at is null
              and not exists (select 1 from call_legs o where o.call_id = l.call_id and o.accepted_at is not null)
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(sql, new { legId, now = now.ToDateTimeUtc() }, cancellationToken: ct)) == 1;
    }

    // The Dial verb ended: close the call's open legs with what happened and tell whether someone took the call.
    public async Task<DialOutcome> DialEndedAsync(long callId, string? dialStatus, int? duration, Instant now, CancellationToken ct)
    {
        const string sql = """
            update call_legs set ended_at = @now,
                status = case when accepted_at is not null then 'completed'
                              when answered_at is not null then 'unaccepted'
                              else coalesce(@status, 'no-answer') end
            where call_id = @callId and ended_at is null;
            select true, volunteer_id from call_legs where call_id = @callId and accepted_at is not null limit 1;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        var status = dialStatus is "busy" or "failed" or "no-answer" or "canceled" ? dialStatus : null;
        using var results = await conn.QueryMultipleAsync(new CommandDefinition(sql, new { callId, status, now = now.ToDateTimeUtc() }, cancellationToken: ct));
        var accepted = await results.ReadSingleOrDefaultAsync<(bool Accepted, long? VolunteerId)?>();
        return new DialOutcome(accepted is not null, accepted?.VolunteerId, duration ?? 0);
    }

    public async Task FinishAsync(long callId, string outcome, long? answeredBy, int? talkSeconds, Instant now, CancellationToken ct)
    {
        const string sql = """
            update calls set outcome = @outcome, answered_by = coalesce(@answeredBy, answered_by), talk_seconds = coalesce(@talkSeconds, talk_seconds),
                ring_seconds = coalesce((select sum(extract(epoch from coalesce(answered_at, ended_at, @now) - started_at))::int
                                         from call_legs where call_id = @callId), 0)
            where id = @callId
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, new { callId, outcome, answeredBy, talkSeconds, now = now.ToDateTimeUtc() }, cancellationToken: ct));
    }

    // From the call's status callback: a caller who hangs up mid-search frees the phones that were ringing.
    public async Task CallEndedAsync(string callSid, int? duration, Instant now, CancellationToken ct)
    {
        const string sql = """
            update call_legs set ended_at = @now, status = 'canceled'
            where ended_at is null and call_id = (select id from calls where call_sid = @callSid);
            update calls set ended_at = coalesce(ended_at, @now), outcome = coalesce(outcome, 'caller-hung-up') where call_sid = @callSid;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, new { callSid, now = now.ToDateTimeUtc() }, cancellationToken: ct));
    }

    public async Task LegEndedAsync(long legId, string? status, Instant now, CancellationToken ct)
    {
        const string sql = """
            update call_legs set ended_at = @now,
                status = case when accepted_at is not null then 'completed' when answered_at is not null then 'unaccepted' else coalesce(@status, 'no-answer') end
            where id = @legId and ended_at is null
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(sql, new { legId, status, now = now.ToDateTimeUtc() }, cancellationToken: ct));
    }
}
