using NAPhoneline.Admin;
using NAPhoneline.Data;
using NAPhoneline.Hosting;
using NAPhoneline.Jobs;

var builder = WebApplication.CreateBuilder(args);

builder.AddHosting();
builder.AddDatabase();
builder.AddBackgroundJobs();
builder.AddAdmin();

var app = builder.Build();

if (OperatorCommands.IsCommand(args))
    return await OperatorCommands.RunAsync(app, args);

await app.MigrateDatabaseOnStartAsync();

app.UseHosting();
app.UseJobsDashboard();

app.MapHealth();

await app.RunAsync();
return 0;
