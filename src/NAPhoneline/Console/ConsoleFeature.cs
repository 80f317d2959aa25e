using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using NAPhoneline.Console.Audit;
using NAPhoneline.Data;
using Npgsql;

namespace NAPhoneline.Console;

// The console's kit: Razor Pages anywhere in the project (each page beside the feature it shows), sign-in by SMS
// code, sessions, the authorisation rule and the headers. Every page requires a signed-in person unless it is one
// of the two sign-in pages, so none can be added unprotected.
public static class ConsoleFeature
{
    public const string Policy = "console";

    public static IHostApplicationBuilder AddConsole(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsoleOptions>()
            .BindConfiguration(ConsoleOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SignInCodes>();
        builder.Services.AddSingleton<ConsoleSessions>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<AuditStore>();

        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ConsoleAuthentication>(ConsoleAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(ConsoleAuthentication.SchemeName).RequireAuthenticatedUser());

        builder.Services.AddRazorPages(o =>
        {
            o.RootDirectory = "/";
            o.Conventions.AuthorizeFolder("/", Policy);
            o.Conventions.AllowAnonymousToPage("/Console/SignIn");
        });
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddAntiforgery(o =>
        {
            // Secure whenever the request is (behind nginx: always). Not "Always": the jobs dashboard uses
            // antiforgery too and an operator may reach it over a plain SSH tunnel.
            o.Cookie.Name = "phoneline-form";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
        });
        // Cookies and antiforgery tokens must read the same on every instance: the keys live in PostgreSQL.
        builder.Services.AddDataProtection().SetApplicationName("NAPhoneline");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((o, db) =>
            o.XmlRepository = new PostgresKeyRepository(db));
        return builder;
    }

    public static WebApplication UseConsole(this WebApplication app)
    {
        app.UseWhen(c => IsConsole(c.Request.Path), console => console
            .UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ConsoleErrors.WriteAsync })
            .UseStatusCodePages(ConsoleErrors.StatusAsync)
            .Use(async (context, next) =>
        {
            // A form's body can be read again, so a refused one can be told apart (ConsoleErrors.HoldsNulAsync).
            if (HttpMethods.IsPost(context.Request.Method)) context.Request.EnableBuffering();
            var headers = context.Response.Headers;
            // No inline script or style anywhere in the console; nothing may frame it.
            headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; " +
                "img-src 'self' data:; media-src 'self'; connect-src 'self'; form-action 'self'; " +
                "frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers.CacheControl = "no-store";
            await next(context);
        }));
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }

    static bool IsConsole(PathString path) => path.StartsWithSegments("/console");
}
