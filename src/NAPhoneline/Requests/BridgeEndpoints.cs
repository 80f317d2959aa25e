using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Mvc;
using NAPhoneline.Shared.Voice;
using NAPhoneline.Shared;
using NAPhoneline.Telephony.Twiml;
using NAPhoneline.Telephony.Webhooks;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Requests;

// CALL <code>: the service rang the member who took the request (from the helpline number); once they press 1 it
// dials the requester, again showing only the helpline number. Neither side learns the other's number.
public static class BridgeEndpoints
{
    sealed record Target(long Id, string Code, string CallbackNumber, string MemberPhone, string? HelplineNumber,
        string Language, string MemberLanguage);

    public static async Task<IResult> Bridge(VoiceRequest twilio, [FromQuery(Name = "request")] string? request,
        NpgsqlDataSource db, PublicUrls urls, CancellationToken ct)
    {
        var target = await FindAsync(db, request, ct);
        // Only the phone the call was placed to, and only while the request is still theirs.
        if (target is null || twilio.To != target.MemberPhone) return new VoiceResponse().Hangup().ToResult();
        var prompts = Prompts.For(target.MemberLanguage);
        var whisper = prompts.Text("BridgeWhisper", string.Join(' ', target.Code.ToCharArray()));
        return new VoiceResponse()
            .Gather(new GatherOptions
                {
                    Input = "dtmf", NumDigits = 1, Timeout = 8,
                    Action = urls.For("/voice/requests/bridge-accept", ("request", Id(target)))
                },
                g => g.Say(whisper, prompts.SayLanguage, prompts.Voice).Pause(1)
                    .Say(whisper, prompts.SayLanguage, prompts.Voice))
            .Hangup()
            .ToResult();
    }

    public static async Task<IResult> Accept(VoiceRequest twilio, [FromQuery(Name = "request")] string? request,
        NpgsqlDataSource db, PublicUrls urls, Shared.Privacy.NumberVault vault, CancellationToken ct)
    {
        var target = await FindAsync(db, request, ct);
        if (target is null || twilio.To != target.MemberPhone || twilio.Digits?.Trim() != "1")
            return new VoiceResponse().Hangup().ToResult();
        // The caller's number rests encrypted: opened here, for the one TwiML that dials it.
        if (vault.TryUnprotect(target.CallbackNumber) is not { } callback)
            return new VoiceResponse().Hangup().ToResult();
        var prompts = Prompts.For(target.MemberLanguage);
        var id = Id(target);
        return new VoiceResponse()
            .Say(prompts.Text("BridgeConnecting"), prompts.SayLanguage, prompts.Voice)
            .Dial(new DialOptions
            {
                CallerId = E164.IsValid(target.HelplineNumber) ? target.HelplineNumber : null,
                Timeout = 30,
                TimeLimit = 2 * 60 * 60,
                Action = urls.For("/voice/requests/bridge-ended", ("request", id)),
            }, d => d.Number(callback,
                new NumberOptions { Url = urls.For("/voice/requests/bridge-hello", ("request", id)) }))
            .ToResult();
    }

    // What the requester hears on answering, before the two are joined.
    public static async Task<IResult> Hello(
        [FromQuery(Name = "request")] string? request, NpgsqlDataSource db, CancellationToken ct)
    {
        var target = await FindAsync(db, request, ct);
        var prompts = Prompts.For(target?.Language);
        return new VoiceResponse().Say(prompts.Text("BridgeHello"), prompts.SayLanguage, prompts.Voice).ToResult();
    }

    public static async Task<IResult> Ended(VoiceRequest twilio, [FromQuery(Name = "request")] string? request,
        NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var target = await FindAsync(db, request, ct);
        if (target is null) return new VoiceResponse().Hangup().ToResult();
        await using (var conn = await db.OpenConnectionAsync(ct))
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            await RequestStore.EventAsync(conn, tx, target.Id, Instant.FromDateTimeOffset(time.GetUtcNow()), "bridged",
                $"{twilio.DialCallStatus ?? "unknown"}, {twilio.DialCallDuration ?? 0} s", ct);
            await tx.CommitAsync(ct);
        }
        if (twilio.DialCallStatus is "completed" or "answered") return new VoiceResponse().Hangup().ToResult();
        var prompts = Prompts.For(target.MemberLanguage);
        return new VoiceResponse()
            .Say(prompts.Text("BridgeEnded", string.Join(' ', target.Code.ToCharArray())), prompts.SayLanguage,
                prompts.Voice)
            .Hangup()
            .ToResult();
    }

    static string Id(Target target) => target.Id.ToString(CultureInfo.InvariantCulture);

    static async Task<Target?> FindAsync(NpgsqlDataSource db, string? request, CancellationToken ct)
    {
        if (QueryIds.Long(request) is not { } id) return null;
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<Target>(new CommandDefinition("""
            select r.id, r.code, r.callback_number, p.phone as member_phone, r.helpline_number, r.language,
                   coalesce(b.languages[1], 'en') as member_language
            from requests r join request_recipients p on p.id = r.acknowledged_by
                 join service_bodies b on b.id = r.service_body_id
            where r.id = @id and r.status = 'acknowledged' and r.callback_number is not null
            """, new { id }, cancellationToken: ct));
    }
}
