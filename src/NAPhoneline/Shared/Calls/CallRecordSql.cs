using Npgsql;

namespace NAPhoneline.Shared.Calls;

// The SQL of each call-record event. Each is safe to apply twice and in any batch: inserts skip rows that exist,
// updates only fill what is still empty.
static class CallRecordSql
{
    const string Started = """
        insert into calls (id, call_sid, service_body_id, caller_masked, started_at, caller_hash)
        values ($1, $2, $3::bigint, $4, $5, $6)
        on conflict (id) do update set caller_hash = excluded.caller_hash
            where calls.caller_hash is null and excluded.caller_hash is not null
        """;

    const string Path = """
        update calls set path = path || $2::text, language = coalesce($3::text, language) where id = $1
        """;

    const string SearchStarted = """
        insert into calls (id, call_sid, service_body_id, caller_masked, language, started_at, search_started_at, path)
        values ($1, $2, $3::bigint, $4, $5, $6, $6, array[$7::text])
        on conflict (id) do update
            set search_started_at = coalesce(calls.search_started_at, excluded.search_started_at),
            language = excluded.language, path = calls.path || excluded.path
        """;

    // A leg made from memory during an outage may meet another instance's open leg for the same volunteer: it is
    // then kept as already ended ("overlapped") rather than lost.
    const string LegStarted = """
        with added as (
            insert into call_legs (id, call_id, volunteer_id, kind, round, started_at)
            values ($1, $2, $3::bigint, $4, $5, $6) on conflict do nothing returning id)
        insert into call_legs (id, call_id, volunteer_id, kind, round, started_at, ended_at, status)
        select $1, $2, $3::bigint, $4, $5, $6, $6, 'overlapped'
        where not exists (select 1 from added) and not exists (select 1 from call_legs where id = $1)
        """;

    const string LegAnswered = "update call_legs set answered_at = coalesce(answered_at, $2) where id = $1";

    const string LegAccepted = """
        update call_legs set answered_at = coalesce(answered_at, $2), accepted_at = coalesce(accepted_at, $2),
            status = 'accepted' where id = $1 and ended_at is null
        """;

    const string LegEnded = """
        update call_legs set ended_at = $2,
            status = case when accepted_at is not null then 'completed' when answered_at is not null then 'unaccepted'
                          else $3 end
        where id = $1 and ended_at is null
        """;

    // Written behind the caller, this may reach PostgreSQL after the next Dial's legs were inserted directly (same
    // webhook): it closes only the rounds the ended Dial rang, or the next volunteer's accept would be lost.
    const string DialEnded = """
        update call_legs set ended_at = $2,
            status = case when accepted_at is not null then 'completed' when answered_at is not null then 'unaccepted'
                          else $3 end
        where call_id = $1 and ended_at is null and ($4::integer is null or round <= $4::integer)
        """;

    const string Finished = """
        update calls set outcome = $2, answered_by = coalesce($3::bigint, answered_by),
            talk_seconds = coalesce($4::integer, talk_seconds),
            ring_seconds = coalesce((select sum(extract(epoch from
                                                        coalesce(answered_at, ended_at, $5) - started_at))::int
                                     from call_legs where call_id = $1), 0)
        where id = $1
        """;

    // The call is counted under the body that took it from here on; where it was dialled stays in routed_from.
    const string Routed = """
        update calls set service_body_id = $2::bigint, routed_from = coalesce(routed_from, $3::bigint),
            route_reason = $4, route_match = $5 where id = $1
        """;

    const string Ended = """
        update call_legs set ended_at = $2, status = 'canceled' where ended_at is null and call_id = $1
        """;

    // A call that ends with no other outcome: the caller hung up. A statement of its own, so the writer can count
    // the calls it ended this way (RecordsAffected) for the calls-by-outcome metric, once, whichever instance.
    public const string HungUp = """
        update calls set ended_at = coalesce(ended_at, $2), outcome = 'caller-hung-up' where id = $1 and outcome is null
        """;

    const string EndedCall = """
        update calls set ended_at = coalesce(ended_at, $2) where id = $1
        """;

    public static IEnumerable<NpgsqlBatchCommand> For(CallEvent e)
    {
        var at = e.At.ToDateTimeUtc();
        if (e.Kind == CallEventKind.Ended)
        {
            yield return Command(Ended, e.CallId, at);
            yield return Command(HungUp, e.CallId, at);
            yield return Command(EndedCall, e.CallId, at);
            yield break;
        }
        yield return e.Kind switch
        {
            CallEventKind.Started => Command(Started, e.CallId, e.CallSid, e.ServiceBodyId, e.CallerMasked ?? "(none)",
                at, e.CallerHash),
            CallEventKind.Path => Command(Path, e.CallId, e.Step, e.Language),
            CallEventKind.SearchStarted => Command(SearchStarted, e.CallId, e.CallSid, e.ServiceBodyId,
                e.CallerMasked ?? "(none)", e.Language ?? "en", at, e.Step),
            CallEventKind.LegStarted => Command(LegStarted, e.LegId, e.CallId, e.VolunteerId, CallWords.Kind(e.LegKind),
                e.Round, at),
            CallEventKind.LegAnswered => Command(LegAnswered, e.LegId, at),
            CallEventKind.LegAccepted => Command(LegAccepted, e.LegId, at),
            CallEventKind.LegEnded => Command(LegEnded, e.LegId, at, CallWords.Status(e.Status ?? LegStatus.NoAnswer)),
            CallEventKind.DialEnded => Command(DialEnded, e.CallId, at,
                CallWords.Status(e.Status ?? LegStatus.NoAnswer), e.UpToRound),
            CallEventKind.Routed => Command(Routed, e.CallId, e.ServiceBodyId, e.RoutedFrom, e.RouteReason,
                e.RouteMatch),
            CallEventKind.Finished => Command(Finished, e.CallId, e.Outcome, e.AnsweredBy, e.TalkSeconds, at),
            _ => throw new ArgumentOutOfRangeException(nameof(e), e.Kind, "unknown call event"),
        };
    }

    static NpgsqlBatchCommand Command(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        return command;
    }
}
