namespace NAPhoneline.Admin;

public static class AdminFeature
{
    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>()
            .BindConfiguration(AdminOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }

    // Every admin endpoint hangs off this group, so none can be mapped without the key check.
    public static RouteGroupBuilder MapAdminApi(this IEndpointRouteBuilder app) =>
        app.MapGroup("/admin/api").RequireAdminKey().DisableAntiforgery();
}
