using NAPhoneline.Data;

namespace NAPhoneline.Helplines;

// `import <helpline.json>`: one line per problem on stderr, "<file>: <item>.<field>: <message>", and nothing changed.
public static class ImportCommand
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (args.Length != 1)
        {
            await Console.Error.WriteLineAsync("Usage: import <helpline.json>");
            return 2;
        }
        var file = args[0];
        if (!File.Exists(file))
        {
            await Console.Error.WriteLineAsync($"{file}: no such file");
            return 1;
        }
        if (new FileInfo(file).Length > HelplineImport.MaxBytes)
        {
            await Console.Error.WriteLineAsync($"{file}: larger than {HelplineImport.MaxBytes} bytes");
            return 1;
        }

        // A fresh database gets its schema first, so `import` works as the first command an operator runs.
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var (summary, errors) = await app.Services.GetRequiredService<HelplineImport>().RunAsync(await File.ReadAllBytesAsync(file), CancellationToken.None);
        if (summary is null)
        {
            foreach (var error in errors) await Console.Error.WriteLineAsync($"{file}: {error.Where}: {error.Message}");
            await Console.Error.WriteLineAsync($"{file}: not imported ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}); nothing changed.");
            return 1;
        }
        Console.WriteLine($"{file}: imported ({summary}).");
        return 0;
    }
}
