using System.Text.Json;
using NAPhoneline.Meetings;

namespace NAPhoneline.Tests.Meetings;

public sealed class MeetingFormatTests
{
    static (IReadOnlyList<Meeting> Meetings, IReadOnlyList<MeetingError> Errors) Bmlt(string json,
        string? zone = "America/New_York") =>
        BmltFormat.Parse(JsonDocument.Parse(json).RootElement, zone);

    static (IReadOnlyList<Meeting> Meetings, IReadOnlyList<MeetingError> Errors) Guide(string json,
        string? zone = "America/Los_Angeles") =>
        MeetingGuideFormat.Parse(JsonDocument.Parse(json).RootElement, zone);

    [Fact]
    public void Reads_bmlt_as_served_with_string_values_and_a_sunday_based_weekday()
    {
        var (meetings, errors) = Bmlt(MeetingFixtures.Bmlt);

        Assert.Empty(errors);
        var step = meetings.Single(m => m.ExternalId == "2566");
        Assert.Equal(1, step.Weekday); // weekday_tinyint 2 = Monday
        Assert.Equal(new TimeOnly(19, 0), step.Start);
        Assert.Equal(90, step.DurationMinutes);
        Assert.Equal("America/New_York", step.TimeZone); // empty time_zone: the service body's
        Assert.True(step.Open);
        Assert.Equal(42.9613734, step.Latitude);
        Assert.Equal("Clifton Springs", step.City);
    }

    [Fact]
    public void Reads_open_closed_hybrid_virtual_and_temporarily_closed_from_formats()
    {
        var meetings = Bmlt(MeetingFixtures.Bmlt).Meetings.ToDictionary(m => m.ExternalId);

        Assert.Equal((false, Attendance.Hybrid), (meetings["2567"].Open, meetings["2567"].Attendance));
        Assert.Equal(0, meetings["2567"].Weekday);
        Assert.Equal(Attendance.Virtual, meetings["2568"].Attendance);
        Assert.Null(meetings["2568"].Latitude); // 0,0 means "not geocoded"
        Assert.True(meetings["2569"].TemporarilyClosed);
    }

    [Fact]
    public void A_bare_bmlt_array_is_accepted()
    {
        var array = JsonDocument.Parse(MeetingFixtures.Bmlt).RootElement.GetProperty("meetings").GetRawText();

        Assert.Equal(4, Bmlt(array).Meetings.Count);
    }

    [Fact]
    public void Without_a_zone_anywhere_the_meeting_is_refused_by_id()
    {
        var error = Assert.Single(Bmlt("""[{ "id_bigint": "9", "weekday_tinyint": "2", "start_time": "19:00:00", "latitude": "1", "longitude": "1", "meeting_name": "X" }]""", zone: null).Errors);

        Assert.Equal(("9", "time_zone"), (error.Id, error.Field));
    }

    [Theory]
    [InlineData("\"weekday_tinyint\": \"8\"", "weekday_tinyint")]
    [InlineData("\"start_time\": \"7pm\"", "start_time")]
    [InlineData("\"latitude\": \"north\"", "latitude")]
    [InlineData("\"meeting_name\": \"\"", "meeting_name")]
    public void Bad_bmlt_records_are_reported_with_their_id_and_field(string change, string field)
    {
        var json = """[{ "id_bigint": "77", "weekday_tinyint": "2", "start_time": "19:00:00", "latitude": "42.1", "longitude": "-77.1", "meeting_name": "Fine" }]""";
        var key = change[..(change.IndexOf(':', StringComparison.Ordinal))];
        var broken = System.Text.RegularExpressions.Regex.Replace(json, key + @": ""[^""]*""", change);

        var error = Assert.Single(Bmlt(broken).Errors);

        Assert.Equal(("77", field), (error.Id, error.Field));
    }

    [Fact]
    public void Something_that_is_not_bmlt_is_refused_whole() =>
        Assert.Equal("(file)", Assert.Single(Bmlt("""{ "hello": "world" }""").Errors).Id);

    [Fact]
    public void Reads_meeting_guide_with_sunday_zero_days_lists_and_unknown_types()
    {
        var (meetings, errors) = Guide(MeetingFixtures.MeetingGuide);

        Assert.Empty(errors);
        var jft = meetings.Single(m => m.ExternalId == "just-for-today");
        Assert.Equal((1, new TimeOnly(18, 30), 60, true), (jft.Weekday, jft.Start, jft.DurationMinutes, jft.Open));
        Assert.Contains("XYZ-unknown", jft.Formats);
        Assert.Equal([1, 3, 5], meetings.Where(m => m.Name == "Early Birds").Select(m => m.Weekday).Order());
        Assert.Equal("America/Los_Angeles", meetings.First(m => m.Name == "Early Birds").TimeZone);
        Assert.Equal(Attendance.Virtual, meetings.Single(m => m.ExternalId == "zoom-night").Attendance);
    }

    [Theory]
    [InlineData("\"day\": 1", "\"day\": 7", "day")]
    [InlineData("\"time\": \"18:30\"", "\"time\": \"half six\"", "time")]
    [InlineData("\"timezone\": \"America/Los_Angeles\"", "\"timezone\": \"Pacific\"", "timezone")]
    public void Bad_meeting_guide_records_are_reported_with_their_slug_and_field(string from, string to, string field)
    {
        var error =
            Assert.Single(Guide(MeetingFixtures.MeetingGuide.Replace(from, to, StringComparison.Ordinal)).Errors);

        Assert.Equal(("just-for-today", field), (error.Id, error.Field));
    }

    [Fact]
    public void A_meeting_guide_file_must_be_an_array() =>
        Assert.Equal("(file)", Assert.Single(Guide("""{ "meetings": [] }""").Errors).Id);
}
