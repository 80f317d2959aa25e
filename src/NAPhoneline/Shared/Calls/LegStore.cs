using System.Collections.Concurrent;
using Dapper;
using NAPhoneline.Data;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Shared.Calls;

public sealed record LegView(long Id, long CallId, long? VolunteerId, LegKind Kind, int Round, bool Answered,
    bool Accepted,
    bool Open);

// What a volunteer pick knows: who is busy, who started the last call of the body, and who this call has tried.
public sealed record PickInputs(IReadOnlySet<long> Busy, long? LastStarter, IReadOnlyList<(long VolunteerId,
    bool Answered, int Round)> Tried);

// The pick's decision: whom to ring in order (one leg for sequential strategies, several at once for simultaneous),
// in which round, and whether the first of them becomes the body's rotation starter.
public sealed record PickPlan(IReadOnlyList<long> Order, int Round, bool AllAtOnce, bool RememberStarter);

// The legs of calls: every leg this instance rang, in memory, and in PostgreSQL the guarantee that a volunteer has at
// most one open leg across all instances. A pick asks PostgreSQL within a short budget; beyond it, or while it is
// known to be down, the pick is made from this instance's memory alone (two instances may then ring one volunteer).
public sealed class LegStore(NpgsqlDataSource db, DatabaseBreaker breaker, CallLog log)
{
    // A leg left open by a lost callback must not mark a volunteer busy forever.
    public static readonly Duration StaleAfter = Duration.FromHours(4);

    sealed class Leg(long id, long callId, long? volunteerId, LegKind kind, int round, Instant startedAt)
    {
        public long Id { get; } = id;
        public long CallId { get; } = callId;
        public long? VolunteerId { get; } = volunteerId;
        public LegKind Kind { get; } = kind;
        public int Round { get; } = round;
        public Instant StartedAt { get; } = startedAt;
        public bool Answered { get; set; }
        public bool Accepted { get; set; }
        public Instant? EndedAt { get; set; }
        public LegStatus Status { get; set; } = LegStatus.Ringing;
        public LegView View => new(Id, CallId, VolunteerId, Kind, Round, Answered, Accepted, EndedAt is null);
    }

    // Legs by call (calls of the last hour), the legs still open, and those ended in the last minutes.
    readonly ConcurrentDictionary<long, List<Leg>> byCall = new();
    readonly ConcurrentDictionary<long, Leg> open = new();
    readonly ConcurrentDictionary<long, Leg> ended = new();
    readonly ConcurrentDictionary<long, long> lastStarter = new();
    Instant lastPrune;

    List<Leg> Of(long callId)
    {
        if (!byCall.TryGetValue(callId, out var list)) return [];
        lock (list) return [.. list];
    }

    Leg? Find(long legId, long callId) => Of(callId).FirstOrDefault(l => l.Id == legId);

    void Track(Leg leg)
    {
        var list = byCall.GetOrAdd(leg.CallId, _ => []);
        lock (list) list.Add(leg);
        open[leg.Id] = leg;
    }

    HashSet<long> LocalBusy() => open.Values.Where(l => l.VolunteerId is not null).Select(l =>
        l.VolunteerId!.Value).ToHashSet();

    public IReadOnlyList<LegView> LegsOf(long callId) => Of(callId).OrderBy(l => l.Id).Select(l => l.View).ToList();

    public bool Knows(long callId) => byCall.ContainsKey(callId);

    public async Task<IReadOnlyList<(long LegId, long VolunteerId)>> PickAsync(long callId, string callSid,
        long serviceBodyId,
        string callerMasked, string language, Instant searchStarted, Instant now, Func<PickInputs, PickPlan> decide,
        CancellationToken ct)
    {
        Prune(now);
        if (breaker.IsAvailable)
        {
            try
            {
                var picked = await breaker.RunAsync(c => PickInDatabaseAsync(callId, callSid, serviceBodyId,
                    callerMasked,
                    language, searchStarted, now, decide, c), DatabaseBreaker.WebhookBudget, ct);
                return picked;
            }
            catch (DatabaseUnavailableException) { }
        }
        return PickInMemory(callId, serviceBodyId, now, decide);
    }

