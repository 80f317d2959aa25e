using System.Globalization;

namespace NAPhoneline.Console;

// Where an "Older" link carries on in a list kept newest first: the time and id of the last row shown, as
// "<microseconds since 1970>_<id>". Neither is caller data. Rows older than (At, Id) come next; ties on the time
// are broken by the id, so no row is skipped or shown twice.
public readonly record struct PageCursor(DateTime At, long Id)
{
    public static PageCursor After(DateTime at, long id) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc), id);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(At.ToUniversalTime() - DateTime.UnixEpoch).Ticks / 10}_{Id}");

    // Anything else (edited by hand, cut short) is no cursor: the list starts at the newest row.
    public static PageCursor? Parse(string? text)
    {
        var parts = text?.Split('_');
        if (parts is not [var micros, var id]
            || !long.TryParse(micros, NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            || m > (DateTime.MaxValue - DateTime.UnixEpoch).Ticks / 10)
            return null;
        return new PageCursor(DateTime.UnixEpoch.AddTicks(m * 10), i);
    }
}
