using Microsoft.AspNetCore.Http;

namespace NAPhoneline.Telephony.Webhooks;

#pragma warning disable CS1591 // the properties carry Twilio's documented parameter names

/// <summary>A voice webhook: an incoming call, a Gather or Record result, or a Dial action.</summary>
public sealed record VoiceRequest
{
    public string? AccountSid { get; init; }
    public string? CallSid { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public string? Caller { get; init; }
    public string? Called { get; init; }
    public string? CallStatus { get; init; }
    public string? Direction { get; init; }
    public string? ParentCallSid { get; init; }
    public string? ForwardedFrom { get; init; }
    public string? CallerName { get; init; }
    public string? FromCity { get; init; }
    public string? FromState { get; init; }
    public string? FromZip { get; init; }
    public string? FromCountry { get; init; }
    public string? ToCity { get; init; }
    public string? ToState { get; init; }
    public string? ToZip { get; init; }
    public string? ToCountry { get; init; }
    public string? Digits { get; init; }
    public string? FinishedOnKey { get; init; }
    public string? SpeechResult { get; init; }
    public double? Confidence { get; init; }
    public string? RecordingUrl { get; init; }
    public string? RecordingSid { get; init; }
    public int? RecordingDuration { get; init; }
    public string? DialCallStatus { get; init; }
    public string? DialCallSid { get; init; }
    public int? DialCallDuration { get; init; }
    public string? DialBridged { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorUrl { get; init; }

    /// <summary>Minimal-API binding from the form (POST) or query (GET).</summary>
    public static async ValueTask<VoiceRequest?> BindAsync(HttpContext context)
    {
        var f = await WebhookFields.ReadAsync(context);
        return new VoiceRequest
        {
            AccountSid = f["AccountSid"], CallSid = f["CallSid"], From = f["From"], To = f["To"],
            Caller = f["Caller"], Called = f["Called"], CallStatus = f["CallStatus"], Direction = f["Direction"],
            ParentCallSid = f["ParentCallSid"], ForwardedFrom = f["ForwardedFrom"],
            CallerName = f["CallerName"], FromCity = f["FromCity"], FromState = f["FromState"], FromZip = f["FromZip"],
            FromCountry = f["FromCountry"], ToCity = f["ToCity"], ToState = f["ToState"], ToZip = f["ToZip"],
            ToCountry = f["ToCountry"], Digits = f["Digits"], FinishedOnKey = f["FinishedOnKey"],
            SpeechResult = f["SpeechResult"], Confidence = f.Double("Confidence"),
            RecordingUrl = f["RecordingUrl"], RecordingSid = f["RecordingSid"],
            RecordingDuration = f.Int("RecordingDuration"),
            DialCallStatus = f["DialCallStatus"], DialCallSid = f["DialCallSid"],
            DialCallDuration = f.Int("DialCallDuration"),
            DialBridged = f["DialBridged"], ErrorCode = f["ErrorCode"], ErrorUrl = f["ErrorUrl"],
        };
    }
}

/// <summary>
/// A call status callback (<c>initiated</c>, <c>ringing</c>, <c>answered</c>, <c>completed</c>, ...).
/// </summary>
public sealed record CallStatusCallback
{
    public string? CallSid { get; init; }
    public string? ParentCallSid { get; init; }
    public string? CallStatus { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public string? Direction { get; init; }
    public int? CallDuration { get; init; }
    public int? SequenceNumber { get; init; }
    public string? Timestamp { get; init; }
    public string? AnsweredBy { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }

    /// <summary>Minimal-API binding from the form (POST) or query (GET).</summary>
    public static async ValueTask<CallStatusCallback?> BindAsync(HttpContext context)
    {
        var f = await WebhookFields.ReadAsync(context);
        return new CallStatusCallback
        {
            CallSid = f["CallSid"], ParentCallSid = f["ParentCallSid"], CallStatus = f["CallStatus"],
            From = f["From"], To = f["To"],
            Direction = f["Direction"], CallDuration = f.Int("CallDuration"), SequenceNumber = f.Int("SequenceNumber"),
            Timestamp = f["Timestamp"], AnsweredBy = f["AnsweredBy"], ErrorCode = f["ErrorCode"],
            ErrorMessage = f["ErrorMessage"],
        };
    }
}

/// <summary>An incoming SMS or MMS.</summary>
public sealed record SmsRequest
{
    public string? MessageSid { get; init; }
    public string? AccountSid { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public string? Body { get; init; }
    public int NumMedia { get; init; }
    public int NumSegments { get; init; }
    public string? MessagingServiceSid { get; init; }
    public string? OptOutType { get; init; }
    public string? FromCity { get; init; }
    public string? FromState { get; init; }
    public string? FromZip { get; init; }
    public string? FromCountry { get; init; }

    /// <summary>Minimal-API binding from the form (POST) or query (GET).</summary>
    public static async ValueTask<SmsRequest?> BindAsync(HttpContext context)
    {
        var f = await WebhookFields.ReadAsync(context);
        return new SmsRequest
        {
            MessageSid = f["MessageSid"], AccountSid = f["AccountSid"], From = f["From"], To = f["To"],
            Body = f["Body"], NumMedia = f.Int("NumMedia") ?? 0, NumSegments = f.Int("NumSegments") ?? 0,
            MessagingServiceSid = f["MessagingServiceSid"], OptOutType = f["OptOutType"], FromCity = f["FromCity"],
            FromState = f["FromState"], FromZip = f["FromZip"], FromCountry = f["FromCountry"],
        };
    }
}

/// <summary>A message status callback.</summary>
public sealed record SmsStatusCallback
{
    public string? MessageSid { get; init; }
    public string? MessageStatus { get; init; }
    public string? To { get; init; }
    public string? From { get; init; }
    public string? ErrorCode { get; init; }
    public string? ErrorMessage { get; init; }

    /// <summary>Minimal-API binding from the form (POST) or query (GET).</summary>
    public static async ValueTask<SmsStatusCallback?> BindAsync(HttpContext context)
    {
        var f = await WebhookFields.ReadAsync(context);
        return new SmsStatusCallback
        {
            MessageSid = f["MessageSid"], MessageStatus = f["MessageStatus"], To = f["To"], From = f["From"],
            ErrorCode = f["ErrorCode"], ErrorMessage = f["ErrorMessage"],
        };
    }
}
