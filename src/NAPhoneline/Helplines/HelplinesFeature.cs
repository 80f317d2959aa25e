using NAPhoneline.Admin;
using NAPhoneline.Hosting;

namespace NAPhoneline.Helplines;

public static class HelplinesFeature
{
    public static IHostApplicationBuilder AddHelplines(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<HelplineStore>();
        builder.Services.AddSingleton<HelplineImport>();
        builder.Services.AddSingleton<ConsoleVolunteerStore>();
        builder.Services.AddSingleton<SettingsStore>();
        OperatorCommands.Register("import", ImportCommand.RunAsync);
        return builder;
    }

    public static IEndpointRouteBuilder MapHelplines(this IEndpointRouteBuilder app)
    {
        app.MapAdminApi().MapPut("/config", ConfigEndpoints.Put);
        return app;
    }
}
