namespace NAPhoneline.Notifications;

// The outboxes' retry wait: doubling from 2 s after the first failure, capped.
public static class Backoff
{
    public static TimeSpan After(int failures, TimeSpan cap) =>
        TimeSpan.FromSeconds(Math.Min(cap.TotalSeconds, Math.Pow(2, Math.Max(1, failures))));
}
