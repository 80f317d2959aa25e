using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace NAPhoneline.Telephony.Rest;

/// <summary>
/// Form-encoded POSTs to Twilio's 2010-04-01 API with HTTP Basic <c>AccountSid:AuthToken</c>. It never retries by
/// itself: a create that timed out may have been carried out, so the caller decides (see TwilioApiException).
/// </summary>
public sealed partial class TwilioRestClient(HttpClient http, IOptionsMonitor<TelephonyOptions> options)
    : ITelephonyClient
{
    /// <inheritdoc />
    public Task<MessageResource> SendSmsAsync(SmsMessage message, CancellationToken ct = default)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("To", message.To), new("From", message.From), new("Body", message.Body)
        };
        Add(form, "StatusCallback", message.StatusCallback);
        return PostAsync<MessageResource>("Messages.json", form, ct);
    }

    /// <inheritdoc />
    public Task<CallResource> CreateCallAsync(OutboundCall call, CancellationToken ct = default)
    {
        if ((call.Url is null) == (call.Twiml is null))
            throw new ArgumentException("A call needs exactly one of Url and Twiml.", nameof(call));
        if (call.Twiml?.Length > 4000)
            throw new ArgumentException("Twilio accepts at most 4000 characters of Twiml.", nameof(call));
        var form = new List<KeyValuePair<string, string>> { new("To", call.To), new("From", call.From) };
        Add(form, "Url", call.Url);
        Add(form, "Twiml", call.Twiml);
        Add(form, "StatusCallback", call.StatusCallback);
        foreach (var e in call.StatusCallbackEvents ?? []) form.Add(new("StatusCallbackEvent", e));
        Add(form, "Timeout", call.Timeout?.ToString(CultureInfo.InvariantCulture));
        Add(form, "TimeLimit", call.TimeLimit?.ToString(CultureInfo.InvariantCulture));
        Add(form, "CallerId", call.CallerId);
        Add(form, "MachineDetection", call.MachineDetection);
        return PostAsync<CallResource>("Calls.json", form, ct);
    }

    /// <inheritdoc />
    public Task<CallResource> UpdateCallAsync(string callSid, CallUpdate update, CancellationToken ct = default)
    {
        var form = new List<KeyValuePair<string, string>>();
        Add(form, "Url", update.Url);
        Add(form, "Method", update.Method);
        Add(form, "Twiml", update.Twiml);
        Add(form, "Status", update.Status);
        return PostAsync<CallResource>($"Calls/{Uri.EscapeDataString(callSid)}.json", form, ct);
    }

    /// <inheritdoc />
    public async Task<TwilioMedia?> GetMediaAsync(string url, CancellationToken ct = default)
    {
        var settings = options.CurrentValue;
        if (string.IsNullOrEmpty(settings.AccountSid) || string.IsNullOrEmpty(settings.AuthToken))
            throw new TwilioApiException(
                "Telephony:AccountSid and Telephony:AuthToken are required to call Twilio.", 0);
        if (RecordingSid(url, settings.AccountSid) is not { } sid) return null;

        // Rebuilt from the validated parts on the configured base: a stored URL cannot send us (and our
        // credentials) to another host or to another resource.
        var resource = $"Recordings/{sid}.mp3";
        var account = Uri.EscapeDataString(settings.AccountSid);
        using var request = new HttpRequestMessage(HttpMethod.Get,
            $"{settings.ApiBaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{account}/{resource}");
        request.Headers.Authorization = Basic(settings);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("audio/mpeg"));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException
            || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new TwilioApiException($"Connection error: GET {resource}: {ex.Message}", 0, inner: ex);
        }
        var status = (int)response.StatusCode;
        if (status is 404 or 410)
        {
            response.Dispose();
            return null;
        }
        if (status >= 300)
        {
            // Redirects are not followed either: the answer must come from the API host itself.
            using (response) throw new TwilioApiException($"Twilio {status} on GET {resource}", status);
        }
        try
        {
            return new TwilioMedia(response, await response.Content.ReadAsStreamAsync(ct));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The recording SID a URL names, when its path is a recording of this account
    /// (<c>/2010-04-01/Accounts/{AccountSid}/Recordings/RE...</c>, optionally <c>.mp3</c> or <c>.wav</c>); else null.
    /// </summary>
    public static string? RecordingSid(string? url, string accountSid)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")) return null;
        var match = RecordingPath().Match(uri.AbsolutePath);
        return match.Success && string.Equals(match.Groups["account"].Value, accountSid, StringComparison.Ordinal)
            ? match.Groups["sid"].Value : null;
    }

    [GeneratedRegex(
        @"^/2010-04-01/Accounts/(?<account>AC[0-9A-Za-z]{1,64})/Recordings/(?<sid>RE[0-9A-Za-z]{1,64})(\.mp3|\.wav)?$")]
    private static partial Regex RecordingPath();

    static AuthenticationHeaderValue Basic(TelephonyOptions settings) => new("Basic",
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.AccountSid}:{settings.AuthToken}")));

    async Task<T> PostAsync<T>(string resource, List<KeyValuePair<string, string>> form, CancellationToken ct)
    {
        var settings = options.CurrentValue;
        if (string.IsNullOrEmpty(settings.AccountSid) || string.IsNullOrEmpty(settings.AuthToken))
            throw new TwilioApiException(
                "Telephony:AccountSid and Telephony:AuthToken are required to call Twilio.", 0);

        var url = $"{settings.ApiBaseUrl.TrimEnd('/')}/2010-04-01/Accounts/"
            + $"{Uri.EscapeDataString(settings.AccountSid)}/{resource}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = Basic(settings);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException
            || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            // The message names the resource, never the token or the phone numbers.
            throw new TwilioApiException($"Connection error: POST {resource}: {ex.Message}", 0, inner: ex);
        }
        using (response)
        {
            if ((int)response.StatusCode >= 400) throw await ErrorAsync(response, resource, ct);
            return await response.Content.ReadFromJsonAsync<T>(ct)
                ?? throw new TwilioApiException($"Empty answer from POST {resource}", (int)response.StatusCode);
        }
    }

    // Twilio answers errors in three shapes: {code, message, more_info}, RFC 9457 problem details, or {errors:[...]}.
    static async Task<TwilioApiException> ErrorAsync(
        HttpResponseMessage response, string resource, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(ct);
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array
                && errors.GetArrayLength() > 0)
                root = errors[0];
            var code = root.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : (int?)null;
            var message = Text(root, "message") ?? Text(root, "detail") ?? Text(root, "title")
                ?? $"Unable to make request, {status}";
            var moreInfo = Text(root, "more_info") ?? Text(root, "infoUrl") ?? Text(root, "type");
            return new TwilioApiException($"Twilio {status} on POST {resource}: {message}", status, code, moreInfo);
        }
        catch (JsonException)
        {
            return new TwilioApiException($"Api Error: {status} - {body[..Math.Min(body.Length, 200)]}", status);
        }
    }

    static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    static void Add(List<KeyValuePair<string, string>> form, string key, string? value)
    {
        if (value is not null) form.Add(new(key, value));
    }
}
