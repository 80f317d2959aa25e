using NAPhoneline.Admin;

namespace NAPhoneline.Reports;

public static class ReportsFeature
{
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReportStore>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminApi().MapGroup("/reports");
        admin.MapGet("/summary", ReportEndpoints.Summary);
        admin.MapGet("/calls", ReportEndpoints.Calls);
        return app;
    }
}
