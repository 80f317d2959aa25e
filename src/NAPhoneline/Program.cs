using NAPhoneline.Admin;
using NAPhoneline.Blocking;
using NAPhoneline.Console;
using NAPhoneline.Data;
using NAPhoneline.Helplines;
using NAPhoneline.Hosting;
using NAPhoneline.Ivr;
using NAPhoneline.Jobs;
using NAPhoneline.Meetings;
using NAPhoneline.Notifications;
using NAPhoneline.Regions;
using NAPhoneline.Reports;
using NAPhoneline.Scheduling;
using NAPhoneline.Requests;
using NAPhoneline.Routing;
using NAPhoneline.Shared;
using NAPhoneline.Sms;
using NAPhoneline.Telephony;

var builder = WebApplication.CreateBuilder(args);

builder.AddHosting();
builder.AddMetrics();
builder.AddDatabase();
builder.AddShared();
builder.AddNotifications();
builder.AddBackgroundJobs();
builder.AddTelephony();
builder.AddAdmin();
builder.AddConsole();
builder.AddHelplines();
builder.AddIvr();
builder.AddCallRouting();
builder.AddRegions();
builder.AddBlocking();
builder.AddMeetings();
builder.AddRequests();
builder.AddReports();
builder.AddScheduling();

var app = builder.Build();

if (OperatorCommands.IsCommand(args))
    return await OperatorCommands.RunAsync(app, args);

await app.MigrateDatabaseOnStartAsync();

app.UseHosting();
app.UseVoiceSafetyNet();
app.UseSmsSafetyNet();
app.UseJobsDashboard();
app.UseConsole();

app.MapHealth();
app.MapMetrics(AdminAuth.IsAuthorized);
app.MapHelplines();
app.MapIvr();
app.MapCallRouting();
app.MapRegions();
app.MapBlocking();
app.MapMeetings();
app.MapRequests();
app.MapSms();
app.MapReports();
app.MapScheduling();
app.MapConsole();

await app.RunAsync();
return 0;
