using System.Text;
using Microsoft.Extensions.Options;
using NAPhoneline.Telephony;

namespace NAPhoneline.Shared;

// Every URL we hand Twilio is absolute under Telephony:PublicBaseUrl, with query values made of escaped
// unreserved characters only, so Twilio signs exactly the bytes we later receive (TWILIO.md 1.6).
public sealed class PublicUrls(IOptionsMonitor<TelephonyOptions> options, IHttpContextAccessor http)
{
    public string For(string path, params (string Name, string? Value)[] query)
    {
        var url = new StringBuilder(BaseUrl()).Append(path);
        var separator = '?';
        foreach (var (name, value) in query)
        {
            if (value is null) continue;
            url.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return url.ToString();
    }

    string BaseUrl()
    {
        var configured = options.CurrentValue.PublicBaseUrl;
        if (!string.IsNullOrWhiteSpace(configured)) return configured.TrimEnd('/');
        // Development without a public URL: the address the request came in on.
        var request = http.HttpContext?.Request
            ?? throw new InvalidOperationException("Telephony:PublicBaseUrl is required.");
        return $"{request.Scheme}://{request.Host}{request.PathBase}";
    }
}
