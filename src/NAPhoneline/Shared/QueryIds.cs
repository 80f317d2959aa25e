using System.Globalization;

namespace NAPhoneline.Shared;

// Query values in our own callback URLs are parsed by hand: minimal APIs answer 400 to an unparsable number,
// and a voice webhook must answer TwiML whatever it is sent.
public static class QueryIds
{
    public static long? Long(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static int? Int(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}
