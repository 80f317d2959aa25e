using System.Globalization;
using NAPhoneline.Hosting;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Calls;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;
using NAPhoneline.Telephony.Twiml;
using NodaTime;

namespace NAPhoneline.Routing;

// "Talk to a member now": ring the on-duty volunteers one after another (or all at once), each leg screened so
// only a person pressing 1 takes the call, for at most routing.maxWaitSeconds; then the helpline's fallback number,
// then Phoneline:FallbackNumber, then a voicemail that someone is told about (FallbackChain). Who is on duty comes
// from memory; the search's start rides in the signed Dial action, so any instance can take the next step.
public sealed class CallRouter(HelplineDirectory directory, LegStore legs, CallLog log, VoiceAnswers answers,
    PublicUrls urls, TimeProvider time, PhonelineMetrics metrics) : IPersonConnector
{
    Instant Now => Instant.FromDateTimeOffset(time.GetUtcNow());

    public Task<VoiceResponse> ConnectAsync(CallerOnLine caller, Helpline helpline, Prompts prompts, string step,
        CancellationToken ct, VoiceResponse? preface = null)
    {
        var now = Now;
        log.SearchStarted(caller.CallSid, helpline.Id, E164.Mask(caller.From), prompts.Code, step, now);
        var hold = (preface ?? new VoiceResponse()).Say(prompts.Text("ConnectingToMember"), prompts.SayLanguage,
            prompts.Voice);
        return NextAsync(hold, caller, CallIds.ForCall(caller.CallSid), RouteStage.Volunteers, now, helpline, prompts,
            ct);
    }

    // The Dial of a stage ended: done if someone accepted, else the next volunteer or the next stage.
    public async Task<VoiceResponse> DialEndedAsync(CallerOnLine caller, long callId, RouteStage stage,
        Instant searchStarted,
        string? dialStatus, int? duration, Helpline helpline, Prompts prompts, CancellationToken ct)
    {
        var now = Now;
        var (accepted, volunteer) = await legs.AcceptedAsync(callId, ct);
        legs.DialEnded(callId, dialStatus, now);
        if (accepted)
        {
            log.Finished(callId, stage == RouteStage.Volunteers ? "answered" : "answered-by-fallback", volunteer,
                duration ?? 0, now);
            return new VoiceResponse().Hangup();
        }
        var notice = new VoiceResponse().Say(prompts.Text("StillTrying"), prompts.SayLanguage, prompts.Voice);
        return await NextAsync(notice, caller, callId, FallbackChain.After(stage), searchStarted, helpline, prompts,
            ct);
    }

    async Task<VoiceResponse> NextAsync(VoiceResponse response, CallerOnLine caller, long callId, RouteStage from,
        Instant searchStarted, Helpline helpline, Prompts prompts, CancellationToken ct)
    {
        var now = Now;
        var secondsLeft = helpline.MaxWaitSeconds - (int)(now - searchStarted).TotalSeconds;
        var ownFallback = helpline.FallbackNumber is { } own && own != answers.GlobalFallbackNumber;
        foreach (var stage in FallbackChain.From(from, secondsLeft, ownFallback, legs.HasLeg(callId,
            LegKind.GlobalFallback)))
        {
            switch (stage)
            {
                case RouteStage.Volunteers:
                    var picked = await PickAsync(caller, callId, helpline, prompts, searchStarted, now, ct);
                    if (picked.Count > 0)
                        return Dial(response, caller, callId, stage, searchStarted, picked,
                            Math.Min(helpline.RingSeconds, secondsLeft),
                            helpline, prompts);
                    break;
                case RouteStage.Fallback:
                    metrics.FallbackTaken(FallbackChain.Name(stage));
                    var fallback = legs.Add(callId, null, LegKind.Fallback, legs.NextRound(callId), now);
                    return Dial(response, caller, callId, stage, searchStarted, [(fallback, helpline.FallbackNumber!)],
                        30, helpline, prompts);
                case RouteStage.Global:
                    metrics.FallbackTaken(FallbackChain.Name(stage));
                    var global = legs.Add(callId, null, LegKind.GlobalFallback, legs.NextRound(callId), now);
                    return Dial(response, caller, callId, stage, searchStarted, [(global,
                        answers.GlobalFallbackNumber)], 30,
                        helpline, prompts);
            }
        }
        metrics.FallbackTaken(FallbackChain.Name(RouteStage.Voicemail));
        return Voicemail(response, caller, callId, prompts);
    }

    async Task<IReadOnlyList<(long LegId, string Phone)>> PickAsync(CallerOnLine caller, long callId, Helpline helpline,
        Prompts prompts, Instant searchStarted, Instant now, CancellationToken ct)
    {
        var roster = directory.Current.Roster(helpline.Id);
        if (roster is null) return [];
        var onDuty = roster.OnDutyAt(now).Select(d => new OnDutyCandidate(d.VolunteerId,
            roster.Volunteers[d.VolunteerId].Languages, d.Backup))
            .ToList();
        if (onDuty.Count == 0) return [];
        var picked = await legs.PickAsync(callId, caller.CallSid, helpline.Id, E164.Mask(caller.From), prompts.Code,
            searchStarted, now, facts => LegPick.Plan(onDuty, helpline.RoutingStrategy, prompts.Code, facts,
                Random.Shared), ct);
        return picked.Select(p => (p.LegId, roster.Volunteers[p.VolunteerId].Phone)).ToList();
    }

    VoiceResponse Dial(VoiceResponse response, CallerOnLine caller, long callId, RouteStage stage,
        Instant searchStarted,
        IReadOnlyList<(long LegId, string Phone)> legsToRing, int ringSeconds, Helpline helpline, Prompts prompts) =>
        response.Dial(new DialOptions
        {
            // Volunteers see the helpline number, never the caller's, and the caller never learns theirs.
            CallerId = E164.IsValid(caller.To) ? caller.To : null,
            Timeout = ringSeconds,
            TimeLimit = 4 * 60 * 60,
            Action = urls.For("/voice/route/next", ("call", callId.ToString(CultureInfo.InvariantCulture)),
                ("stage", FallbackChain.Name(stage)), ("lang", prompts.Code),
                ("since", searchStarted.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))),
        }, dial =>
        {
            foreach (var (legId, phone) in legsToRing) answers.Screened(dial, phone, legId, callId, helpline.Id,
                prompts.Code);
        });

    VoiceResponse Voicemail(VoiceResponse response, CallerOnLine caller, long callId, Prompts prompts) =>
        response
            .Say(prompts.Text("VoicemailPrompt"), prompts.SayLanguage, prompts.Voice)
            .Record(new RecordOptions
            {
                Action = urls.For("/voice/route/voicemail", ("call", callId.ToString(CultureInfo.InvariantCulture)),
                    ("lang", prompts.Code)),
                MaxLength = 120,
                Timeout = 10,
                FinishOnKey = "#",
                PlayBeep = true,
            })
            .Say(prompts.Text("VoicemailNone", EmergencyNumbers.For(caller.To)), prompts.SayLanguage, prompts.Voice)
            .Hangup();
}
