namespace NAPhoneline.Jobs;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    // Hangfire's 15 s default made escalation steps 7-12 s late; 1 s keeps them within a second (RELIABILITY.md).
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    // Tests and secondary instances may leave the job server off; the storage is always there for the client.
    public bool RunServer { get; set; } = true;
}
