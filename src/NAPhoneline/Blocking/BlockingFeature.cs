using NAPhoneline.Admin;
using NAPhoneline.State;

namespace NAPhoneline.Blocking;

// Abuse protection (CONTRACT 15): the blocklist in memory, its writes, its admin API, BLOCK by text.
public static class BlockingFeature
{
    public static IHostApplicationBuilder AddBlocking(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Blocklist>();
        builder.Services.AddSingleton<IReloadable>(sp => sp.GetRequiredService<Blocklist>());
        builder.Services.AddSingleton<BlocklistStore>();
        builder.Services.AddSingleton<BlockByText>();
        builder.Services.AddSingleton<BlockedTally>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BlockedTally>());
        return builder;
    }

    public static IEndpointRouteBuilder MapBlocking(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminApi();
        admin.MapPost("/blocklist", BlocklistEndpoints.Add);
        admin.MapGet("/blocklist", BlocklistEndpoints.List);
        admin.MapDelete("/blocklist/{id:long}", BlocklistEndpoints.Remove);
        return app;
    }
}
