namespace NAPhoneline.Console;

public enum CodeVerdict { SignedIn, Wrong, Expired, TooManyTries, Used, Unknown }

public enum CodeRequestVerdict { Send, TooManyForNumber, TooManyFromAddress }

// Pure rules of sign-in by SMS code: single use, a lifetime, a number of tries, and how often codes may be asked.
public static class SignInRules
{
    public sealed record CodeState(bool ForAPerson, DateTimeOffset ExpiresAt, int Tries, bool Used);

    public static CodeVerdict Check(CodeState? code, bool matches, DateTimeOffset now, int maxTries) => code switch
    {
        null => CodeVerdict.Unknown,
        { Used: true } => CodeVerdict.Used,
        { Tries: var t } when t >= maxTries => CodeVerdict.TooManyTries,
        { ExpiresAt: var e } when e <= now => CodeVerdict.Expired,
        // A number nobody knows gets a code form too, and no code ever matches it.
        { ForAPerson: false } => CodeVerdict.Wrong,
        _ when !matches => CodeVerdict.Wrong,
        _ => CodeVerdict.SignedIn,
    };

    public static CodeRequestVerdict MaySend(int codesForNumberLastHour, int codesFromAddressLastHour,
        ConsoleOptions options) =>
        codesFromAddressLastHour >= options.CodesPerAddressPerHour ? CodeRequestVerdict.TooManyFromAddress
        : codesForNumberLastHour >= options.CodesPerNumberPerHour ? CodeRequestVerdict.TooManyForNumber
        : CodeRequestVerdict.Send;
}
