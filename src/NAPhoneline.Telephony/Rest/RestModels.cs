using System.Text.Json.Serialization;

namespace NAPhoneline.Telephony.Rest;

#pragma warning disable CS1591 // the properties carry Twilio's documented parameter names

/// <summary>An SMS to send.</summary>
public sealed record SmsMessage(string To, string From, string Body)
{
    public string? StatusCallback { get; init; }
}

/// <summary>
/// A call to place; exactly one of <see cref="Url"/> and <see cref="Twiml"/> (at most 4,000 characters).
/// </summary>
public sealed record OutboundCall(string To, string From)
{
    public string? Url { get; init; }
    public string? Twiml { get; init; }
    public string? StatusCallback { get; init; }
    public IReadOnlyList<string>? StatusCallbackEvents { get; init; }
    public int? Timeout { get; init; }
    public int? TimeLimit { get; init; }
    public string? CallerId { get; init; }
    public string? MachineDetection { get; init; }
}

/// <summary>
/// A change to a live call: a new TwiML <see cref="Url"/> or <see cref="Twiml"/>, or a <see cref="Status"/> to end it.
/// </summary>
public sealed record CallUpdate
{
    public string? Url { get; init; }
    public string? Method { get; init; }
    public string? Twiml { get; init; }
    public string? Status { get; init; }
}

/// <summary>The message Twilio accepted (queued, not yet delivered).</summary>
public sealed record MessageResource
{
    [JsonPropertyName("sid")] public string? Sid { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("to")] public string? To { get; init; }
    [JsonPropertyName("from")] public string? From { get; init; }
    [JsonPropertyName("num_segments")] public string? NumSegments { get; init; }
    [JsonPropertyName("error_code")] public int? ErrorCode { get; init; }
}

/// <summary>The call Twilio accepted or updated.</summary>
public sealed record CallResource
{
    [JsonPropertyName("sid")] public string? Sid { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("to")] public string? To { get; init; }
    [JsonPropertyName("from")] public string? From { get; init; }
    [JsonPropertyName("parent_call_sid")] public string? ParentCallSid { get; init; }
    [JsonPropertyName("direction")] public string? Direction { get; init; }
}

/// <summary>
/// Twilio answered with an error (<see cref="Status"/> 4xx/5xx and Twilio's <see cref="Code"/>), or could not be
/// reached at all (<see cref="Status"/> 0).
/// </summary>
public sealed class TwilioApiException(
    string message, int status, int? code = null, string? moreInfo = null, Exception? inner = null)
    : Exception(message, inner)
{
    public int Status { get; } = status;
    public int? Code { get; } = code;
    public string? MoreInfo { get; } = moreInfo;

    /// <summary>
    /// 429 and transport failures before any answer are safe to retry; a 5xx may already have been acted on.
    /// </summary>
    public bool IsSafeToRetry => Status is 0 or 429;
}

/// <summary>
/// A media file Twilio is sending, read as it arrives. Dispose it once <see cref="Content"/> has been copied: that
/// frees the connection.
/// </summary>
public sealed class TwilioMedia(HttpResponseMessage response, Stream content) : IDisposable, IAsyncDisposable
{
    public Stream Content { get; } = content;
    public string ContentType { get; } = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
    public long? Length { get; } = response.Content.Headers.ContentLength;

    public void Dispose()
    {
        Content.Dispose();
        response.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        response.Dispose();
    }
}
