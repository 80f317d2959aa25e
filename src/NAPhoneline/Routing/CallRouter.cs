using System.Globalization;
using Microsoft.Extensions.Options;
using NAPhoneline.Helplines;
using NAPhoneline.Hosting;
using NAPhoneline.Ivr;
using NAPhoneline.Shared;
using NAPhoneline.Telephony.Twiml;
using NodaTime;

namespace NAPhoneline.Routing;

// "Talk to a member now": ring the on-duty volunteers one after another (or all at once), each leg screened so
// only a person pressing 1 takes the call, for at most routing.maxWaitSeconds; then the helpline's fallback number,
// then Phoneline:FallbackNumber, then a voicemail that someone is told about. The caller always hears what happens.
public sealed class CallRouter(CallStore calls, PublicUrls urls, IOptionsMonitor<PhonelineOptions> options, TimeProvider time)
{
    public const string Volunteers = "volunteers", Fallback = "fallback", Global = "global";

    Instant Now => Instant.FromDateTimeOffset(time.GetUtcNow());

    public async Task<VoiceResponse> StartAsync(string callSid, string? caller, Helpline helpline, string? calledNumber, Prompts prompts, string step,
        CancellationToken ct, VoiceResponse? preface = null)
    {
        var (callId, started) = await calls.StartSearchAsync(callSid, helpline.Id, E164.Mask(caller), prompts.Code, step, Now, ct);
        var hold = (preface ?? new VoiceResponse()).Say(prompts.Text("ConnectingToMember"), prompts.SayLanguage, prompts.Voice);
        return await NextAsync(hold, callId, Volunteers, helpline, calledNumber, prompts, ct, started);
    }

    // The Dial of a stage ended: done if someone accepted, else the next volunteer or the next stage.
    public async Task<VoiceResponse> DialEndedAsync(long callId, string stage, string? dialStatus, int? duration, Helpline helpline, string? calledNumber, Prompts prompts, CancellationToken ct)
    {
        var outcome = await calls.DialEndedAsync(callId, dialStatus, duration, Now, ct);
        if (outcome.Accepted)
        {
            await calls.FinishAsync(callId, stage == Volunteers ? "answered" : "answered-by-fallback", outcome.VolunteerId, outcome.TalkSeconds, Now, ct);
            return new VoiceResponse().Hangup();
        }
        var notice = new VoiceResponse().Say(prompts.Text("StillTrying"), prompts.SayLanguage, prompts.Voice);
        var next = stage switch { Volunteers => Volunteers, Fallback => Global, _ => "voicemail" };
        return await NextAsync(notice, callId, next, helpline, calledNumber, prompts, ct);
    }

    async Task<VoiceResponse> NextAsync(VoiceResponse response, long callId, string stage, Helpline helpline, string? calledNumber, Prompts prompts,
        CancellationToken ct, Instant? searchStarted = null)
    {
        if (stage == Volunteers)
        {
            var started = searchStarted ?? await calls.SearchStartedAsync(callId, ct) ?? Now;
            var remaining = helpline.MaxWaitSeconds - (int)(Now - started).TotalSeconds;
            // A ring shorter than 5 s reaches nobody: the fallback chain takes over instead.
            if (remaining >= 5)
            {
                var legs = await calls.PickAsync(callId, helpline.Id, helpline.RoutingStrategy, prompts.Code, Now, Random.Shared, ct);
                if (legs.Count > 0)
                    return Dial(response, callId, Volunteers, legs.Select(l => (l.Id, l.Volunteer.Phone)).ToList(), Math.Min(helpline.RingSeconds, remaining), calledNumber, prompts);
            }
            stage = Fallback;
        }
        if (stage == Fallback)
        {
            if (helpline.FallbackNumber is { } number && number != options.CurrentValue.FallbackNumber)
                return Dial(response, callId, Fallback, [(await calls.AddFallbackLegAsync(callId, "fallback", Now, ct), number)], 30, calledNumber, prompts);
            stage = Global;
        }
        if (stage == Global && !await calls.HasLegOfKindAsync(callId, "global-fallback", ct))
        {
            var leg = await calls.AddFallbackLegAsync(callId, "global-fallback", Now, ct);
            return Dial(response, callId, Global, [(leg, options.CurrentValue.FallbackNumber)], 30, calledNumber, prompts);
        }
        return Voicemail(response, callId, calledNumber, prompts);
    }

    VoiceResponse Dial(VoiceResponse response, long callId, string stage, IReadOnlyList<(long LegId, string Phone)> legs, int ringSeconds, string? calledNumber, Prompts prompts)
    {
        var id = callId.ToString(CultureInfo.InvariantCulture);
        return response.Dial(new DialOptions
        {
            // Volunteers see the helpline number, never the caller's, and the caller never learns theirs.
            CallerId = E164.IsValid(calledNumber) ? calledNumber : null,
            Timeout = ringSeconds,
            TimeLimit = 4 * 60 * 60,
            Action = urls.For("/voice/route/next", ("call", id), ("stage", stage), ("lang", prompts.Code)),
        }, dial =>
        {
            foreach (var (legId, phone) in legs)
            {
                var leg = legId.ToString(CultureInfo.InvariantCulture);
                dial.Number(phone, new NumberOptions
                {
                    Url = urls.For("/voice/route/screen", ("leg", leg)),
                    StatusCallback = urls.For("/voice/route/leg-status", ("leg", leg)),
                    StatusCallbackEvent = "completed",
                });
            }
        });
    }

    VoiceResponse Voicemail(VoiceResponse response, long callId, string? calledNumber, Prompts prompts) =>
        response
            .Say(prompts.Text("VoicemailPrompt"), prompts.SayLanguage, prompts.Voice)
            .Record(new RecordOptions
            {
                Action = urls.For("/voice/route/voicemail", ("call", callId.ToString(CultureInfo.InvariantCulture)), ("lang", prompts.Code)),
                MaxLength = 120,
                Timeout = 10,
                FinishOnKey = "#",
                PlayBeep = true,
            })
            .Say(prompts.Text("VoicemailNone", EmergencyNumbers.For(calledNumber)), prompts.SayLanguage, prompts.Voice)
            .Hangup();
}