    IReadOnlyList<(long LegId, long VolunteerId)> PickInMemory(long callId, long serviceBodyId, Instant now,
        Func<PickInputs, PickPlan> decide)
    {
        var busy = LocalBusy();
        var tried = LegsOf(callId).Where(l => l.VolunteerId is not null).Select(l => (l.VolunteerId!.Value, l.Answered,
            l.Round)).ToList();
        var plan = decide(new PickInputs(busy, lastStarter.TryGetValue(serviceBodyId, out var last) ? last : null,
            tried));
        var chosen = plan.AllAtOnce ? plan.Order : plan.Order.Take(1);
        var created = new List<(long, long)>();
        foreach (var volunteer in chosen)
        {
            var leg = Add(callId, volunteer, LegKind.Volunteer, plan.Round, now);
            created.Add((leg, volunteer));
        }
        if (plan.RememberStarter && created.Count > 0) lastStarter[serviceBodyId] = created[0].Item2;
        return created;
    }

    async Task<IReadOnlyList<(long LegId, long VolunteerId)>> PickInDatabaseAsync(long callId, string callSid,
        long serviceBodyId, string callerMasked, string language, Instant searchStarted, Instant now,
        Func<PickInputs, PickPlan> decide, CancellationToken ct)
    {
        // This instance's own legs that ended but whose records may still be queued: closed here first, so their
        // volunteers are free in the unique index too.
        var ended = this.ended.Values.ToList();
        const string read = """
            insert into calls (id, call_sid, service_body_id, caller_masked, language, started_at, search_started_at)
            values (@callId, @callSid, @serviceBodyId, @callerMasked, @language, @searchStarted, @searchStarted)
            on conflict do nothing;
            update call_legs l set ended_at = x.ended_at, status = x.status
            from unnest(@endedIds, @endedAts, @endedStatuses) as x (id, ended_at, status)
            where l.id = x.id and l.ended_at is null;
            update call_legs set ended_at = @now, status = 'stale'
            where ended_at is null and started_at <= @staleBefore;
            select last_volunteer_id from rotation_state where service_body_id = @serviceBodyId;
            select volunteer_id from call_legs where ended_at is null and volunteer_id is not null;
            select id, volunteer_id, answered_at is not null as answered, round from call_legs
            where call_id = @callId and volunteer_id is not null order by id;
            """;
        await using var conn = await db.OpenConnectionAsync(ct);
        using (var results = await conn.QueryMultipleAsync(new CommandDefinition(read, new
        {
            callId, callSid, serviceBodyId, callerMasked, language, searchStarted = searchStarted.ToDateTimeUtc(),
            endedIds = ended.Select(l => l.Id).ToArray(),
            endedAts = ended.Select(l => l.EndedAt!.Value.ToDateTimeUtc()).ToArray(),
            endedStatuses = ended.Select(l => CallWords.Status(l.Status)).ToArray(),
            now = now.ToDateTimeUtc(), staleBefore = (now - StaleAfter).ToDateTimeUtc(),
        }, cancellationToken: ct)))
        {
            var last = await results.ReadSingleOrDefaultAsync<long?>();
            var busy = (await results.ReadAsync<long>()).ToHashSet();
            busy.UnionWith(LocalBusy());
            var stored = (await results.ReadAsync<(long Id, long VolunteerId, bool Answered, int Round)>()).ToList();
            var mine = LegsOf(callId).Where(l => l.VolunteerId is not null).ToDictionary(l => l.Id);
            var tried = stored.Select(s => (s.VolunteerId, s.Answered || (mine.TryGetValue(s.Id,
                out var m) && m.Answered), s.Round))
                .Concat(mine.Values.Where(m => stored.All(s => s.Id != m.Id)).Select(m => (m.VolunteerId!.Value,
                    m.Answered, m.Round)))
                .ToList();
            var plan = decide(new PickInputs(busy, last, tried));
            // Past the budget the caller is already ringing someone from memory: this pick must not add legs now.
            ct.ThrowIfCancellationRequested();
            var created = await InsertAsync(conn, callId, plan, now, ct);
            if (plan.RememberStarter && created.Count > 0)
            {
                await conn.ExecuteAsync(new CommandDefinition("""
                    insert into rotation_state (service_body_id, last_volunteer_id) values (@serviceBodyId, @first)
                    on conflict (service_body_id) do update set last_volunteer_id = excluded.last_volunteer_id
                    """, new { serviceBodyId, first = created[0].VolunteerId }, cancellationToken: ct));
                lastStarter[serviceBodyId] = created[0].VolunteerId;
            }
            foreach (var (legId, volunteer) in created)
                Track(new Leg(legId, callId, volunteer, LegKind.Volunteer, plan.Round, now));
            return created;
        }
    }

