using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using NAPhoneline.Data;
using Npgsql;

namespace NAPhoneline.Console;

// What a person sees when a console page fails: plain words, never a stack trace. Written without the page
// machinery, which may be what failed.
public static class ConsoleErrors
{
    // A status without a page of its own (404 for what is not there or not yours, 400 for a stale form).
    public static async Task StatusAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var t = ConsoleText.For(ConsoleText.FromBrowser(context.Request));
        switch (context.Response.StatusCode)
        {
            case StatusCodes.Status404NotFound:
                await PageAsync(context, t["NotFoundTitle"], t["NotFound"]);
                break;
            case StatusCodes.Status400BadRequest:
                await PageAsync(context, t["Product"],
                    await HoldsNulAsync(context.Request) ? t["Unstorable"] : t["BadForm"]);
                break;
        }
    }

    // A NUL in a form is refused before the page sees it: ASP.NET's form decoder throws ("contains null
    // characters", dotnet/aspnetcore#29420) and the antiforgery check answers 400. The body is buffered for console
    // posts, so it is read again here and the person is told what to take out, not that the form was out of date.
    static async Task<bool> HoldsNulAsync(HttpRequest request)
    {
        if (!request.HasFormContentType || !request.Body.CanSeek || request.Body.Length > 1_000_000) return false;
        request.Body.Position = 0;
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        return body.Contains("%00", StringComparison.Ordinal) || body.Contains('\0');
    }

    public static async Task WriteAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        // Text PostgreSQL cannot store (a NUL typed or pasted into a form): the person's input, not an outage.
        if (error is PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire
                or PostgresErrorCodes.UntranslatableCharacter })
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            var words = ConsoleText.For(ConsoleText.FromBrowser(context.Request));
            await PageAsync(context, words["Product"], words["Unstorable"]);
            return;
        }
        var database = error is NpgsqlException or DatabaseUnavailableException or TimeoutException
            || error?.InnerException is NpgsqlException or TimeoutException;
        var t = ConsoleText.For(ConsoleText.FromBrowser(context.Request));
        context.Response.StatusCode = database ? StatusCodes.Status503ServiceUnavailable
            : StatusCodes.Status500InternalServerError;
        await PageAsync(context, t["Product"], database ? t["Unavailable"] : t["Failed"]);
    }

    static async Task PageAsync(HttpContext context, string title, string text)
    {
        var t = ConsoleText.For(ConsoleText.FromBrowser(context.Request));
        context.Response.ContentType = "text/html; charset=utf-8";
        var message = WebUtility.HtmlEncode(text);
        await context.Response.WriteAsync($"""
            <!doctype html><html><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{WebUtility.HtmlEncode(title)}</title>
            <link rel="stylesheet" href="/console/assets/console.css"></head>
            <body><main><h1>{WebUtility.HtmlEncode(title)}</h1><p role="alert">{message}</p>
            <p><a href="/console">{WebUtility.HtmlEncode(t["NavNow"])}</a></p></main></body></html>
            """);
    }
}
