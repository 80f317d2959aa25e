using NAPhoneline.Helplines;

namespace NAPhoneline.Tests.Helplines;

public sealed class VolunteerKeysTests
{
    [Theory]
    [InlineData("Pat R.", "v-pat-r")]
    [InlineData("  José  Ñúñez ", "v-jose-nunez")]
    [InlineData("Mary-Jo O'Neil", "v-mary-jo-o-neil")]
    [InlineData("", "v-volunteer")]
    [InlineData("李", "v-volunteer")]
    public void A_key_is_made_from_the_name(string name, string key) =>
        Assert.Equal(key, VolunteerKeys.From(name, new HashSet<string>()));

    [Fact]
    public void A_taken_key_gets_the_next_free_number()
    {
        Assert.Equal("v-pat-r-2", VolunteerKeys.From("Pat R.", new HashSet<string> { "v-pat-r" }));
        Assert.Equal("v-pat-r-3", VolunteerKeys.From("Pat R.", new HashSet<string> { "v-pat-r", "v-pat-r-2" }));
    }

    [Fact]
    public void A_long_name_makes_a_key_the_import_accepts()
    {
        var key = VolunteerKeys.From(new string('a', 200), new HashSet<string>());
        Assert.True(key.Length <= 64);
        var (plan, errors) = HelplineConfigValidator.Validate(new HelplineConfig
        {
            Volunteers = [new VolunteerConfig { Key = key, Name = "A", Phone = "+16195550177" }],
        }, ExistingStructure.Empty);
        Assert.Empty(errors);
        Assert.NotNull(plan);
    }
}
