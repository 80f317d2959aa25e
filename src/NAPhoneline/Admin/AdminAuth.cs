using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using NAPhoneline.Hosting;

namespace NAPhoneline.Admin;

public enum AdminKeyVerdict { Allowed, Refused, TooManyFailures }

// The admin API takes "Authorization: Bearer <Admin:ApiKey>". Browsers (the jobs dashboard) may send the key
// as the password of HTTP Basic instead, so a person can sign in from the browser's own prompt.

public static class AdminAuth
{
    // Wrong keys are counted per client address (RateLimits:FailedAdminKeys); an address that has used them up is
    // refused even with the right key until its window ends, so guessing learns nothing.
    public static AdminKeyVerdict Check(HttpContext context)
    {
        var limits = context.RequestServices.GetRequiredService<RateLimits>();
        var address = RateLimits.AddressOf(context);
        if (limits.IsSpent(LimitKind.FailedAdminKey, address)) return AdminKeyVerdict.TooManyFailures;
        if (IsAuthorized(context)) return AdminKeyVerdict.Allowed;
        // No header at all is a browser's first look (the jobs dashboard), not a guess.
        if (context.Request.Headers.Authorization.Count > 0) limits.TryTake(LimitKind.FailedAdminKey, address);
        return AdminKeyVerdict.Refused;
    }

    public static bool IsAuthorized(HttpContext context)
    {
        var key = context.RequestServices.GetRequiredService<IOptionsMonitor<AdminOptions>>().CurrentValue.ApiKey;
        if (string.IsNullOrEmpty(key)) return false;
        if (!AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var header)
            || header.Parameter is null)
            return false;

        var presented = header.Scheme.ToUpperInvariant() switch
        {
            "BEARER" => header.Parameter,
            "BASIC" => BasicPassword(header.Parameter),
            _ => null,
        };
        return presented is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    static string? BasicPassword(string encoded)
    {
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : decoded[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static RouteGroupBuilder RequireAdminKey(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var verdict = Check(context.HttpContext);
            if (verdict == AdminKeyVerdict.Allowed) return await next(context);
            if (verdict == AdminKeyVerdict.TooManyFailures)
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many requests", detail: "Too many wrong keys from this address; try again later.");
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                detail: "Send the admin API key as 'Authorization: Bearer <Admin:ApiKey>'.");
        });
}
