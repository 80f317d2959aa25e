using NAPhoneline.Shared;
using NodaTime;

namespace NAPhoneline.Blocking;

public enum BlockKind { Number, Prefix, Anonymous }

// One entry of the blocklist as memory holds it: a number by its keyed hash, a prefix as written, or every
// withheld caller ID; for one body (and the bodies below it) or everywhere (BodyId null).
public sealed record BlockEntry(long Id, BlockKind Kind, string? NumberHash, string? Prefix, long? BodyId,
    Instant? Until, string Reason);

// Whether a caller is blocked at a helpline (CONTRACT 15). Pure: the caller's hashes (one per privacy key) and the
// helpline's chain (itself and the bodies above it) come in.
public static class BlockRules
{
    public static BlockEntry? Find(IReadOnlyList<BlockEntry> entries, string? from, IReadOnlyList<string> hashes,
        IReadOnlyCollection<long> chain, Instant now)
    {
        var withheld = E164.IsWithheld(from);
        foreach (var e in entries)
        {
            if (e.Until is { } until && until <= now) continue;
            if (e.BodyId is { } body && !chain.Contains(body)) continue;
            var hit = e.Kind switch
            {
                BlockKind.Anonymous => withheld,
                BlockKind.Prefix => !withheld && from!.StartsWith(e.Prefix!, StringComparison.Ordinal),
                _ => !withheld && hashes.Contains(e.NumberHash!),
            };
            if (hit) return e;
        }
        return null;
    }

    public static string Word(BlockKind kind) => kind switch
    {
        BlockKind.Prefix => "prefix",
        BlockKind.Anonymous => "anonymous",
        _ => "number",
    };

    public static BlockKind? Parse(string? word) => word switch
    {
        "number" => BlockKind.Number,
        "prefix" => BlockKind.Prefix,
        "anonymous" => BlockKind.Anonymous,
        _ => null,
    };
}
