namespace NAPhoneline.Tests.Meetings;

// tests/Fixtures/meetings: written in the shapes real feeds have (BMLT serves every value as a string and often no
// time_zone; Meeting Guide days start at 0 = Sunday and may be lists).
public static class MeetingFixtures
{
    public static string Bmlt => Read("bmlt-sample.json");
    public static string MeetingGuide => Read("meeting-guide-sample.json");

    static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "meetings", name));
}
