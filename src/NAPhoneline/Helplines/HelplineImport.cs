using System.Text.Json;
using System.Text.Json.Serialization;

namespace NAPhoneline.Helplines;

// Reads a configuration file (from the command line or the admin API), validates it and imports it as one unit.
public sealed class HelplineImport(HelplineStore store)
{
    public const int MaxBytes = 5 * 1024 * 1024;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        // A misspelt field ("timezone") is an error the operator hears about, not a silently missing setting.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    // actor: who imports, for the audit log (AuditLog.AdminApi, the import command).
    public async Task<(ImportSummary? Summary, IReadOnlyList<ConfigError> Errors)> RunAsync(ReadOnlyMemory<byte> utf8,
        CancellationToken ct, string? actor = null)
    {
        var (config, parseError) = Parse(utf8);
        if (config is null) return (null, [parseError!]);
        return await store.ImportAsync(existing => HelplineConfigValidator.Validate(config, existing), ct, actor);
    }

    public static (HelplineConfig? Config, ConfigError? Error) Parse(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            var config = JsonSerializer.Deserialize<HelplineConfig>(utf8.Span, Json);
            return config is null ? (null, new ConfigError("(file)", "", "is empty (null)")) : (config, null);
        }
        catch (JsonException ex)
        {
            var (item, field) = SplitPath(ex.Path);
            var unknown = ex.Message.Contains("could not be mapped", StringComparison.Ordinal);
            var at = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : "";
            return (null, new ConfigError(item, field,
                (unknown ? "is not a known field" : "is not valid JSON here: " + FirstSentence(ex.Message)) + at));
        }
    }

    // "$.serviceBodies[2].routing.ringSeconds" -> ("serviceBodies[2]", "routing.ringSeconds")
    static (string Item, string Field) SplitPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return ("(file)", "");
        var trimmed = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        var close = trimmed.IndexOf(']', StringComparison.Ordinal);
        if (close < 0) return ("(file)", trimmed);
        var field = trimmed[(close + 1)..].TrimStart('.');
        return (trimmed[..(close + 1)], field);
    }

    // The serializer's sentence without its .NET type names ("System.Int32"): the field and its line are enough.
    static string FirstSentence(string message)
    {
        var path = message.IndexOf(" Path:", StringComparison.Ordinal);
        var sentence = path > 0 ? message[..path] : message;
        return sentence.Contains("could not be converted", StringComparison.Ordinal)
            ? "the value has the wrong type."
            : System.Text.RegularExpressions.Regex.Replace(
                sentence, @"\b(System|NAPhoneline)\.[\w.`\[\],]+", "a value");
    }
}