    // Against the unique index on a volunteer's open leg: when two calls pick the same person at once the second
    // insert does nothing and that call takes the next person in its order.
    static async Task<List<(long LegId, long VolunteerId)>> InsertAsync(NpgsqlConnection conn, long callId,
        PickPlan plan,
        Instant now, CancellationToken ct)
    {
        const string insert = """
            insert into call_legs (id, call_id, volunteer_id, kind, round, started_at)
            select i, @callId, v, 'volunteer', @round, @now from unnest(@ids, @volunteers) as x (i, v)
            on conflict (volunteer_id) where ended_at is null and volunteer_id is not null do nothing
            returning id, volunteer_id
            """;
        var created = new List<(long, long)>();
        var groups = plan.AllAtOnce ? [plan.Order.ToArray()] : plan.Order.Select(v => new[] { v });
        foreach (var group in groups)
        {
            var ids = group.Select(_ => CallIds.NextLeg(now)).ToArray();
            created.AddRange(await conn.QueryAsync<(long, long)>(new CommandDefinition(insert,
                new { callId, round = plan.Round, now = now.ToDateTimeUtc(), ids, volunteers = group },
                    cancellationToken: ct)));
            if (created.Count > 0) break;
        }
        return created.OrderBy(c => plan.Order.ToList().IndexOf(c.Item2)).ToList();
    }

    // A leg that needs no cross-instance guarantee (a fallback number, a chair): made here, recorded behind.
    public long Add(long callId, long? volunteerId, LegKind kind, int round, Instant now)
    {
        var id = CallIds.NextLeg(now);
        Track(new Leg(id, callId, volunteerId, kind, round, now));
        log.Add(new CallEvent(CallEventKind.LegStarted, callId, now) { LegId = id, VolunteerId = volunteerId,
            LegKind = kind, Round = round });
        return id;
    }

    public int NextRound(long callId) => Of(callId).Select(l => l.Round + 1).DefaultIfEmpty(0).Max();

    // The leg's phone picked up (a person or their voicemail) and hears the screening prompt. False: the leg is over.
    public bool Answered(long legId, long callId, Instant now)
    {
        if (Find(legId, callId) is { } leg)
        {
            if (leg.EndedAt is not null) return false;
            leg.Answered = true;
        }
        log.Add(new CallEvent(CallEventKind.LegAnswered, callId, now) { LegId = legId });
        return true;
    }

    // Only one leg of a call takes it (simultaneous ringing). While PostgreSQL answers it is asked, so the call's legs
    // may be spread over instances; otherwise this instance's memory decides.
    public async Task<bool> AcceptAsync(long legId, long callId, Instant now, CancellationToken ct)
    {
        var local = Of(callId);
        if (local.Any(l => l.Accepted && l.Id != legId)) return false;
        var leg = local.FirstOrDefault(l => l.Id == legId);
        if (leg?.EndedAt is not null) return false;
        if (breaker.IsAvailable)
        {
            try
            {
                var otherTookIt = await breaker.RunAsync(async c =>
                {
                    await using var conn = await db.OpenConnectionAsync(c);
                    return await conn.ExecuteScalarAsync<bool>(new CommandDefinition("""
                        with taken as (
                            update call_legs l
                            set accepted_at = @now, answered_at = coalesce(answered_at, @now), status = 'accepted'
                            where l.id = @legId and l.ended_at is null
                              and not exists (select 1 from call_legs o where o.call_id = l.call_id and o.id <> l.id
                                              and o.accepted_at is not null)
                            returning id)
                        select exists (select 1 from call_legs
                                       where call_id = @callId and id <> @legId and accepted_at is not null)
                        """, new { legId, callId, now = now.ToDateTimeUtc() }, cancellationToken: c));
                }, DatabaseBreaker.WebhookBudget, ct);
                if (otherTookIt) return false;
            }
            catch (DatabaseUnavailableException) { }
        }
        if (leg is not null) { leg.Answered = true; leg.Accepted = true; }
        log.Add(new CallEvent(CallEventKind.LegAccepted, callId, now) { LegId = legId });
        return true;
    }

