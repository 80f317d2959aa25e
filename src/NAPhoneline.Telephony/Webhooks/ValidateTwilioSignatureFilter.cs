using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NAPhoneline.Telephony.Webhooks;

/// <summary>
/// Lets a webhook through only with a valid <c>X-Twilio-Signature</c>, computed over <c>Telephony:PublicBaseUrl</c>
/// plus the request target exactly as received. Anything else gets 403 with an empty body (never a 500), and the
/// endpoint does not run.
/// </summary>
public sealed class ValidateTwilioSignatureFilter(
    IOptionsMonitor<TelephonyOptions> options, ILogger<ValidateTwilioSignatureFilter> log) : IEndpointFilter
{
    /// <summary>Twilio's webhook bodies are a few kilobytes; anything far larger is not Twilio.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var settings = options.CurrentValue;
        if (!settings.ValidateSignatures) return await next(context);

        var request = context.HttpContext.Request;
        if (request.ContentLength > MaxBodyBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        var signature = request.Headers["X-Twilio-Signature"].ToString();
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(settings.AuthToken))
            return Forbidden(request, "missing");

        var url = PublicUrl(context.HttpContext, settings.PublicBaseUrl);
        var validator = new SignatureValidator(settings.AuthToken);
        bool valid;
        try
        {
            valid = await IsValidAsync(request, validator, url, signature);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException
                                       or FormatException or DecoderFallbackException or ArgumentException
                                       or InvalidOperationException)
        {
            log.LogWarning("Unreadable webhook body on {Path}: {Message}", request.Path, ex.Message);
            // A voice call must never hear an error: the route may name a safe answer for what it cannot read.
            var safe = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<UnreadableWebhookAnswer>();
            return safe is null
                ? Results.StatusCode(StatusCodes.Status400BadRequest)
                : safe.Answer(context.HttpContext);
        }
        return valid ? await next(context) : Forbidden(request, "invalid");
    }

    static async Task<bool> IsValidAsync(
        HttpRequest request, SignatureValidator validator, string url, string signature)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            var pairs = form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? "")));
            return validator.IsValid(url, pairs, signature);
        }
        if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            // The endpoint may still read the body after us.
            request.EnableBuffering(bufferThreshold: (int)MaxBodyBytes, bufferLimit: MaxBodyBytes);
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            request.Body.Position = 0;
            return validator.IsValidJson(url, buffer.ToArray(), signature);
        }
        return validator.IsValid(url, null, signature);
    }

    /// <summary>The URL Twilio signed: the configured public base plus the raw request target.</summary>
    public static string PublicUrl(HttpContext context, string? publicBaseUrl)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        // Test hosts may leave RawTarget empty; the encoded path and query are the closest equivalent.
        if (string.IsNullOrEmpty(target) || !target.StartsWith('/'))
            target = request.PathBase.ToUriComponent() + request.Path.ToUriComponent()
                + request.QueryString.ToUriComponent();
        if (string.IsNullOrWhiteSpace(publicBaseUrl))
            return $"{request.Scheme}://{request.Host.ToUriComponent()}{target}";

        var baseUrl = publicBaseUrl.TrimEnd('/');
        // A base with a path prefix (https://host/naphoneline): a proxy may pass the prefix on or strip it.
        var origin = Origin(baseUrl);
        var prefix = baseUrl[origin.Length..];
        return prefix.Length > 0
            && (target == prefix
                || target.StartsWith(prefix + "/", StringComparison.Ordinal)
                || target.StartsWith(prefix + "?", StringComparison.Ordinal))
            ? origin + target
            : baseUrl + target;
    }

    static string Origin(string baseUrl)
    {
        var schemeEnd = baseUrl.IndexOf("://", StringComparison.Ordinal);
        var pathStart = schemeEnd < 0 ? -1 : baseUrl.IndexOf('/', schemeEnd + 3);
        return pathStart < 0 ? baseUrl : baseUrl[..pathStart];
    }

    IResult Forbidden(HttpRequest request, string why)
    {
        log.LogWarning("Rejected webhook {Method} {Path}: {Why} signature", request.Method, request.Path, why);
        return Results.StatusCode(StatusCodes.Status403Forbidden);
    }
}

/// <summary>
/// What a route answers when a webhook's body cannot be read at all (so its signature cannot be checked).
/// </summary>
/// <param name="Answer">Builds the answer; it must not depend on the body.</param>
public sealed record UnreadableWebhookAnswer(Func<HttpContext, IResult> Answer);

/// <summary>
/// Applies signature validation to Twilio webhook routes (the shape of Twilio.AspNet.Core's extension).
/// </summary>
public static class ValidateTwilioSignatureExtensions
{
    /// <summary>Every endpoint of the group requires a valid Twilio signature.</summary>
    /// <param name="group">The webhook routes.</param>
    /// <param name="unreadable">The answer to a body that cannot be read (default: 400).</param>
    public static RouteGroupBuilder ValidateTwilioSignature(
        this RouteGroupBuilder group, Func<HttpContext, IResult>? unreadable = null)
    {
        group.AddEndpointFilter<ValidateTwilioSignatureFilter>().DisableAntiforgery();
        if (unreadable is not null) group.WithMetadata(new UnreadableWebhookAnswer(unreadable));
        return group;
    }

    /// <summary>This endpoint requires a valid Twilio signature.</summary>
    public static RouteHandlerBuilder ValidateTwilioSignature(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter<ValidateTwilioSignatureFilter>().DisableAntiforgery();
}
