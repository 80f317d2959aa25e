using Microsoft.AspNetCore.Http;

namespace NAPhoneline.Telephony.Twiml;

/// <summary>A minimal-API result that writes TwiML as <c>application/xml; charset=utf-8</c>, without a BOM.</summary>
public sealed class TwimlResult(byte[] utf8) : IResult
{
    /// <summary>The bytes that will be written.</summary>
    public ReadOnlyMemory<byte> Body => utf8;

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/xml; charset=utf-8";
        httpContext.Response.ContentLength = utf8.Length;
        await httpContext.Response.Body.WriteAsync(utf8, httpContext.RequestAborted);
    }
}

/// <summary><c>return new VoiceResponse().Say("Hi").ToResult();</c></summary>
public static class TwimlResultExtensions
{
    /// <summary>The voice document as an HTTP result.</summary>
    public static TwimlResult ToResult(this VoiceResponse response) => new(response.ToUtf8Bytes());

    /// <summary>The messaging document as an HTTP result.</summary>
    public static TwimlResult ToResult(this MessagingResponse response) => new(response.ToUtf8Bytes());
}
