using System.Diagnostics;

namespace NAPhoneline.IntegrationTests.Infrastructure;

// Runs the service's executable with a sub-command, the way an operator does, against the test database.
public static class OperatorCommand
{
    public static Task<(int Exit, string Stdout, string Stderr)> RunAsync(TestDatabase database,
        params string[] args) =>
        RunAsync(database, args[0], args.Length > 1 ? args[1] : null, null, args.Skip(2).ToArray());

    // `typedIn` plays the shell's PWD: `dotnet run` starts the app elsewhere, in the project folder.
    public static Task<(int Exit, string Stdout, string Stderr)> RunAsync(TestDatabase database, string command,
        string file, string typedIn) =>
        RunAsync(database, command, file, typedIn, []);

    static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(TestDatabase database, string command,
        string? file, string? typedIn, string[] rest)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "NAPhoneline.dll"));
        start.ArgumentList.Add(command);
        if (file is not null) start.ArgumentList.Add(file);
        foreach (var arg in rest) start.ArgumentList.Add(arg);
        if (typedIn is not null) start.Environment["PWD"] = typedIn;
        start.Environment["ConnectionStrings__Phoneline"] = database.ConnectionString;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
