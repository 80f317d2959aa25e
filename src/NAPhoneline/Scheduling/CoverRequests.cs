using NAPhoneline.Shared.Privacy;
using System.Globalization;
using Dapper;
using NAPhoneline.Notifications;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;
using Npgsql;
using NodaTime;
using NodaTime.Text;

namespace NAPhoneline.Scheduling;

public enum CantOutcome { Opened, AlreadyOpen, Over, Unknown }

public enum TakeOutcome { Taken, AlreadyYours, TakenByOther, NotAsked, Over, Unknown }

// Cover requests (CONTRACT 13). CANT <code>: the reminded shift is declined, its volunteer is off that shift at once
// (an off override for the shift starting then: calls stop ringing them), and a cover request is texted to the
// volunteers CoverPlan picks. TAKE <code>: the first one wins, under the request's row lock, on any number of
// instances: a cover override for the taker, in the same transaction as the texts telling everyone. Still open
// coverWithin before the start: the coordinators are told, once. Every step is an event in cover_request_events.
public sealed class CoverRequests(NpgsqlDataSource db, HelplineDirectory directory, StateRefresher refresher,
    OutboxSender outbox, NumberVault vault, ILogger<CoverRequests> log)
{
    sealed class Reminder
    {
        public long Id { get; init; }
        public long VolunteerId { get; init; }
        public long ServiceBodyId { get; init; }
        public DateTime StartsAt { get; init; }
        public DateTime EndsAt { get; init; }
        public string Status { get; init; } = "";
    }

    sealed class Cover
    {
        public long Id { get; init; }
        public string Code { get; init; } = "";
        public long ServiceBodyId { get; init; }
        public long VolunteerId { get; init; }
        public DateTime StartsAt { get; init; }
        public DateTime EndsAt { get; init; }
        public string Status { get; init; } = "";
        public long? TakenBy { get; init; }
        public bool Asked { get; init; }
    }

    public sealed record Result<T>(T Outcome, string? When = null, int Asked = 0, string? Code = null);

    public async Task<Result<CantOutcome>> CantAsync(string code, string from, Instant now, CancellationToken ct)
    {
        var queued = new List<long>();
        Result<CantOutcome> result;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            result = await CantAsync(conn, tx, code, from, now, queued, ct);
            if (result.Outcome != CantOutcome.Opened && result.Outcome != CantOutcome.AlreadyOpen) return result;
            await tx.CommitAsync(ct);
        }
        await refresher.ReloadAsync(StateTopic.Structure, ct);
        foreach (var id in queued) await outbox.TrySendAsync(id, ct);
        return result;
    }

    // The same in a caller's transaction (the journal's replay after an outage); the texts are left to the outbox.
    public async Task<Result<CantOutcome>> CantAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string code,
        string from, Instant now, List<long> queued, CancellationToken ct)
    {
        var reminder = await conn.QuerySingleOrDefaultAsync<Reminder>(new CommandDefinition("""
            select r.id, r.volunteer_id, r.service_body_id, r.starts_at, r.ends_at, r.status
            from shift_reminders r join volunteers v on v.id = r.volunteer_id
            where v.phone = @from and r.code = @code
            for update of r
            """, new { from, code }, tx, cancellationToken: ct));
        if (reminder is null) return new(CantOutcome.Unknown);
        var (start, until) = (Utc(reminder.StartsAt), Utc(reminder.EndsAt));
        var when = When(reminder.ServiceBodyId, start, until, from);
        if (start <= now) return new(CantOutcome.Over, when);
        return await DeclineAsync(conn, tx, reminder.ServiceBodyId, reminder.VolunteerId, start, until,
            "volunteer", now, queued, ct) is { } opened
            ? new(CantOutcome.Opened, when, opened.Asked, opened.Code)
            : new(CantOutcome.AlreadyOpen, when);
    }

    // A coordinator finds cover for one shift from the schedule (someone told them by phone). False when one is
    // open for it already.
    public async Task<bool> OpenForShiftAsync(long bodyId, long volunteerId, Instant from, Instant until,
        Instant now, CancellationToken ct)
    {
        var queued = new List<long>();
        bool opened;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            opened = await DeclineAsync(conn, tx, bodyId, volunteerId, from, until, "coordinator", now, queued, ct)
                is not null;
            await tx.CommitAsync(ct);
        }
        await refresher.ReloadAsync(StateTopic.Structure, ct);
        foreach (var id in queued) await outbox.TrySendAsync(id, ct);
        return opened;
    }

    // The volunteer will not come to the shift starting `from`: its reminder declined, the cover request opened
    // (null when one is open already), and the volunteer off that one shift at once, so callers do not wait on the
    // phone of someone who cannot come.
    async Task<(string Code, int Asked)?> DeclineAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long bodyId,
        long volunteerId, Instant from, Instant until, string openedBy, Instant now, List<long> queued,
        CancellationToken ct)
    {
        var reminder = await conn.QuerySingleOrDefaultAsync<long?>(new CommandDefinition("""
            update shift_reminders set status = 'declined', answered_at = @now
            where volunteer_id = @volunteerId and service_body_id = @bodyId and starts_at = @from
            returning id
            """, new { volunteerId, bodyId, from = from.ToDateTimeUtc(), now = now.ToDateTimeUtc() }, tx,
            cancellationToken: ct));
        var opened = await OpenAsync(conn, tx, bodyId, volunteerId, reminder, from, until, openedBy, now, queued, ct);
        await OffAsync(conn, tx, volunteerId, bodyId, from, now, ct);
        await ChangeNotice.SendAsync(conn, tx, StateTopic.Structure, ct);
        return opened;
    }

    // A day off set in the console (by the volunteer, or a coordinator for them): a cover request for each of their
    // shifts in the body starting that date and not begun yet. Returns how many were opened.
    public async Task<int> OpenForDayOffAsync(long bodyId, long volunteerId, LocalDate date, string openedBy,
        Instant now, CancellationToken ct)
    {
        var state = directory.Current;
        if (state.Roster(bodyId) is not { } roster) return 0;
        var occurrences = roster.Shifts.Where(s => s.VolunteerId == volunteerId && s.OccursOn(date))
            .Select(s => Roster.Occurrence(date, s.Start, s.End, roster.Zone)).Where(o => o.From > now)
            .Distinct().ToList();
        if (occurrences.Count == 0) return 0;
        var queued = new List<long>();
        var opened = 0;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            foreach (var (from, until) in occurrences)
                if (await DeclineAsync(conn, tx, bodyId, volunteerId, from, until, openedBy, now, queued, ct)
                    is not null) opened++;
            await tx.CommitAsync(ct);
        }
        await refresher.ReloadAsync(StateTopic.Structure, ct);
        foreach (var id in queued) await outbox.TrySendAsync(id, ct);
        return opened;
    }

    // Opens the occurrence's cover request and texts the volunteers asked; null when one is open already.
    async Task<(string Code, int Asked)?> OpenAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long bodyId,
        long volunteerId, long? reminderId, Instant from, Instant until, string openedBy, Instant now,
        List<long> queued, CancellationToken ct)
    {
        var state = directory.Current;
        var ask = CoverPlan.For(state, bodyId, volunteerId, from, until);
        var row = await conn.QuerySingleOrDefaultAsync<(long Id, string Code)?>(new CommandDefinition("""
            insert into cover_requests (code, service_body_id, volunteer_id, reminder_id, starts_at, ends_at,
                                        language, created_at)
            select c, @bodyId, @volunteerId, @reminderId, @from, @until, @language, @now
            from (select lpad((floor(random() * 10000))::int::text, 4, '0') as c from generate_series(1, 40)) x
            where c not in (select code from cover_requests where status = 'open')
            limit 1
            on conflict (volunteer_id, service_body_id, starts_at) do nothing
            returning id, code
            """, new
            {
                bodyId, volunteerId, reminderId, from = from.ToDateTimeUtc(), until = until.ToDateTimeUtc(),
                language = ask.Language, now = now.ToDateTimeUtc(),
            }, tx, cancellationToken: ct));
        if (row is not { } r) return null;
        var leaving = state.Volunteer(volunteerId);
        var helpline = state.HelplineNumberFor(bodyId);
        foreach (var v in ask.Volunteers)
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into cover_request_recipients (cover_request_id, volunteer_id, notified_at)
                values (@id, @volunteer, @now)
                """, new { id = r.Id, volunteer = v.Id, now = now.ToDateTimeUtc() }, tx, cancellationToken: ct));
            if (helpline is null) continue;
            var prompts = Prompts.For(v.Languages.FirstOrDefault());
            queued.Add(await QueueAsync(conn, tx, v.Phone, helpline, prompts.Text("CoverAsk",
                leaving?.FirstName ?? "", When(bodyId, from, until, v.Phone), r.Code), now, ct));
        }
        await EventAsync(conn, tx, r.Id, now, "opened", $"by {openedBy}; asked {ask.Volunteers.Count}"
            + (ask.Language is { } l ? $" (speaking {l})" : ""), ct);
        return (r.Code, ask.Volunteers.Count);
    }

    public async Task<Result<TakeOutcome>> TakeAsync(string code, string from, Instant now, CancellationToken ct)
    {
        var queued = new List<long>();
        Result<TakeOutcome> result;
        var state = directory.Current;
        if (state.VolunteerByPhone(from) is not { Active: true } taker) return new(TakeOutcome.Unknown);
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            // The most recent request with this code (codes are unique among open ones, and reused later).
            var cover = await conn.QuerySingleOrDefaultAsync<Cover>(new CommandDefinition("""
                select c.id, c.code, c.service_body_id, c.volunteer_id, c.starts_at, c.ends_at, c.status, c.taken_by,
                       exists (select 1 from cover_request_recipients x
                               where x.cover_request_id = c.id and x.volunteer_id = @taker) as asked
                from cover_requests c where c.code = @code
                order by c.status = 'open' desc, c.id desc limit 1
                for update of c
                """, new { code, taker = taker.Id }, tx, cancellationToken: ct));
            if (cover is null) return new(TakeOutcome.Unknown);
            var (start, until) = (Utc(cover.StartsAt), Utc(cover.EndsAt));
            var when = When(cover.ServiceBodyId, start, until, from);
            if (cover.TakenBy == taker.Id) return new(TakeOutcome.AlreadyYours, when);
            if (cover.Status == "taken") return new(TakeOutcome.TakenByOther, when);
            if (cover.Status != "open" || start <= now) return new(TakeOutcome.Over, when);
            if (!cover.Asked) return new(TakeOutcome.NotAsked, when);

            await conn.ExecuteAsync(new CommandDefinition("""
                update cover_requests set status = 'taken', taken_by = @taker, taken_at = @now where id = @id
                """, new { id = cover.Id, taker = taker.Id, now = now.ToDateTimeUtc() }, tx, cancellationToken: ct));
            var zone = Zone(cover.ServiceBodyId);
            var (localStart, localEnd) = (start.InZone(zone).LocalDateTime, until.InZone(zone).LocalDateTime);
            // The taker covers exactly those hours; only the shift that starts then is dropped for the other.
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into shift_overrides
                    (volunteer_id, service_body_id, date, kind, start_time, end_time, created_at)
                values (@taker, @body, @date, 'cover', @start, @end, @now)
                """, new
                {
                    taker = taker.Id, body = cover.ServiceBodyId, date = localStart.Date.ToDateOnly(),
                    start = localStart.TimeOfDay.ToTimeOnly(), end = localEnd.TimeOfDay.ToTimeOnly(),
                    now = now.ToDateTimeUtc(),
                }, tx, cancellationToken: ct));
            await OffAsync(conn, tx, cover.VolunteerId, cover.ServiceBodyId, start, now, ct);
            await EventAsync(conn, tx, cover.Id, now, "taken", $"by {taker.Name}", ct);
            var others = (await conn.QueryAsync<long>(new CommandDefinition("""
                select volunteer_id from cover_request_recipients
                where cover_request_id = @id and volunteer_id <> @taker
                """, new { id = cover.Id, taker = taker.Id }, tx, cancellationToken: ct))).ToList();
            if (state.HelplineNumberFor(cover.ServiceBodyId) is { } helpline)
            {
                foreach (var other in others.Select(state.Volunteer).OfType<DirectoryVolunteer>())
                    queued.Add(await QueueAsync(conn, tx, other.Phone, helpline,
                        Prompts.For(other.Languages.FirstOrDefault()).Text("CoverTakenElsewhere",
                            When(cover.ServiceBodyId, start, until, other.Phone)), now, ct));
                if (state.Volunteer(cover.VolunteerId) is { } leaving)
                    queued.Add(await QueueAsync(conn, tx, leaving.Phone, helpline,
                        Prompts.For(leaving.Languages.FirstOrDefault()).Text("CoverTakenYours",
                            When(cover.ServiceBodyId, start, until, leaving.Phone), taker.FirstName), now, ct));
            }
            await ChangeNotice.SendAsync(conn, tx, StateTopic.Structure, ct);
            await tx.CommitAsync(ct);
            result = new(TakeOutcome.Taken, when);
        }
        log.LogInformation("Cover request {Code} taken", code);
        // This instance answers its next call with the taker on duty; others reload on the notice.
        await refresher.ReloadAsync(StateTopic.Structure, ct);
        foreach (var id in queued) await outbox.TrySendAsync(id, ct);
        return result;
    }

    // The minutely sweep: open requests coverWithin or less before their start go to the body's coordinators
    // (once), and requests whose shift has started are closed as expired. Rows are claimed with SKIP LOCKED.
    public async Task<int> SweepAsync(Instant now, CancellationToken ct)
    {
        var queued = new List<long>();
        var told = 0;
        var state = directory.Current;
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var late = (await conn.QueryAsync<Cover>(new CommandDefinition("""
                select c.id, c.code, c.service_body_id, c.volunteer_id, c.starts_at, c.ends_at, c.status
                from cover_requests c join service_bodies b on b.id = c.service_body_id
                where c.status = 'open' and c.coordinators_told_at is null and c.starts_at > @now
                  and c.starts_at - coalesce(b.cover_within, interval '4 hours') <= @now
                for update of c skip locked
                """, new { now = now.ToDateTimeUtc() }, tx, cancellationToken: ct))).ToList();
            foreach (var c in late)
            {
                var (start, until) = (Utc(c.StartsAt), Utc(c.EndsAt));
                var coordinators = Coordinators(state, c.ServiceBodyId);
                var helpline = state.HelplineNumberFor(c.ServiceBodyId);
                foreach (var contact in coordinators)
                {
                    if (helpline is null) break;
                    var prompts = Prompts.For(state.Body(c.ServiceBodyId)?.Languages.FirstOrDefault());
                    queued.Add(await QueueAsync(conn, tx, contact.Phone, helpline, prompts.Text("CoverUntaken",
                        state.Volunteer(c.VolunteerId)?.Name ?? "", When(c.ServiceBodyId, start, until, null),
                        c.Code), now, ct));
                }
                await conn.ExecuteAsync(new CommandDefinition(
                    "update cover_requests set coordinators_told_at = @now where id = @id",
                    new { id = c.Id, now = now.ToDateTimeUtc() }, tx, cancellationToken: ct));
                await EventAsync(conn, tx, c.Id, now, "coordinators-told",
                    coordinators.Count == 0 ? "no coordinator to tell" : string.Join(", ", coordinators.Select(x =>
                        x.Name)), ct);
                told++;
            }
            var expired = (await conn.QueryAsync<long>(new CommandDefinition("""
                update cover_requests set status = 'expired'
                where id in (select id from cover_requests where status = 'open' and starts_at <= @now
                             for update skip locked)
                returning id
                """, new { now = now.ToDateTimeUtc() }, tx, cancellationToken: ct))).ToList();
            foreach (var id in expired) await EventAsync(conn, tx, id, now, "expired", "the shift began untaken", ct);
            await tx.CommitAsync(ct);
        }
        foreach (var id in queued) await outbox.TrySendAsync(id, ct);
        return told;
    }

    // An off for the one shift starting then (its start on the body's clock), unless there is one.
    async Task OffAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long volunteerId, long bodyId, Instant start,
        Instant now, CancellationToken ct)
    {
        var local = start.InZone(Zone(bodyId)).LocalDateTime;
        await conn.ExecuteAsync(new CommandDefinition("""
            insert into shift_overrides (volunteer_id, service_body_id, date, kind, start_time, created_at)
            select @volunteerId, @bodyId, @date, 'off', @start, @now
            where not exists (select 1 from shift_overrides where volunteer_id = @volunteerId
                              and service_body_id = @bodyId and date = @date and kind = 'off'
                              and (start_time is null or start_time = @start))
            """, new
            {
                volunteerId, bodyId, date = local.Date.ToDateOnly(), start = local.TimeOfDay.ToTimeOnly(),
                now = now.ToDateTimeUtc(),
            }, tx, cancellationToken: ct));
    }

    // The body's coordinators, else the nearest body above that has some.
    static IReadOnlyList<Contact> Coordinators(PhonelineDirectory state, long bodyId) =>
        state.Chain(bodyId).Select(b => state.Contacts(b.Id).Where(c => c.Role == "coordinator").ToList())
            .FirstOrDefault(list => list.Count > 0) ?? [];

    Task<long> QueueAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string to, string from, string text,
        Instant now, CancellationToken ct) => MessageOutbox.InsertAsync(conn, tx, vault, to, from, text, now, ct);

    static Task EventAsync(NpgsqlConnection conn, NpgsqlTransaction tx, long id, Instant at, string kind,
        string detail, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            insert into cover_request_events (cover_request_id, at, kind, detail) values (@id, @at, @kind, @detail)
            """, new { id, at = at.ToDateTimeUtc(), kind, detail }, tx, cancellationToken: ct));

    DateTimeZone Zone(long bodyId) =>
        DateTimeZoneProviders.Tzdb.GetZoneOrNull(directory.Current.Body(bodyId)?.TimeZone ?? "") ?? DateTimeZone.Utc;

    // "Tue Nov 24 16:00-22:00 (San Diego Area)" in the language of the volunteer with that phone.
    string When(long bodyId, Instant from, Instant until, string? phone)
    {
        var state = directory.Current;
        var prompts = Prompts.For(state.VolunteerByPhone(phone)?.Languages.FirstOrDefault()
            ?? state.Body(bodyId)?.Languages.FirstOrDefault());
        var zone = Zone(bodyId);
        var culture = CultureInfo.GetCultureInfo(prompts.SayLanguage);
        return LocalDateTimePattern.Create(prompts.Text("DateFormat"), culture).Format(from.InZone(zone).LocalDateTime)
            + "-" + until.InZone(zone).LocalDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)
            + $" ({state.Body(bodyId)?.Name})";
    }

    static Instant Utc(DateTime value) => Instant.FromDateTimeUtc(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
