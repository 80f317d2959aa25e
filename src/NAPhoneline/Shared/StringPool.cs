namespace NAPhoneline.Shared;

// One copy of each repeated value while a large set is loaded (time zones, regions, meeting formats): 80,000
// meetings and 180,000 places repeat a few hundred such values, and every row read brings a new copy of each.
public sealed class StringPool
{
    readonly Dictionary<string, string> strings = new(StringComparer.Ordinal);
    readonly Dictionary<string, string[]> lists = new(StringComparer.Ordinal);

    public string Get(string value) =>
        value.Length == 0 ? "" : strings.TryGetValue(value, out var kept) ? kept : strings[value] = value;

    public IReadOnlyList<string> Get(IReadOnlyList<string> values)
    {
        if (values.Count == 0) return [];
        var key = string.Join('\u001f', values);
        return lists.TryGetValue(key, out var kept) ? kept : lists[key] = values.Select(Get).ToArray();
    }
}
