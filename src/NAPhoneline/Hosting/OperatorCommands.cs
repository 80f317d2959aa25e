using NAPhoneline.Data;

namespace NAPhoneline.Hosting;

// Sub-commands for operators: `dotnet run --project src/NAPhoneline -- <command>`. Exit 0 on success; bad input
// gets a non-zero code and a message naming the file, the item and the field.
public static class OperatorCommands
{
    static readonly Dictionary<string, Func<WebApplication, string[], Task<int>>> Commands = new(StringComparer.Ordinal)
    {
        ["migrate"] = MigrateAsync,
    };

    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public static void Register(string name, Func<WebApplication, string[], Task<int>> run) => Commands[name] = run;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        if (!Commands.TryGetValue(args[0], out var run))
        {
            await System.Console.Error.WriteLineAsync($"Unknown command '{args[0]}'. "
                + $"Commands: {string.Join(", ", Commands.Keys.Order(StringComparer.Ordinal))}.");
            return 2;
        }
        try
        {
            return await run(app, args[1..]);
        }
        catch (Npgsql.NpgsqlException ex)
        {
            await System.Console.Error.WriteLineAsync($"{args[0]}: database error: {ex.Message}");
            return 3;
        }
    }

    static async Task<int> MigrateAsync(WebApplication app, string[] args)
    {
        await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        System.Console.WriteLine("Database is up to date.");
        return 0;
    }
}
