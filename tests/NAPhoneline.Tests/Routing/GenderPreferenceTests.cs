using NAPhoneline.Routing;
using NAPhoneline.Shared.Calls;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;

namespace NAPhoneline.Tests.Routing;

// CONTRACT 14: a caller who asks for a woman or a man. The known failure this guards against: another system rang
// men first whatever the caller chose.
public sealed class GenderPreferenceTests
{
    // In rotation order the men (10, 20) come before the women (30, 40); 40 is a backup.
    static readonly OnDutyCandidate[] OnDuty =
    [
        new(10, ["en"], Gender: "male"), new(20, ["en", "es"], Gender: "male"),
        new(30, ["en"], Gender: "female"), new(40, ["en"], Backup: true, Gender: "female"),
    ];

    static PickPlan Plan(RoutingStrategy strategy, GenderPreference gender, string language = "en",
        IReadOnlyList<OnDutyCandidate>? onDuty = null, params (long Volunteer, bool Answered, int Round)[] tried) =>
        LegPick.Plan(onDuty ?? OnDuty, strategy, language, new PickInputs(new HashSet<long>(), null, tried),
            new Random(3), gender);

    [Fact]
    public void Asking_for_a_woman_rings_the_women_first_then_the_men_and_backups_stay_last()
    {
        Assert.Equal([30L, 10L, 20L, 40L], Plan(RoutingStrategy.RoundRobin, GenderPreference.Female).Order);
        Assert.Equal([10L, 20L, 30L, 40L], Plan(RoutingStrategy.RoundRobin, GenderPreference.Male).Order);
        Assert.Equal([10L, 20L, 30L, 40L], Plan(RoutingStrategy.RoundRobin, GenderPreference.None).Order);
    }

    [Fact]
    public void The_callers_language_comes_before_the_gender_asked_for()
    {
        // A Spanish speaker asking for a woman: the Spanish-speaking man, then the woman who speaks only English.
        Assert.Equal([20L, 30L, 10L, 40L], Plan(RoutingStrategy.RoundRobin, GenderPreference.Female, "es").Order);
    }

    [Fact]
    public void Ringing_at_once_rings_only_the_women_first_then_everyone()
    {
        Assert.Equal([30L], Plan(RoutingStrategy.Simultaneous, GenderPreference.Female).Order);
        var second = Plan(RoutingStrategy.Simultaneous, GenderPreference.Female, tried: (30, false, 0));
        Assert.Equal([30L, 10L, 20L, 40L], second.Order);
    }

    [Fact]
    public void With_nobody_of_that_gender_free_everyone_rings_never_nobody()
    {
        OnDutyCandidate[] men = [new(10, ["en"], Gender: "male"), new(20, ["en"], Gender: "male")];
        Assert.Equal([10L, 20L], Plan(RoutingStrategy.RoundRobin, GenderPreference.Female, onDuty: men).Order);
        Assert.Equal([10L, 20L], Plan(RoutingStrategy.Simultaneous, GenderPreference.Female, onDuty: men).Order);
        // A volunteer who has not said their gender matches "anyone" only.
        OnDutyCandidate[] unsaid = [new(10, ["en"]), new(20, ["en"], Gender: "female")];
        Assert.Equal([20L, 10L], Plan(RoutingStrategy.RoundRobin, GenderPreference.Female, onDuty: unsaid).Order);
    }

    [Theory]
    [InlineData("1", GenderPreference.Female)]
    [InlineData("2", GenderPreference.Male)]
    [InlineData("3", GenderPreference.None)]
    [InlineData("", GenderPreference.None)]
    [InlineData(null, GenderPreference.None)]
    [InlineData("9", GenderPreference.None)]
    public void The_keypad_answer_reads_as_a_preference_and_silence_as_none(string? digits, GenderPreference expected)
    {
        Assert.Equal(expected, CallContext.GenderFromKey(digits));
        Assert.Equal(expected, CallContext.ParseGender(CallContext.Word(expected)));
    }
}
