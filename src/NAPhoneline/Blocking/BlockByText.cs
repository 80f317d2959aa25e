using System.Globalization;
using Dapper;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;
using NodaTime;
using NodaTime.Text;
using Npgsql;

namespace NAPhoneline.Blocking;

// BLOCK texted by a volunteer (CONTRACT 15): the caller of the last helpline call they answered in the past two
// hours is blocked for 30 days at that call's body. The number is found by the call's keyed hash: nobody, the
// volunteer included, ever sees it; the reply says until when, and coordinators see and undo it in the console.
public sealed class BlockByText(NpgsqlDataSource db, HelplineDirectory directory, BlocklistStore store,
    StateRefresher refresher, TimeProvider time, ILogger<BlockByText> log)
{
    public static readonly Duration Window = Duration.FromHours(2);
    public static readonly Duration For = Duration.FromDays(30);
    static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

    sealed record LastCall(long CallId, string? CallerHash, string CallerMasked, long? ServiceBodyId);

    public async Task<string> BlockAsync(string? from, string language, CancellationToken ct)
    {
        var volunteer = directory.Current.VolunteerByPhone(from);
        var prompts = Prompts.For(volunteer?.Languages.FirstOrDefault() ?? language);
        if (volunteer is not { Active: true }) return prompts.Text("BlockNotVolunteer");
        var now = Instant.FromDateTimeOffset(time.GetUtcNow());
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Budget);
        try
        {
            await using var conn = await db.OpenConnectionAsync(timeout.Token);
            await using var tx = await conn.BeginTransactionAsync(timeout.Token);
            var call = await conn.QuerySingleOrDefaultAsync<LastCall>(new CommandDefinition("""
                select c.id as call_id, c.caller_hash, c.caller_masked, c.service_body_id
                from call_legs l join calls c on c.id = l.call_id
                where l.volunteer_id = @volunteer and l.accepted_at > @since
                order by l.accepted_at desc limit 1
                """, new { volunteer = volunteer.Id, since = (now - Window).ToDateTimeUtc() }, tx,
                cancellationToken: timeout.Token));
            if (call?.CallerHash is null) return prompts.Text("BlockNoCall");
            var until = now + For;
            // Texted twice: one entry, and the same answer.
            var existing = await conn.ExecuteScalarAsync<DateTime?>(new CommandDefinition("""
                select until from blocklist where kind = 'number' and number_hash = @CallerHash
                and removed_at is null and service_body_id is not distinct from @ServiceBodyId
                and (until is null or until > @now) limit 1
                """, new { call.CallerHash, call.ServiceBodyId, now = now.ToDateTimeUtc() }, tx,
                cancellationToken: timeout.Token));
            if (existing is null)
                await store.InsertAsync(conn, tx, BlockKind.Number, call.CallerHash, call.CallerMasked,
                    null, call.ServiceBodyId, until, "BLOCK by text after a call they answered",
                    $"{volunteer.Name} ({E164.Mask(volunteer.Phone)}) by text", timeout.Token);
            await tx.CommitAsync(timeout.Token);
            await refresher.ReloadAsync(StateTopic.Blocklist, ct);
            var shown = existing is { } e ? Instant.FromDateTimeUtc(DateTime.SpecifyKind(e, DateTimeKind.Utc)) : until;
            return prompts.Text("BlockDone", When(shown, call.ServiceBodyId, prompts));
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException
            && !ct.IsCancellationRequested)
        {
            log.LogWarning("BLOCK by text could not be recorded now: {Message}", ex.Message);
            return prompts.Text("BlockLater");
        }
    }

    string When(Instant at, long? bodyId, Prompts prompts)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(bodyId is { } id ? directory.Current.Body(id)?.TimeZone
            ?? "" : "") ?? DateTimeZone.Utc;
        return LocalDateTimePattern.Create(prompts.Text("DateFormat"), CultureInfo.GetCultureInfo(prompts.Code))
            .Format(at.InZone(zone).LocalDateTime);
    }
}
