using System.Globalization;
using System.Resources;
using NAPhoneline.Routing;
using NAPhoneline.Shared.Calls;
using NodaTime;

namespace NAPhoneline.Tests.Routing;

public sealed class CallHistoryTests
{
    static readonly DateTimeZone LosAngeles = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];

    [Theory]
    [InlineData("answered", true, CallCategory.Answered)]
    [InlineData("answered-by-fallback", true, CallCategory.Answered)]
    [InlineData("answered-by-contact", false, CallCategory.Answered)]
    [InlineData("voicemail", true, CallCategory.Voicemail)]
    [InlineData("no-message", true, CallCategory.Missed)]
    [InlineData("caller-hung-up", true, CallCategory.Missed)]
    [InlineData(null, true, CallCategory.Missed)]
    [InlineData("caller-hung-up", false, CallCategory.Other)]
    [InlineData("request:twelfth-step", false, CallCategory.Other)]
    [InlineData(null, false, CallCategory.Other)]
    public void Each_call_falls_in_one_category(string? outcome, bool searched, CallCategory expected) =>
        Assert.Equal(expected, CallHistory.Category(outcome, searched));

    [Fact]
    public void Only_the_three_filter_words_are_filters()
    {
        Assert.Equal(CallCategory.Missed, CallHistory.ParseFilter("missed"));
        Assert.Null(CallHistory.ParseFilter("other"));
        Assert.Null(CallHistory.ParseFilter("Answered"));
        Assert.Null(CallHistory.ParseFilter(null));
        Assert.Equal("voicemail", CallHistory.Name(CallCategory.Voicemail));
    }

    [Fact]
    public void A_day_starts_at_local_midnight()
    {
        var (from, until) = CallHistory.Days(new LocalDate(2026, 11, 24), new LocalDate(2026, 11, 24), LosAngeles);

        Assert.Equal(Instant.FromUtc(2026, 11, 24, 8, 0), from);
        Assert.Equal(Instant.FromUtc(2026, 11, 25, 8, 0), until);
    }

    [Fact]
    public void The_autumn_change_makes_a_day_of_25_hours_and_the_spring_one_of_23()
    {
        var (autumnFrom, autumnUntil) = CallHistory.Days(new LocalDate(2026, 11, 1), new LocalDate(2026, 11, 1),
            LosAngeles);
        var (springFrom, springUntil) = CallHistory.Days(new LocalDate(2027, 3, 14), new LocalDate(2027, 3, 14),
            LosAngeles);

        Assert.Equal(Instant.FromUtc(2026, 11, 1, 7, 0), autumnFrom); // still PDT at midnight
        Assert.Equal(Duration.FromHours(25), autumnUntil - autumnFrom);
        Assert.Equal(Instant.FromUtc(2027, 3, 14, 8, 0), springFrom); // PST at midnight
        Assert.Equal(Duration.FromHours(23), springUntil - springFrom);
    }

    [Fact]
    public void A_range_includes_its_last_date()
    {
        var (from, until) = CallHistory.Days(new LocalDate(2026, 10, 31), new LocalDate(2026, 11, 2), LosAngeles);

        Assert.Equal(Duration.FromHours(73), until - from);
    }

    [Fact]
    public void Steps_and_outcomes_become_resource_keys()
    {
        Assert.Equal("Step-menu-TalkToMember", CallHistory.StepKey("menu:TalkToMember"));
        Assert.Equal("Outcome-request-twelfth-step", CallHistory.OutcomeKey("request:twelfth-step", ended: true));
        Assert.Equal("Outcome-in-progress", CallHistory.OutcomeKey(null, ended: false));
        Assert.Equal("Outcome-ended", CallHistory.OutcomeKey(null, ended: true));
    }

    static readonly ResourceManager Words = new("NAPhoneline.Routing.CallsText", typeof(CallHistory).Assembly);

    public static TheoryData<string> Languages => new() { "en", "es" };

    [Theory]
    [MemberData(nameof(Languages))]
    public void Every_leg_status_kind_outcome_and_known_step_has_words(string language)
    {
        var culture = CultureInfo.GetCultureInfo(language);
        var keys = Enum.GetValues<LegStatus>().Select(s => "Leg-" + CallWords.Status(s))
            .Concat(Enum.GetValues<LegKind>().Where(k => k != LegKind.Volunteer)
                .Select(k => "Leg-kind-" + CallWords.Kind(k)))
            .Concat(new[] { "answered", "answered-by-fallback", "answered-by-contact", "voicemail", "no-message",
                "caller-hung-up", "request:twelfth-step", "request:hi", "request:pi", "request:callback" }
                .Select(o => CallHistory.OutcomeKey(o, true)))
            .Concat(new[] { "menu:FindMeeting", "menu:TalkToMember", "menu:no-input", "menu:invalid",
                "meetings:place-not-found", "meetings:none", "meetings:talk", "request:twelfth-step", "request:hi",
                "request:pi", "request:callback", "request:no-number", "chair:hi", "chair:pi" }
                .Select(CallHistory.StepKey))
            .Concat(Enum.GetValues<CallCategory>().Select(c => "Category-" + CallHistory.Name(c)));

        Assert.All(keys, key => Assert.False(string.IsNullOrEmpty(Words.GetString(key, culture)), key));
    }
}
