using NAPhoneline.Data;

namespace NAPhoneline.Meetings;

// `import-meetings <file> [--format bmlt|meeting-guide] [--service-body KEY]`
public static class ImportMeetingsCommand
{
    // Who the audit log names for an import from the command line.
    public const string Actor = "import-meetings command";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        string? file = null, format = null, serviceBody = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--format" when i + 1 < args.Length: format = args[++i]; break;
                case "--service-body" when i + 1 < args.Length: serviceBody = args[++i]; break;
                default:
                    if (file is null && !args[i].StartsWith("--", StringComparison.Ordinal)) file = args[i];
                    else file = null;
                    break;
            }
        }
        if (file is null)
        {
            await System.Console.Error.WriteLineAsync(
                "Usage: import-meetings <file> [--format bmlt|meeting-guide] [--service-body KEY]");
            return 2;
        }
        var path = Path.IsPathRooted(file) || File.Exists(file)
            || Environment.GetEnvironmentVariable("PWD") is not { Length: > 0 } pwd
                ? file
                : Path.Combine(pwd, file);
        if (!File.Exists(path))
        {
            await System.Console.Error.WriteLineAsync($"{file}: no such file");
            return 1;
        }

        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var (result, errors) = await app.Services.GetRequiredService<MeetingImport>()
            .RunAsync(await File.ReadAllBytesAsync(path), format, serviceBody, Path.GetFileName(path),
                CancellationToken.None, Actor);
        if (result is null)
        {
            foreach (var error in errors.Take(200)) await System.Console.Error.WriteLineAsync($"{file}: {error}");
            await System.Console.Error.WriteLineAsync(
                $"{file}: not imported ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}); nothing changed.");
            return 1;
        }
        System.Console.WriteLine(
            $"{file}: imported {result.Imported} meetings as source '{result.Source}' (replacing {result.Replaced}).");
        return 0;
    }
}
