using NAPhoneline.Shared.Voice;
using NAPhoneline.Shared;

namespace NAPhoneline.Tests.Shared;

public sealed class E164Tests
{
    [Theory]
    [InlineData("+16195550142", "+1619***0142")]
    [InlineData("+442071234567", "+4420***4567")]
    [InlineData(null, "(none)")]
    [InlineData("anonymous", "(withheld)")]
    [InlineData("client:alice", "(withheld)")]
    public void Masks_caller_numbers_for_logs(string? number, string expected) =>
        Assert.Equal(expected, E164.Mask(number));

    [Theory]
    [InlineData("(619) 555-0100", "+16195550100")]
    [InlineData("+1 619 555 0100", "+16195550100")]
    [InlineData("619.555.0100", "+16195550100")]
    public void Normalises_obvious_national_forms(string input, string expected) =>
        Assert.Equal(expected, E164.Normalize(input));

    [Theory]
    [InlineData("555")]
    [InlineData("not a number")]
    [InlineData("")]
    public void Rejects_what_is_not_a_phone_number(string input) =>
        Assert.Null(E164.Normalize(input));

    [Theory]
    [InlineData("+16195550100", "911")]
    [InlineData("+442071234567", "999")]
    [InlineData("+34911234567", "112")]
    [InlineData(null, "112")]
    public void The_emergency_notice_uses_the_helplines_country(string? number, string expected) =>
        Assert.Equal(expected, EmergencyNumbers.For(number));

    [Theory]
    [InlineData("+16195550100", "US")]
    [InlineData("+14165550123", "CA")]
    [InlineData("+442071234567", "GB")]
    [InlineData("not a number", null)]
    public void Tells_the_country_of_a_helpline_number(string number, string? region) =>
        Assert.Equal(region, E164.Region(number));

    [Theory]
    [InlineData("+16195550142", true)]
    [InlineData("+266696687", false)]  // ANONYMOUS
    [InlineData("+7378742833", false)] // RESTRICTED
    [InlineData("anonymous", false)]
    [InlineData(null, false)]
    public void Only_a_real_number_can_be_called_back(string? number, bool callable) =>
        Assert.Equal(callable, E164.IsCallable(number));
}
