using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace NAPhoneline.Telephony.Webhooks;

// Twilio sends its parameters as a form (POST) or in the query string (GET). Missing or malformed values bind to
// null: a webhook model never throws on what Twilio (or a stranger) sends.
internal sealed class WebhookFields
{
    readonly Func<string, string?> get;

    WebhookFields(Func<string, string?> get) => this.get = get;

    public static async ValueTask<WebhookFields> ReadAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(context.RequestAborted);
                return new WebhookFields(key => Value(form[key]));
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
            {
                return new WebhookFields(_ => null);
            }
        }
        var query = request.Query;
        return new WebhookFields(key => Value(query[key]));
    }

    static string? Value(Microsoft.Extensions.Primitives.StringValues values) => values.Count == 0 ? null : values[0];

    public string? this[string key] => get(key);

    public int? Int(string key) =>
        int.TryParse(get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public double? Double(string key) =>
        double.TryParse(get(key), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
}
