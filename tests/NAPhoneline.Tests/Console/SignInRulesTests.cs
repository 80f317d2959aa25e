using NAPhoneline.Console;

namespace NAPhoneline.Tests.Console;

public sealed class SignInRulesTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 24, 20, 0, 0, TimeSpan.Zero);
    static readonly SignInRules.CodeState Fresh = new(true, Now.AddMinutes(10), 0, false);

    [Fact]
    public void The_right_code_in_time_signs_in() =>
        Assert.Equal(CodeVerdict.SignedIn, SignInRules.Check(Fresh, true, Now, 5));

    [Fact]
    public void A_wrong_code_is_wrong_and_the_fifth_try_is_the_last() =>
        Assert.Equal([CodeVerdict.Wrong, CodeVerdict.SignedIn, CodeVerdict.TooManyTries],
            [SignInRules.Check(Fresh, false, Now, 5), SignInRules.Check(Fresh with { Tries = 4 }, true, Now, 5),
             SignInRules.Check(Fresh with { Tries = 5 }, true, Now, 5)]);

    [Fact]
    public void A_code_expires_at_its_time_and_is_single_use()
    {
        Assert.Equal(CodeVerdict.Expired, SignInRules.Check(Fresh, true, Now.AddMinutes(10), 5));
        Assert.Equal(CodeVerdict.SignedIn, SignInRules.Check(Fresh, true, Now.AddMinutes(10).AddTicks(-1), 5));
        Assert.Equal(CodeVerdict.Used, SignInRules.Check(Fresh with { Used = true }, true, Now, 5));
        Assert.Equal(CodeVerdict.Unknown, SignInRules.Check(null, false, Now, 5));
    }

    [Fact]
    public void An_unknown_numbers_code_never_matches() =>
        Assert.Equal(CodeVerdict.Wrong, SignInRules.Check(Fresh with { ForAPerson = false }, true, Now, 5));

    [Fact]
    public void Codes_are_limited_per_number_and_per_address()
    {
        var options = new ConsoleOptions { CodesPerNumberPerHour = 5, CodesPerAddressPerHour = 30 };
        Assert.Equal(CodeRequestVerdict.Send, SignInRules.MaySend(4, 29, options));
        Assert.Equal(CodeRequestVerdict.TooManyForNumber, SignInRules.MaySend(5, 0, options));
        Assert.Equal(CodeRequestVerdict.TooManyFromAddress, SignInRules.MaySend(0, 30, options));
    }
}
