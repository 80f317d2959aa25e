namespace NAPhoneline.Telephony.Webhooks;

// Twilio is inconsistent about whether the URL it signs carries the default port, so the validator tries both.
// Only the authority is touched (userinfo and IPv6 literals respected); path and query keep their exact bytes.
internal static class UrlPorts
{
    public static string? WithoutPort(string url)
    {
        if (!TrySplit(url, out var scheme, out var userInfo, out var host, out var port, out var rest)
            || port is null) return null;
        return $"{scheme}://{userInfo}{host}{rest}";
    }

    public static string? WithDefaultPort(string url)
    {
        if (!TrySplit(url, out var scheme, out var userInfo, out var host, out var port, out var rest)
            || port is not null) return null;
        var defaultPort = scheme.ToLowerInvariant() switch { "https" => "443", "http" => "80", _ => null };
        return defaultPort is null ? null : $"{scheme}://{userInfo}{host}:{defaultPort}{rest}";
    }

    static bool TrySplit(
        string url, out string scheme, out string userInfo, out string host, out string? port, out string rest)
    {
        scheme = userInfo = host = rest = "";
        port = null;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) return false;
        scheme = url[..schemeEnd];
        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0) authorityEnd = url.Length;
        var authority = url[authorityStart..authorityEnd];
        rest = url[authorityEnd..];

        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            userInfo = authority[..(at + 1)];
            authority = authority[(at + 1)..];
        }
        // An IPv6 literal has colons of its own: the port, if any, follows the closing bracket.
        var portSeparator = authority.StartsWith('[')
            ? authority.IndexOf("]:", StringComparison.Ordinal) + 1
            : authority.LastIndexOf(':');
        if (portSeparator > 0)
        {
            host = authority[..portSeparator];
            port = authority[(portSeparator + 1)..];
        }
        else
        {
            host = authority;
        }
        return host.Length > 0;
    }
}
