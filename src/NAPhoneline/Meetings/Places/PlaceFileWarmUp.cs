namespace NAPhoneline.Meetings.Places;

// The place file (about 180,000 places) is read in the background as the service starts, so the first caller who
// asks for a meeting does not wait for it; then the garbage of reading it and the meeting index goes back to the
// system. Once per process.
public sealed class PlaceFileWarmUp(ILogger<PlaceFileWarmUp> log) : IHostedService
{
    static readonly Lazy<Task<int>> Warm = new(() => Task.Run(() =>
    {
        var count = PlaceDirectory.Shared.Count;
        MeetingCatalog.ReturnMemory();
        return count;
    }));

    public static Task Ready => Warm.Value;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Warm.Value.ContinueWith(t => log.LogInformation("Offline place file: {Count} places", t.Result),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
