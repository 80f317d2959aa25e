using NAPhoneline.Meetings.Places;

namespace NAPhoneline.Tests.Meetings;

public sealed class PlaceDirectoryTests
{
    static readonly PlaceDirectory Places = PlaceDirectory.FromEmbeddedFile();

    [Theory]
    [InlineData("92101", "San Diego", 32.7)]
    [InlineData("92101-1234", "San Diego", 32.7)]
    [InlineData(" 10001 ", "New York", 40.7)]
    public void Finds_us_zip_codes(string input, string city, double latitude)
    {
        var place = Places.PostalCode(input)!;

        Assert.Equal(city, place.Name);
        Assert.Equal(latitude, place.Latitude, 0.1);
    }

    [Theory]
    [InlineData("M5V 3L9")]
    [InlineData("m5v")]
    public void Finds_canadian_postal_prefixes(string input) =>
        Assert.Equal(43.65, Places.PostalCode(input)!.Latitude, 0.1);

    [Theory]
    [InlineData("00000")]
    [InlineData("1234")]
    [InlineData("hello")]
    public void Unknown_codes_are_not_found(string input) => Assert.Null(Places.PostalCode(input));

    [Fact]
    public void A_city_name_picks_the_most_populous_without_a_hint() =>
        Assert.Equal("US", Places.City("San Diego")!.Country);

    [Fact]
    public void The_helplines_region_wins_among_same_named_cities()
    {
        // Springfield, Illinois is larger than Springfield, Oregon; a helpline in Eugene means the Oregon one.
        var nearEugene = Places.City("springfield", 44.05, -123.09)!;

        Assert.Equal(("OR", "US"), (nearEugene.Region, nearEugene.Country));
    }

    [Theory]
    [InlineData("san diego california")]
    [InlineData("San Diego, CA")]
    [InlineData("SAN   DIEGO")]
    public void Extra_words_case_and_punctuation_are_tolerated(string input) =>
        Assert.Equal(32.7, Places.City(input)!.Latitude, 0.1);

    [Fact]
    public void Accents_do_not_matter() =>
        Assert.Equal("CA", Places.City("Saint-Jerome")!.Country);

    [Fact]
    public void Operators_can_add_local_names()
    {
        var places = PlaceDirectory.FromEmbeddedFile();
        places.Add("Hillcrest", new Place("Hillcrest", "CA", "US", 32.748, -117.166, 0));

        Assert.Equal(32.748, places.City("hillcrest", 32.7, -117.1)!.Latitude, 0.001);
    }

    [Fact]
    public void The_file_holds_zip_codes_postal_prefixes_and_cities() =>
        Assert.InRange(Places.Count, 170_000, 190_000);
}
