using PhoneNumbers;

namespace NAPhoneline.Shared;

// Caller numbers are personal data about people in recovery: logs and call records only ever see them masked.
public static class E164
{
    public const string Pattern = @"^\+[1-9][0-9]{6,14}$";

    static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static bool IsValid(string? number) =>
        number is not null && System.Text.RegularExpressions.Regex.IsMatch(number, Pattern);

    // Twilio's stand-ins for a hidden caller ID, spelt on a keypad: ANONYMOUS, RESTRICTED, UNAVAILABLE, UNKNOWN,
    // BLOCKED.
    static readonly HashSet<string> Withheld = ["+266696687", "+7378742833", "+86282452253", "+8656696", "+2562533"];

    // A number we can call back: well-formed and not one of the stand-ins for a withheld caller ID.
    public static bool IsCallable(string? number) => IsValid(number) && !Withheld.Contains(number!);

    // No caller ID to go by: withheld, one of its stand-ins, or nothing readable (CONTRACT 15 "anonymous").
    public static bool IsWithheld(string? number) => !IsValid(number) || Withheld.Contains(number!);

    // "+16195550142" -> "+1619***0142": enough to tell calls apart in a log, not enough to call anyone back.
    public static string Mask(string? number)
    {
        if (string.IsNullOrWhiteSpace(number)) return "(none)";
        if (!IsValid(number)) return "(withheld)";
        return number.Length <= 8 ? number[..2] + "***" : number[..5] + "***" + number[^4..];
    }

    // Normalises obvious national forms ("(619) 555-0100" in a US helpline) to E.164; null when it is not a number.
    public static string? Normalize(string? input, string defaultRegion = "US")
    {
        if (string.IsNullOrWhiteSpace(input)) return null;
        try
        {
            var parsed = Util.Parse(input.Trim(), defaultRegion);
            return Util.IsValidNumber(parsed) ? Util.Format(parsed, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    // "+16195550100" -> "US", "+14165550100" -> "CA": the country a helpline number belongs to, for its units.
    public static string? Region(string? number)
    {
        if (!IsValid(number)) return null;
        try
        {
            var region = Util.GetRegionCodeForNumber(Util.Parse(number, null));
            return string.IsNullOrEmpty(region) || region == "ZZ" ? null : region;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
