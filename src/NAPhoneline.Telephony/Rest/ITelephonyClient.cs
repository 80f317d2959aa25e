namespace NAPhoneline.Telephony.Rest;

/// <summary>
/// Twilio's REST API as far as the service needs it. The one seam that tests replace with a fake server.
/// </summary>
public interface ITelephonyClient
{
    /// <summary>Sends an SMS (<c>POST /2010-04-01/Accounts/{sid}/Messages.json</c>).</summary>
    Task<MessageResource> SendSmsAsync(SmsMessage message, CancellationToken ct = default);

    /// <summary>
    /// Places a call (<c>POST .../Calls.json</c>) that runs the TwiML at <c>Url</c> or the given <c>Twiml</c>.
    /// </summary>
    Task<CallResource> CreateCallAsync(OutboundCall call, CancellationToken ct = default);

    /// <summary>Redirects or ends a live call (<c>POST .../Calls/{callSid}.json</c>).</summary>
    Task<CallResource> UpdateCallAsync(string callSid, CallUpdate update, CancellationToken ct = default);

    /// <summary>
    /// Fetches a recording of this account as MP3 (<c>GET .../Recordings/{RecordingSid}.mp3</c>), streamed. Only a
    /// URL whose path names a recording of the configured account is fetched, and always from
    /// <c>Telephony:ApiBaseUrl</c>, whatever host the URL names. Null when the URL is not such a recording or Twilio
    /// has no such recording (any more).
    /// </summary>
    Task<TwilioMedia?> GetMediaAsync(string url, CancellationToken ct = default);
}