    // Whether someone took the call, and who: this instance's memory when it rang the legs, else PostgreSQL.
    public async Task<(bool Accepted, long? VolunteerId)> AcceptedAsync(long callId, CancellationToken ct)
    {
        var local = Of(callId).FirstOrDefault(l => l.Accepted);
        if (local is not null) return (true, local.VolunteerId);
        if (Knows(callId) || !breaker.IsAvailable) return (false, null);
        try
        {
            return await breaker.RunAsync(async c =>
            {
                await using var conn = await db.OpenConnectionAsync(c);
                var row = await conn.QuerySingleOrDefaultAsync<(bool, long?)?>(new CommandDefinition(
                    "select true, volunteer_id from call_legs where call_id = @callId and accepted_at is not null "
                    + "limit 1",
                    new { callId }, cancellationToken: c));
                return row ?? (false, null);
            }, DatabaseBreaker.WebhookBudget, ct);
        }
        catch (DatabaseUnavailableException)
        {
            return (false, null);
        }
    }

    public bool HasLeg(long callId, LegKind kind) => Of(callId).Any(l => l.Kind == kind);

    public void LegEnded(long legId, long callId, string? twilioStatus, Instant now)
    {
        var status = CallWords.Unconnected(twilioStatus);
        if (Find(legId, callId) is { EndedAt: null } leg) End(leg, status, now);
        log.Add(new CallEvent(CallEventKind.LegEnded, callId, now) { LegId = legId, Status = status });
    }

    // The Dial verb ended: the call's open legs close with what happened.
    public void DialEnded(long callId, string? dialStatus, Instant now)
    {
        var status = CallWords.Unconnected(dialStatus);
        var legs = Of(callId);
        foreach (var leg in legs.Where(l => l.EndedAt is null)) End(leg, status, now);
        int? upTo = legs.Count > 0 ? legs.Max(l => l.Round) : null;
        log.Add(new CallEvent(CallEventKind.DialEnded, callId, now) { Status = status, UpToRound = upTo });
    }

    // The caller hung up: phones still ringing for them are free at once.
    public void CallEnded(long callId, Instant now)
    {
        foreach (var leg in Of(callId).Where(l => l.EndedAt is null)) End(leg, LegStatus.Canceled, now);
        log.Add(new CallEvent(CallEventKind.Ended, callId, now));
    }

    void End(Leg leg, LegStatus unconnected, Instant now)
    {
        leg.EndedAt = now;
        leg.Status = leg.Accepted ? LegStatus.Completed : leg.Answered ? LegStatus.Unaccepted : unconnected;
        open.TryRemove(leg.Id, out _);
        ended[leg.Id] = leg;
    }

    // Legs of calls long over are forgotten; a leg open past StaleAfter no longer marks anyone busy; an ended leg is
    // pushed with picks for a few minutes (by then its own record has long been written).
    void Prune(Instant now)
    {
        if (now - lastPrune < Duration.FromSeconds(30)) return;
        lastPrune = now;
        foreach (var leg in open.Values.Where(l => now - l.StartedAt > StaleAfter)) End(leg, LegStatus.Stale, now);
        foreach (var leg in ended.Values.Where(l =>
            now - l.EndedAt!.Value > Duration.FromMinutes(2))) ended.TryRemove(leg.Id, out _);
        foreach (var (callId, list) in byCall)
        {
            bool old;
            lock (list) old = list.All(l => l.EndedAt is { } e && now - e > Duration.FromHours(1));
            if (old) byCall.TryRemove(callId, out _);
        }
    }
}
