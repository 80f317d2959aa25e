using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NAPhoneline.Telephony.Rest;
using NAPhoneline.Telephony.Webhooks;

namespace NAPhoneline.Telephony;

/// <summary>
/// Registers the telephony library: options from <c>Telephony</c>, the signature filter and the REST client.
/// </summary>
public static class TelephonySetup
{
    /// <summary>Adds the library; bad settings stop start-up with a message naming the key.</summary>
    public static IHostApplicationBuilder AddTelephony(this IHostApplicationBuilder builder)
    {
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<TelephonyOptions>()
            .BindConfiguration(TelephonyOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.AuthToken), "Telephony:AuthToken is required.")
            .Validate(
                o => development || IsHttpUrl(o.PublicBaseUrl),
                "Telephony:PublicBaseUrl is required: the absolute http(s) URL Twilio calls.")
            .Validate(
                o => string.IsNullOrWhiteSpace(o.PublicBaseUrl) || IsHttpUrl(o.PublicBaseUrl),
                "Telephony:PublicBaseUrl must be an absolute http(s) URL.")
            .Validate(
                o => development || o.ValidateSignatures,
                "Telephony:ValidateSignatures may be false only in Development.")
            .Validate(o => IsHttpUrl(o.ApiBaseUrl), "Telephony:ApiBaseUrl must be an absolute http(s) URL.")
            .ValidateOnStart();

        builder.Services.AddSingleton<ValidateTwilioSignatureFilter>();
        builder.Services
            .AddHttpClient<ITelephonyClient, TwilioRestClient>(http => http.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return builder;
    }

    static bool IsHttpUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
