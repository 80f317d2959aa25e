using System.Text.Json;

namespace NAPhoneline.Meetings;

public sealed record MeetingImportResult(string Source, int Replaced, int Imported);

// Reads a BMLT or Meeting Guide file, checks every meeting, and replaces the source's meetings all at once.
// A file that is not the format, or that has one bad meeting, changes nothing.
public sealed class MeetingImport(MeetingStore store)
{
    public const long MaxBytes = 100L * 1024 * 1024;
    public static readonly IReadOnlyList<string> Formats = ["bmlt", "meeting-guide"];

    public async Task<(MeetingImportResult? Result, IReadOnlyList<MeetingError> Errors)> RunAsync(
        ReadOnlyMemory<byte> utf8, string? format, string? serviceBodyKey, string fallbackSource, CancellationToken ct,
        string? actor = null)
    {
        if (format is not null && !Formats.Contains(format))
            return (null,
                [new MeetingError("(file)", "format", $"'{format}' is not one of {string.Join(", ", Formats)}")]);
        (long Id, string TimeZone)? body = null;
        if (serviceBodyKey is not null && (body = await store.ServiceBodyAsync(serviceBodyKey, ct)) is null)
            return (null, [new MeetingError("(file)", "serviceBody", $"'{serviceBodyKey}' is not a service body")]);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            return (null, [new MeetingError("(file)", "",
                $"is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1})")]);
        }
        using (document)
        {
            var root = document.RootElement;
            var (meetings, errors) = (format ?? Detect(root)) == "meeting-guide"
                ? MeetingGuideFormat.Parse(root, body?.TimeZone)
                : BmltFormat.Parse(root, body?.TimeZone);
            if (errors.Count > 0) return (null, errors);
            var duplicate = meetings.GroupBy(m => m.ExternalId).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) return (null, [new MeetingError(duplicate.Key, "id", "appears more than once")]);

            var source = serviceBodyKey ?? fallbackSource;
            var (replaced, imported) = await store.ReplaceSourceAsync(source, body?.Id, meetings, ct, actor);
            return (new MeetingImportResult(source, replaced, imported), []);
        }
    }

    // Meeting Guide meetings carry "day"; BMLT ones "weekday_tinyint" (and BMLT may wrap them in {"meetings": ...}).
    static string Detect(JsonElement root) =>
        root.ValueKind == JsonValueKind.Array
            && root.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } first
            && first.TryGetProperty("day", out _) && !first.TryGetProperty("weekday_tinyint", out _)
            ? "meeting-guide"
            : "bmlt";
}
