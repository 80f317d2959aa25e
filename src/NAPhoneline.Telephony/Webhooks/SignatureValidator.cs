using System.Security.Cryptography;
using System.Text;

namespace NAPhoneline.Telephony.Webhooks;

/// <summary>
/// Checks <c>X-Twilio-Signature</c>: Base64(HMAC-SHA1(auth token, URL + sorted form keys and values)).
/// Repeated keys follow Twilio's Python and Node libraries (each distinct value, sorted); the URL is tried as given,
/// without its port and with the default port, by string surgery on the authority so path and query keep their bytes.
/// </summary>
public sealed class SignatureValidator(string authToken)
{
    /// <summary>The signature Twilio would send for this URL and form.</summary>
    public static string ComputeSignature(string authToken, string url, IEnumerable<KeyValuePair<string, string>>? form)
    {
        var data = new StringBuilder(url);
        if (form is not null)
        {
            foreach (var group in form
                .GroupBy(p => p.Key, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal))
                foreach (var value in group
                    .Select(p => p.Value ?? "")
                    .Distinct(StringComparer.Ordinal)
                    .Order(StringComparer.Ordinal))
                    data.Append(group.Key).Append(value);
        }
        return Convert.ToBase64String(
            HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }

    /// <summary>True when the signature matches the URL (or a port variant of it) and the form. Never throws.</summary>
    public bool IsValid(string url, IEnumerable<KeyValuePair<string, string>>? form, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(url) || string.IsNullOrEmpty(authToken))
            return false;
        var pairs = form?.ToList();
        foreach (var candidate in Candidates(url))
            if (FixedTimeEquals(ComputeSignature(authToken, candidate, pairs), signature)) return true;
        return false;
    }

    /// <summary>
    /// For JSON webhooks: the URL alone is signed, and its <c>bodySHA256</c> query value must be the lowercase hex
    /// SHA-256 of the raw body.
    /// </summary>
    public bool IsValidJson(string url, ReadOnlySpan<byte> rawBody, string? signature)
    {
        var expected = QueryValue(url, "bodySHA256");
        if (expected is null) return false;
        var actual = Convert.ToHexStringLower(SHA256.HashData(rawBody));
        return IsValid(url, null, signature) && FixedTimeEquals(actual, expected);
    }

    internal static IEnumerable<string> Candidates(string url)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { url };
        yield return url;
        foreach (var variant in new[] { UrlPorts.WithoutPort(url), UrlPorts.WithDefaultPort(url) })
            if (variant is not null && seen.Add(variant)) yield return variant;
        // Last resort: some Twilio paths sign an apostrophe where the request carries %27 (and the other way round).
        foreach (var variant in seen.ToList().SelectMany(QuoteVariants))
            if (seen.Add(variant)) yield return variant;
    }

    static IEnumerable<string> QuoteVariants(string url)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        if (query < 0) yield break;
        var head = url[..query];
        var tail = url[query..];
        if (tail.Contains('\'', StringComparison.Ordinal))
            yield return head + tail.Replace("'", "%27", StringComparison.Ordinal);
        if (tail.Contains("%27", StringComparison.OrdinalIgnoreCase))
            yield return head + tail.Replace("%27", "'", StringComparison.OrdinalIgnoreCase);
    }

    static string? QueryValue(string url, string name)
    {
        var query = url.IndexOf('?', StringComparison.Ordinal);
        if (query < 0) return null;
        foreach (var part in url[(query + 1)..].Split('&'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part[..eq] == name) return Uri.UnescapeDataString(part[(eq + 1)..]);
        }
        return null;
    }

    static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
