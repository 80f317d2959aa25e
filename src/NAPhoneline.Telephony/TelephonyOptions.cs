namespace NAPhoneline.Telephony;

/// <summary>Settings of the <c>Telephony</c> configuration section.</summary>
public sealed class TelephonyOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Telephony";

    /// <summary>Twilio account SID, used in REST paths and as the Basic-auth user.</summary>
    public string? AccountSid { get; set; }

    /// <summary>Primary auth token: signs REST calls and validates webhook signatures.</summary>
    public string? AuthToken { get; set; }

    /// <summary>
    /// The public URL Twilio calls, e.g. <c>https://phoneline.example.org</c>; signatures are checked against it.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Twilio REST base URL.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary><c>false</c> only for local development.</summary>
    public bool ValidateSignatures { get; set; } = true;
}
