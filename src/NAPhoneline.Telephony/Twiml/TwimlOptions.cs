namespace NAPhoneline.Telephony.Twiml;

#pragma warning disable CS1591 // attribute-for-attribute mirrors of Twilio's documented TwiML attributes

/// <summary>Attributes of <c>&lt;Gather&gt;</c>; null ones are left out and Twilio's defaults apply.</summary>
public sealed record GatherOptions
{
    public string? Input { get; init; }
    public string? Action { get; init; }
    public string? Method { get; init; }
    public int? Timeout { get; init; }
    public string? SpeechTimeout { get; init; }
    public int? MaxSpeechTime { get; init; }
    public bool? ProfanityFilter { get; init; }
    public string? FinishOnKey { get; init; }
    public int? NumDigits { get; init; }
    public string? PartialResultCallback { get; init; }
    public string? PartialResultCallbackMethod { get; init; }
    public string? Language { get; init; }
    public string? Hints { get; init; }
    public bool? BargeIn { get; init; }
    public bool? Debug { get; init; }
    public bool? ActionOnEmptyResult { get; init; }
    public string? SpeechModel { get; init; }
    public bool? Enhanced { get; init; }
}

/// <summary>Attributes of <c>&lt;Dial&gt;</c>.</summary>
public sealed record DialOptions
{
    public string? Action { get; init; }
    public string? Method { get; init; }
    public int? Timeout { get; init; }
    public bool? HangupOnStar { get; init; }
    public int? TimeLimit { get; init; }
    public string? CallerId { get; init; }
    public string? Record { get; init; }
    public string? Trim { get; init; }
    public string? RecordingStatusCallback { get; init; }
    public string? RecordingStatusCallbackMethod { get; init; }
    public string? RecordingStatusCallbackEvent { get; init; }
    public bool? AnswerOnBridge { get; init; }
    public string? RingTone { get; init; }
    public bool? Sequential { get; init; }
}

/// <summary>Attributes of <c>&lt;Number&gt;</c>.</summary>
public sealed record NumberOptions
{
    public string? SendDigits { get; init; }
    public string? Url { get; init; }
    public string? Method { get; init; }
    public string? StatusCallbackEvent { get; init; }
    public string? StatusCallback { get; init; }
    public string? StatusCallbackMethod { get; init; }
    public string? MachineDetection { get; init; }
    public int? MachineDetectionTimeout { get; init; }
}

/// <summary>Attributes of <c>&lt;Conference&gt;</c>.</summary>
public sealed record ConferenceOptions
{
    public bool? Muted { get; init; }
    public string? Beep { get; init; }
    public bool? StartConferenceOnEnter { get; init; }
    public bool? EndConferenceOnExit { get; init; }
    public string? WaitUrl { get; init; }
    public string? WaitMethod { get; init; }
    public int? MaxParticipants { get; init; }
    public string? Record { get; init; }
    public string? StatusCallbackEvent { get; init; }
    public string? StatusCallback { get; init; }
    public string? StatusCallbackMethod { get; init; }
}

/// <summary>Attributes of <c>&lt;Record&gt;</c>.</summary>
public sealed record RecordOptions
{
    public string? Action { get; init; }
    public string? Method { get; init; }
    public int? Timeout { get; init; }
    public string? FinishOnKey { get; init; }
    public int? MaxLength { get; init; }
    public bool? PlayBeep { get; init; }
    public string? Trim { get; init; }
    public string? RecordingStatusCallback { get; init; }
    public string? RecordingStatusCallbackMethod { get; init; }
    public string? RecordingStatusCallbackEvent { get; init; }
    public bool? Transcribe { get; init; }
    public string? TranscribeCallback { get; init; }
}

/// <summary>Attributes of <c>&lt;Message&gt;</c>.</summary>
public sealed record MessageOptions
{
    public string? To { get; init; }
    public string? From { get; init; }
    public string? Action { get; init; }
    public string? Method { get; init; }
    public string? StatusCallback { get; init; }
}
