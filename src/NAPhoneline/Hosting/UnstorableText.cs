using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace NAPhoneline.Hosting;

// PostgreSQL refuses text it cannot store (a NUL character, say) with an exception, wherever the text came from: a
// query parameter, a JSON string. For the admin API that is the client's mistake, so a 400 problem instead of a 500;
// the statement failed, so nothing was written.
public sealed class UnstorableText(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (!context.Request.Path.StartsWithSegments("/admin/api")
            || exception is not PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire
                or PostgresErrorCodes.UntranslatableCharacter })
            return false;
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = 400, Title = "The request holds characters that cannot be stored (such as NUL).",
            },
        });
    }
}
