using NAPhoneline.Routing;
using NAPhoneline.Shared.Calls;
using NAPhoneline.State;

namespace NAPhoneline.Tests.Routing;

public sealed class LegPickTests
{
    static readonly OnDutyCandidate[] OnDuty = [new(10, ["en"]), new(20, ["en", "es"]), new(30, ["en"])];

    static PickPlan Plan(RoutingStrategy strategy, long? last = null, string language = "en",
        IReadOnlySet<long>? busy = null,
        params (long Volunteer, bool Answered, int Round)[] tried) =>
        LegPick.Plan(OnDuty, strategy, language, new PickInputs(busy ?? new HashSet<long>(), last, tried),
            new Random(3));

    [Fact]
    public void A_calls_first_leg_starts_after_the_bodys_last_starter_and_moves_the_rotation_on()
    {
        var plan = Plan(RoutingStrategy.RoundRobin, last: 10);
        Assert.Equal([20L, 30L, 10L], plan.Order);
        Assert.Equal(0, plan.Round);
        Assert.True(plan.RememberStarter);
        Assert.False(plan.AllAtOnce);
    }

    [Fact]
    public void Later_legs_keep_the_calls_own_order_and_skip_whoever_was_tried()
    {
        var plan = Plan(RoutingStrategy.RoundRobin, last: 30, tried: (20, true, 0));
        Assert.Equal([30L, 10L], plan.Order);
        Assert.Equal(1, plan.Round);
        Assert.False(plan.RememberStarter);
    }

    [Fact]
    public void A_simultaneous_round_rings_again_phones_that_did_not_pick_up_but_not_one_that_declined()
    {
        var plan = Plan(RoutingStrategy.Simultaneous, tried: [(10, false, 0), (20, true, 0), (30, false, 0)]);
        Assert.Equal([10L, 30L], plan.Order);
        Assert.True(plan.AllAtOnce);
        Assert.Equal(1, plan.Round);
        Assert.False(plan.RememberStarter);
    }

    [Fact]
    public void Busy_volunteers_are_not_rung_and_a_spanish_call_tries_spanish_speakers_first()
    {
        Assert.Equal([30L], Plan(RoutingStrategy.RoundRobin, busy: new HashSet<long> { 10, 20 }).Order);
        Assert.Equal(20L, Plan(RoutingStrategy.RoundRobin, language: "es").Order[0]);
    }

    [Fact]
    public void Random_order_rings_everyone_once_and_never_moves_the_rotation()
    {
        var plan = Plan(RoutingStrategy.Random);
        Assert.Equal([10L, 20L, 30L], plan.Order.Order());
        Assert.False(plan.RememberStarter);
    }

    [Fact]
    public void Simultaneous_ringing_is_capped_at_twilios_ten_numbers()
    {
        var many = Enumerable.Range(1, 25).Select(i => new OnDutyCandidate(i, ["en"])).ToList();
        var plan = LegPick.Plan(many, RoutingStrategy.Simultaneous, "en", new PickInputs(new HashSet<long>(), null,
            []), new Random(1));
        Assert.Equal(RingOrder.SimultaneousCap, plan.Order.Count);
    }
}
