using NAPhoneline.Data;

namespace NAPhoneline.Helplines;

// `import <helpline.json>`: one line per problem on stderr, "<file>: <item>.<field>: <message>", and nothing changed.
public static class ImportCommand
{
    // Who the audit log names for an import from the command line.
    public const string Actor = "import command";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args.Length != 1)
        {
            await System.Console.Error.WriteLineAsync("Usage: import <helpline.json>");
            return 2;
        }
        var file = Locate(args[0]);
        if (!File.Exists(file))
        {
            await System.Console.Error.WriteLineAsync($"{args[0]}: no such file (looked at {Path.GetFullPath(file)})");
            return 1;
        }
        if (new FileInfo(file).Length > HelplineImport.MaxBytes)
        {
            await System.Console.Error.WriteLineAsync($"{file}: larger than {HelplineImport.MaxBytes} bytes");
            return 1;
        }

        // A fresh database gets its schema first, so `import` works as the first command an operator runs.
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var (summary, errors) = await app.Services.GetRequiredService<HelplineImport>()
            .RunAsync(await File.ReadAllBytesAsync(file), CancellationToken.None, Actor);
        if (summary is null)
        {
            foreach (var error in errors)
                await System.Console.Error.WriteLineAsync($"{file}: {error.Where}: {error.Message}");
            await System.Console.Error.WriteLineAsync(
                $"{file}: not imported ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}); nothing changed.");
            return 1;
        }
        System.Console.WriteLine($"{file}: imported ({summary}).");
        return 0;
    }

    // `dotnet run --project src/NAPhoneline` starts the app in the project folder; a relative path means the folder
    // the operator typed the command in, which the shell keeps in PWD.
    static string Locate(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path)) return path;
        var typedIn = Environment.GetEnvironmentVariable("PWD");
        return string.IsNullOrEmpty(typedIn) ? path : Path.Combine(typedIn, path);
    }
}
