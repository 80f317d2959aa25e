using System.Globalization;
using System.Text.Json;

namespace NAPhoneline.Console.Audit;

public sealed record AuditLine(string Key, string Value, bool Changed);

// What to show of a change: for an update only the lines that changed (and how many others stayed the same); for an
// addition or a removal everything.
public sealed record AuditChange(IReadOnlyList<AuditLine> Before, IReadOnlyList<AuditLine> After, int Unchanged);

// The words a person reads for JSON's yes, no and nothing.
public sealed record AuditWords(string Yes, string No, string None);

// The before and after of an audit row as a short "key: value" list, not raw JSON: nested objects become dotted
// keys ("routing.ringSeconds"), lists of plain values are joined with commas, and each object of a list is one
// line ("shifts 2: day: mon, start: 18:00"). Keys are in alphabetical order (jsonb keeps its own order, not the
// writer's), so a dotted group stays together. Keys whose value differs between before and after are marked.
// Pure.
public static class AuditValues
{
    public static IReadOnlyList<(string Key, string Value)> Lines(string? json, AuditWords words)
    {
        if (string.IsNullOrWhiteSpace(json)) return [];
        try
        {
            using var document = JsonDocument.Parse(json);
            var lines = new List<(string, string)>();
            Flatten(document.RootElement, "", lines, words);
            return lines;
        }
        catch (JsonException)
        {
            return [("", json)];
        }
    }

    public static (IReadOnlyList<AuditLine> Before, IReadOnlyList<AuditLine> After) Compare(string? before,
        string? after, AuditWords words)
    {
        var old = Lines(before, words);
        var now = Lines(after, words);
        // Marks only make sense when there is something to compare with (not for an addition or a removal).
        var compare = old.Count > 0 && now.Count > 0;
        var oldByKey = old.GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        var nowByKey = now.GroupBy(l => l.Key).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        bool Differs(string key, string value, Dictionary<string, string> other) =>
            compare && (!other.TryGetValue(key, out var v) || v != value);
        return (old.Select(l => new AuditLine(l.Key, l.Value, Differs(l.Key, l.Value, nowByKey))).ToList(),
            now.Select(l => new AuditLine(l.Key, l.Value, Differs(l.Key, l.Value, oldByKey))).ToList());
    }

    public static AuditChange Change(string? before, string? after, AuditWords words)
    {
        var (old, now) = Compare(before, after, words);
        if (!old.Any(l => l.Changed) && !now.Any(l => l.Changed)) return new AuditChange(old, now, 0);
        var changedKeys = old.Concat(now).Where(l => l.Changed).Select(l => l.Key).ToHashSet(StringComparer.Ordinal);
        return new AuditChange(old.Where(l => l.Changed).ToList(), now.Where(l => l.Changed).ToList(),
            old.Concat(now).Select(l => l.Key).Distinct(StringComparer.Ordinal).Count(k => !changedKeys.Contains(k)));
    }

    static void Flatten(JsonElement element, string key, List<(string, string)> lines, AuditWords words)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var any = false;
                foreach (var property in element.EnumerateObject()
                             .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
                {
                    any = true;
                    Flatten(property.Value, key.Length == 0 ? property.Name : key + "." + property.Name, lines, words);
                }
                if (!any) lines.Add((key, words.None));
                break;
            case JsonValueKind.Array when element.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.Object):
                var n = 0;
                foreach (var item in element.EnumerateArray())
                    lines.Add((string.Create(CultureInfo.InvariantCulture, $"{key} {++n}"), Inline(item, words)));
                break;
            default:
                lines.Add((key, Inline(element, words)));
                break;
        }
    }

    // One value on one line: an object as "name: value, ..." and a list as "a, b, c".
    static string Inline(JsonElement element, AuditWords words) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString() is { Length: > 0 } s ? s : words.None,
        JsonValueKind.True => words.Yes,
        JsonValueKind.False => words.No,
        JsonValueKind.Null or JsonValueKind.Undefined => words.None,
        JsonValueKind.Array => element.GetArrayLength() == 0 ? words.None
            : string.Join(", ", element.EnumerateArray().Select(e => Inline(e, words))),
        JsonValueKind.Object => string.Join(", ", element.EnumerateObject()
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
            .Select(p => p.Name + ": " + Inline(p.Value, words))),
        _ => element.GetRawText(),
    };
}
