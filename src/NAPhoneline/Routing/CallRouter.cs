using System.Globalization;
using NAPhoneline.Hosting;
using NAPhoneline.Regions;
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
// A regional number first finds the body that answers where the caller is (RegionalRouter); a body with
// routing.genderChoice asks whom the caller would like to speak with (CONTRACT 14). Both ride in the URLs too.
public sealed class CallRouter(HelplineDirectory directory, LegStore legs, CallLog log, VoiceAnswers answers,
    PublicUrls urls, TimeProvider time, PhonelineMetrics metrics, RegionalRouter regions) : IPersonConnector
{
    Instant Now => Instant.FromDateTimeOffset(time.GetUtcNow());

    public Task<VoiceResponse> ConnectAsync(CallerOnLine caller, Helpline helpline, Prompts prompts, string step,
        CancellationToken ct, VoiceResponse? preface = null, CallContext? context = null)
    {
        var now = Now;
        context ??= new CallContext();
        if (!context.Routed && regions.RoutesByLocation(helpline))
        {
            // Not asked yet: ask. Asked elsewhere on the call (the meeting search): route by that.
            if (context.Location is not { } where)
                return Task.FromResult(regions.Ask(preface ?? new VoiceResponse(), helpline, prompts, "talk", step,
                    0));
            var route = regions.Route(caller, helpline, where, now);
            preface = route.Said(preface ?? new VoiceResponse(), prompts);
            helpline = route.Body;
            context = context with { Routed = true };
        }
        if (helpline.ScreenCallers && !context.Screened)
            return Task.FromResult(ScreenCaller(preface ?? new VoiceResponse(), caller, helpline, prompts, step,
                context, 0));
        if (helpline.GenderChoice && context.Gender is null)
            return Task.FromResult(AskGender(preface ?? new VoiceResponse(), caller, helpline, prompts, step));
        log.SearchStarted(caller.CallSid, helpline.Id, E164.Mask(caller.From), prompts.Code, step, now);
        var hold = (preface ?? new VoiceResponse()).Say(prompts.Text("ConnectingToMember"), prompts.SayLanguage,
            prompts.Voice);
        return NextAsync(hold, caller, CallIds.ForCall(caller.CallSid), RouteStage.Volunteers, now, helpline, prompts,
            context.Gender ?? GenderPreference.None, ct);
    }

    // CONTRACT 15 routing.screenCallers: "press 7"; a random digit a recording or a robot does not press.
    public VoiceResponse ScreenCaller(VoiceResponse response, CallerOnLine caller, Helpline helpline, Prompts prompts,
        string step, CallContext context, int attempt)
    {
        var digit = Random.Shared.Next(1, 10).ToString(CultureInfo.InvariantCulture);
        var action = urls.For("/voice/route/screen-caller", ("lang", prompts.Code), ("step", step),
            ("body", BodyParam(helpline, caller.To)), ("digit", digit),
            ("attempt", attempt.ToString(CultureInfo.InvariantCulture)),
            ("prefer", CallContext.Word(context.Gender)));
        return response
            .Gather(new GatherOptions { Input = "dtmf", NumDigits = 1, Timeout = 6, Action = action,
                    ActionOnEmptyResult = true },
                g => g.Say(prompts.Text(attempt == 0 ? "ScreenCaller" : "ScreenCallerAgain", digit),
                    prompts.SayLanguage, prompts.Voice))
            .Redirect(action);
    }

    // Failed twice: the voicemail (someone is told of a message), never a volunteer's phone.
    public VoiceResponse ScreenFailed(CallerOnLine caller, Helpline helpline, Prompts prompts)
    {
        metrics.FallbackTaken("screened-out");
        log.Path(caller.CallSid, "screen:failed", prompts.Code, Now);
        return Voicemail(new VoiceResponse(), caller, CallIds.ForCall(caller.CallSid), helpline, prompts);
    }

    // 1 a woman, 2 a man, 3 or nothing: anyone. Silence is no preference, never a wait.
    VoiceResponse AskGender(VoiceResponse response, CallerOnLine caller, Helpline helpline, Prompts prompts,
        string step)
    {
        var action = urls.For("/voice/route/gender", ("lang", prompts.Code), ("step", step),
            ("body", BodyParam(helpline, caller.To)));
        return response
            .Gather(new GatherOptions { Input = "dtmf", NumDigits = 1, Timeout = 5, Action = action,
                    ActionOnEmptyResult = true },
                g => g.Say(prompts.Text("GenderChoice"), prompts.SayLanguage, prompts.Voice))
            .Redirect(action);
    }

    // The body of a routed call in its URLs; nothing when it is the dialled helpline itself.
    string? BodyParam(Helpline helpline, string? to) => directory.Current.HelplineFor(to)?.Id == helpline.Id ? null
        : helpline.Id.ToString(CultureInfo.InvariantCulture);

    // The Dial of a stage ended: done if someone accepted, else the next volunteer or the next stage.
    public async Task<VoiceResponse> DialEndedAsync(CallerOnLine caller, long callId, RouteStage stage,
        Instant searchStarted,
        string? dialStatus, int? duration, Helpline helpline, Prompts prompts, GenderPreference gender,
        CancellationToken ct)
    {
        var now = Now;
        var (accepted, volunteer) = await legs.AcceptedAsync(callId, ct);
        legs.DialEnded(callId, dialStatus, now);
        if (accepted)
        {
            var outcome = stage is RouteStage.Volunteers or RouteStage.Region ? "answered" : "answered-by-fallback";
            log.Finished(callId, outcome, volunteer, duration ?? 0, now);
            return new VoiceResponse().Hangup();
        }
        var notice = new VoiceResponse().Say(prompts.Text("StillTrying"), prompts.SayLanguage, prompts.Voice);
        return await NextAsync(notice, caller, callId, FallbackChain.After(stage), searchStarted, helpline, prompts,
            gender, ct);
    }

    async Task<VoiceResponse> NextAsync(VoiceResponse response, CallerOnLine caller, long callId, RouteStage from,
        Instant searchStarted, Helpline helpline, Prompts prompts, GenderPreference gender, CancellationToken ct)
    {
        var now = Now;
        var secondsLeft = helpline.MaxWaitSeconds - (int)(now - searchStarted).TotalSeconds;
        var ownFallback = helpline.FallbackNumber is { } own && own != answers.GlobalFallbackNumber;
        // A routed call's regional body, when it has volunteers on duty: the backstop before the global number.
        var region = directory.Current.HelplineFor(caller.To) is { } dialled && dialled.Id != helpline.Id
            && directory.Current.Roster(dialled.Id)?.OnDutyAt(now).Count > 0 ? dialled : null;
        foreach (var stage in FallbackChain.From(from, secondsLeft, ownFallback, legs.HasLeg(callId,
            LegKind.GlobalFallback), region is not null))
        {
            switch (stage)
            {
                case RouteStage.Volunteers:
                    var picked = await PickAsync(caller, callId, helpline, prompts, searchStarted, now, gender, ct);
                    if (picked.Count > 0)
                        return Dial(response, caller, callId, stage, searchStarted, picked,
                            Math.Min(helpline.RingSeconds, secondsLeft),
                            helpline, prompts, gender);
                    break;
                case RouteStage.Fallback:
                    metrics.FallbackTaken(FallbackChain.Name(stage));
                    var fallback = legs.Add(callId, null, LegKind.Fallback, legs.NextRound(callId), now);
                    return Dial(response, caller, callId, stage, searchStarted, [(fallback, helpline.FallbackNumber!)],
                        30, helpline, prompts, gender);
                case RouteStage.Region:
                    var backstop = await PickAsync(caller, callId, region!, prompts, searchStarted, now, gender, ct,
                        RoutingStrategy.Simultaneous);
                    if (backstop.Count > 0)
                    {
                        metrics.FallbackTaken(FallbackChain.Name(stage));
                        return Dial(response, caller, callId, stage, searchStarted, backstop, region!.RingSeconds,
                            helpline, prompts, gender);
                    }
                    break;
                case RouteStage.Global:
                    metrics.FallbackTaken(FallbackChain.Name(stage));
                    var global = legs.Add(callId, null, LegKind.GlobalFallback, legs.NextRound(callId), now);
                    return Dial(response, caller, callId, stage, searchStarted, [(global,
                        answers.GlobalFallbackNumber)], 30,
                        helpline, prompts, gender);
            }
        }
        metrics.FallbackTaken(FallbackChain.Name(RouteStage.Voicemail));
        return Voicemail(response, caller, callId, helpline, prompts);
    }

    async Task<IReadOnlyList<(long LegId, string Phone)>> PickAsync(CallerOnLine caller, long callId, Helpline helpline,
        Prompts prompts, Instant searchStarted, Instant now, GenderPreference gender, CancellationToken ct,
        RoutingStrategy? strategy = null)
    {
        var state = directory.Current;
        var roster = state.Roster(helpline.Id);
        if (roster is null) return [];
        var onDuty = roster.OnDutyAt(now).Select(d => new OnDutyCandidate(d.VolunteerId,
            roster.Volunteers[d.VolunteerId].Languages, d.Backup, state.Volunteer(d.VolunteerId)?.Gender))
            .ToList();
        if (onDuty.Count == 0) return [];
        var picked = await legs.PickAsync(callId, caller.CallSid, helpline.Id, E164.Mask(caller.From), prompts.Code,
            searchStarted, now, facts => LegPick.Plan(onDuty, strategy ?? helpline.RoutingStrategy, prompts.Code, facts,
                Random.Shared, gender), ct);
        return picked.Select(p => (p.LegId, roster.Volunteers[p.VolunteerId].Phone)).ToList();
    }

    VoiceResponse Dial(VoiceResponse response, CallerOnLine caller, long callId, RouteStage stage,
        Instant searchStarted,
        IReadOnlyList<(long LegId, string Phone)> legsToRing, int ringSeconds, Helpline helpline, Prompts prompts,
        GenderPreference gender) =>
        response.Dial(new DialOptions
        {
            // Volunteers see the helpline number, never the caller's, and the caller never learns theirs.
            CallerId = E164.IsValid(caller.To) ? caller.To : null,
            Timeout = ringSeconds,
            TimeLimit = 4 * 60 * 60,
            Action = urls.For("/voice/route/next", ("call", callId.ToString(CultureInfo.InvariantCulture)),
                ("stage", FallbackChain.Name(stage)), ("lang", prompts.Code),
                ("since", searchStarted.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
                ("body", BodyParam(helpline, caller.To)),
                ("prefer", gender == GenderPreference.None ? null : CallContext.Word(gender))),
        }, dial =>
        {
            foreach (var (legId, phone) in legsToRing) answers.Screened(dial, phone, legId, callId, helpline.Id,
                prompts.Code);
        });

    VoiceResponse Voicemail(VoiceResponse response, CallerOnLine caller, long callId, Helpline helpline,
        Prompts prompts) =>
        response
            .Say(prompts.Text("VoicemailPrompt"), prompts.SayLanguage, prompts.Voice)
            .Record(new RecordOptions
            {
                Action = urls.For("/voice/route/voicemail", ("call", callId.ToString(CultureInfo.InvariantCulture)),
                    ("lang", prompts.Code), ("body", BodyParam(helpline, caller.To))),
                MaxLength = 120,
                Timeout = 10,
                FinishOnKey = "#",
                PlayBeep = true,
            })
            .Say(prompts.Text("VoicemailNone", EmergencyNumbers.For(caller.To)), prompts.SayLanguage, prompts.Voice)
            .Hangup();
}
