using System.Globalization;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Calls;
using NAPhoneline.Shared.Requests;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;
using NAPhoneline.Telephony.Twiml;
using NAPhoneline.Telephony.Webhooks;
using NodaTime;

namespace NAPhoneline.Requests;

// Menu options 3 (Twelfth Step call), 4 (H&I chair) and 5 (PI chair, professionals). A chair who accepts calls is
// rung live on a screened leg; otherwise, or when nobody presses 1, the caller confirms a callback number (their
// own by default), records a short message, and the request climbs the escalation ladder. Every document ends in a
// verb that moves the call on: a caller is never left in silence, and garbage twice leads to a person.
public sealed class RequestVoice(
    RequestDrafts drafts, IRequestIntake intake, HelplineDirectory directory, CallLog log, LegStore legs,
    IPersonConnector people, VoiceAnswers answers, PublicUrls urls, TimeProvider time)
{
    public const int Attempts = 2;

    Instant Now => Instant.FromDateTimeOffset(time.GetUtcNow());

    static string RoleFor(string type) => type == RequestTypes.TwelfthStep ? "helpline" : type;

    // `preface`: what the caller hears first (a regional number says which helpline it connects to).
    public Task<VoiceResponse> StartAsync(CallerOnLine call, Helpline helpline, string type, Prompts prompts,
        CancellationToken ct, VoiceResponse? preface = null)
    {
        var now = Now;
        log.Path(call.CallSid, "request:" + type, prompts.Code, now);
        var response = preface ?? new VoiceResponse();
        var body = Body(helpline.Id, call.To);
        if (type == RequestTypes.TwelfthStep)
        {
            response.Say(prompts.Text("ReqTwelfthStepIntro"), prompts.SayLanguage, prompts.Voice);
            // CONTRACT 14: the one who comes should be the man or woman the caller asks for.
            if (helpline.GenderChoice)
            {
                var action = urls.For("/voice/requests/gender", ("lang", prompts.Code), ("body", body));
                return Task.FromResult(response
                    .Gather(new GatherOptions { Input = "dtmf", NumDigits = 1, Timeout = 5, Action = action,
                            ActionOnEmptyResult = true },
                        g => g.Say(prompts.Text("GenderChoice"), prompts.SayLanguage, prompts.Voice))
                    .Redirect(action));
            }
            return Task.FromResult(AskForNumber(response, call, helpline.Id, type, prompts));
        }

        var role = RequestTexts.RoleName(prompts, type);
        if (directory.Current.Contact(helpline.Id, type) is { AcceptsCalls: true } chair)
        {
            log.SearchStarted(call.CallSid, helpline.Id, E164.Mask(call.From), prompts.Code, "chair:" + type, now);
            var callId = CallIds.ForCall(call.CallSid);
            var leg = legs.Add(callId, null, LegKind.Contact, legs.NextRound(callId), now);
            return Task.FromResult(response
                .Say(prompts.Text("ReqConnectingChair", role), prompts.SayLanguage, prompts.Voice)
                .Dial(new DialOptions
                {
                    // The chair sees the helpline number; the caller never learns the chair's.
                    CallerId = E164.IsValid(call.To) ? call.To : null,
                    Timeout = 25,
                    TimeLimit = 2 * 60 * 60,
                    Action = urls.For("/voice/requests/chair-ended",
                        ("call", callId.ToString(CultureInfo.InvariantCulture)), ("type", type),
                        ("lang", prompts.Code), ("body", body)),
                }, d => answers.Screened(d, chair.Phone, leg, callId, helpline.Id, prompts.Code)));
        }
        response.Say(prompts.Text("ReqChairUnavailable", role), prompts.SayLanguage, prompts.Voice);
        return Task.FromResult(AskForNumber(response, call, helpline.Id, type, prompts));
    }

    // The answer to "a woman, a man or anyone" before a Twelfth Step request: kept on its draft and its row.
    public VoiceResponse TwelfthStepGender(CallerOnLine call, Helpline helpline, GenderPreference gender,
        Prompts prompts)
    {
        log.Path(call.CallSid, "gender:" + CallContext.Word(gender), prompts.Code, Now);
        return AskForNumber(new VoiceResponse(), call, helpline.Id, RequestTypes.TwelfthStep, prompts,
            gender == GenderPreference.None ? null : CallContext.Word(gender));
    }

    // The chair's leg ended: done if they pressed 1 (our own record, not DialCallStatus: a voicemail answers too).
    public async Task<VoiceResponse> ChairEndedAsync(
        VoiceRequest call, long callId, Helpline helpline, string type, Prompts prompts,
        CancellationToken ct)
    {
        var now = Now;
        var (accepted, _) = await legs.AcceptedAsync(callId, ct);
        legs.DialEnded(callId, call.DialCallStatus, now);
        if (accepted)
        {
            log.Finished(callId, "answered-by-contact", null, call.DialCallDuration ?? 0, now);
            return new VoiceResponse().Hangup();
        }
        var response = new VoiceResponse().Say(
            prompts.Text("ReqChairUnavailable", RequestTexts.RoleName(prompts, type)), prompts.SayLanguage,
            prompts.Voice);
        return AskForNumber(response, new CallerOnLine(call.CallSid!, call.From, call.To), helpline.Id, type, prompts);
    }

    // The calling number when there is one (confirmed by a key), else the keypad.
    VoiceResponse AskForNumber(VoiceResponse response, CallerOnLine call, long serviceBodyId, string type,
        Prompts prompts, string? gender = null)
    {
        var own = E164.IsCallable(call.From) ? call.From : null;
        drafts.Start(call.CallSid, type, serviceBodyId, own, prompts.Code, gender);
        var body = Body(serviceBodyId, call.To);
        return own is null ? EnterNumber(response, type, prompts, 0, body)
            : ConfirmNumber(response, type, prompts, own, 0, body);
    }

    // A routed call's body rides in each URL ("body"), so any instance carries on for the area that took it.
    string? Body(long serviceBodyId, string? to) => directory.Current.HelplineFor(to)?.Id == serviceBodyId ? null
        : serviceBodyId.ToString(CultureInfo.InvariantCulture);

    public VoiceResponse ConfirmNumber(VoiceResponse response, string type, Prompts prompts, string number, int attempt,
        string? body) =>
        Ask(response, type, prompts, "confirm", attempt, prompts.Text("ReqConfirmNumber", Spoken(number[^4..])),
            finishOnKey: null, body);

    public VoiceResponse EnterNumber(VoiceResponse response, string type, Prompts prompts, int attempt,
        string? body) =>
        Ask(response, type, prompts, "enter", attempt, prompts.Text("ReqEnterNumber"), finishOnKey: "#", body);

    VoiceResponse ReadBack(VoiceResponse response, string type, Prompts prompts, string digits, int attempt,
        string? body) =>
        Ask(response, type, prompts, "check", attempt, prompts.Text("ReqNumberReadback", Spoken(digits)),
            finishOnKey: null, body);

    VoiceResponse Ask(VoiceResponse response, string type, Prompts prompts, string step, int attempt, string text,
        string? finishOnKey, string? body)
    {
        var action = urls.For("/voice/requests/number", ("type", type), ("lang", prompts.Code), ("step", step),
            ("attempt", attempt.ToString(CultureInfo.InvariantCulture)), ("body", body));
        return response
            .Gather(new GatherOptions
            {
                Input = "dtmf",
                NumDigits = finishOnKey is null ? 1 : 15,
                FinishOnKey = finishOnKey,
                Timeout = finishOnKey is null ? 6 : 10,
                Action = action,
                ActionOnEmptyResult = true,
            }, g => g.Say(text, prompts.SayLanguage, prompts.Voice))
            .Redirect(action);
    }

    // One answer to a number question. Nothing understood twice: a person, never a hang-up.
    public async Task<VoiceResponse> NumberAnswerAsync(
        VoiceRequest call, Helpline helpline, string type, string step, int attempt, Prompts prompts,
        CancellationToken ct)
    {
        var caller = new CallerOnLine(call.CallSid!, call.From, call.To);
        var draft = drafts.Find(call.CallSid!);
        var body = Body(helpline.Id, call.To);
        if (draft is null) return AskForNumber(new VoiceResponse(), caller, helpline.Id, type, prompts);
        var digits = new string((call.Digits ?? "").Where(char.IsAsciiDigit).ToArray());
        var key = (call.Digits ?? "").Trim();
        switch (step)
        {
            case "confirm" when draft.CallbackNumber is { } number:
                // Silence after hearing their own number read back, twice, is taken as yes: it is the number they
                // called from.
                if (key == "1" || (key.Length == 0 && attempt + 1 >= Attempts))
                    return Record(call.CallSid!, type, prompts, body);
                if (key == "2") return EnterNumber(new VoiceResponse(), type, prompts, 0, body);
                if (attempt + 1 >= Attempts) return Record(call.CallSid!, type, prompts, body);
                return ConfirmNumber(NotUnderstood(prompts, key), type, prompts, number, attempt + 1, body);
            case "check" when draft.CallbackNumber is not null:
                if (key is "1" or "") return Record(call.CallSid!, type, prompts, body);
                return attempt + 1 >= Attempts ? await ToAPersonAsync(caller, helpline, prompts, ct)
                    : EnterNumber(new VoiceResponse(), type, prompts, attempt + 1, body);
            default:
                var entered = digits.Length is >= 7 and <= 15
                    ? E164.Normalize(digits, E164.Region(call.To) ?? "US")
                    : null;
                if (entered is not null)
                {
                    drafts.SetNumber(call.CallSid!, entered);
                    return ReadBack(new VoiceResponse(), type, prompts, digits, attempt, body);
                }
                if (attempt + 1 >= Attempts) return await ToAPersonAsync(caller, helpline, prompts, ct);
                var sorry = new VoiceResponse()
                    .Say(prompts.Text("ReqNumberInvalid"), prompts.SayLanguage, prompts.Voice);
                return EnterNumber(sorry, type, prompts, attempt + 1, body);
        }
    }

    static VoiceResponse NotUnderstood(Prompts prompts, string key) =>
        new VoiceResponse()
            .Say(prompts.Text(key.Length == 0 ? "NoInput" : "NotAnOption"), prompts.SayLanguage, prompts.Voice);

    async Task<VoiceResponse> ToAPersonAsync(
        CallerOnLine call, Helpline helpline, Prompts prompts, CancellationToken ct)
    {
        var sorry = new VoiceResponse().Say(prompts.Text("ReqNumberGiveUp"), prompts.SayLanguage, prompts.Voice);
        return await people.ConnectAsync(call, helpline, prompts, "request:no-number", ct, sorry,
            new CallContext { Routed = true });
    }

    VoiceResponse Record(string callSid, string type, Prompts prompts, string? body)
    {
        drafts.Confirm(callSid);
        var action = urls.For("/voice/requests/recorded", ("type", type), ("lang", prompts.Code), ("body", body));
        return new VoiceResponse()
            .Say(prompts.Text(type switch
            {
                RequestTypes.TwelfthStep => "ReqRecordTwelfthStep",
                RequestTypes.PublicInformation => "ReqRecordProfessional",
                _ => "ReqRecordMessage",
            }), prompts.SayLanguage, prompts.Voice)
            .Record(new RecordOptions
            {
                Action = action,
                MaxLength = type == RequestTypes.TwelfthStep ? 30 : 120,
                Timeout = 5,
                FinishOnKey = "#",
                PlayBeep = true,
            })
            // Nothing recorded: the request is still made, the number is what matters.
            .Redirect(action);
    }

    // The recording (or its absence) arrived: the draft becomes the request, and the caller hears what happens next,
    // once the request is safe (in PostgreSQL or the journal). Without a draft here, the type in the URL and the
    // calling number.
    public async Task<VoiceResponse> RecordedAsync(
        VoiceRequest call, Helpline helpline, string? type, Prompts prompts, CancellationToken ct)
    {
        var recording = call.RecordingDuration is > 0 && Uri.TryCreate(call.RecordingUrl, UriKind.Absolute, out _)
            ? call.RecordingUrl
            : null;
        var draft = drafts.Take(call.CallSid!, confirmedOnly: false)
            ?? (type is null ? null : new RequestDraft(call.CallSid!, type, helpline.Id,
                E164.IsCallable(call.From) ? call.From : null, true,
                prompts.Code, Now));
        if (draft is not null) await LeaveAsync(draft, recording, call.To, ct);
        var number = draft?.CallbackNumber;
        var emergency = EmergencyNumbers.For(call.To);
        var thanks = number is null
            ? prompts.Text("ReqThanksNoNumber", emergency)
            : prompts.Text("ReqThanks", Spoken(number[^4..]), emergency);
        return new VoiceResponse().Say(thanks, prompts.SayLanguage, prompts.Voice).Hangup();
    }

    // The caller hung up after confirming a number but before the recording: their request still counts.
    public async Task CallEndedAsync(string callSid, CancellationToken ct)
    {
        if (drafts.Take(callSid, confirmedOnly: true) is { } draft) await LeaveAsync(draft, null, null, ct);
    }

    async Task LeaveAsync(RequestDraft draft, string? recordingUrl, string? helplineNumber, CancellationToken ct)
    {
        var now = Now;
        var callId = CallIds.ForCall(draft.CallSid);
        await intake.LeaveAsync(new NewRequest(draft.Type, draft.ServiceBodyId, RoleFor(draft.Type), draft.Language,
            draft.CallbackNumber,
            recordingUrl, callId, E164.IsValid(helplineNumber) ? helplineNumber : null,
            Origin: $"{draft.CallSid}:{draft.Type}", GenderPreference: draft.GenderPreference), now, ct);
        log.Finished(callId, "request:" + draft.Type, null, null, now);
    }

    // "0142" -> "0 1 4 2": text-to-speech reads digits one by one.
    static string Spoken(string digits) => string.Join(' ', digits.Where(char.IsAsciiDigit));
}
