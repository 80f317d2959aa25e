using NAPhoneline.Routing;

namespace NAPhoneline.Tests.Routing;

public sealed class FallbackChainTests
{
    [Fact]
    public void A_new_search_tries_volunteers_then_the_helplines_number_then_the_global_one_then_voicemail() =>
        Assert.Equal([RouteStage.Volunteers, RouteStage.Fallback, RouteStage.Global, RouteStage.Voicemail],
            FallbackChain.From(RouteStage.Volunteers, secondsLeft: 120, hasOwnFallback: true, globalDialled: false));

    [Fact]
    public void Without_a_number_of_its_own_the_helpline_goes_straight_to_the_global_one() =>
        Assert.Equal([RouteStage.Volunteers, RouteStage.Global, RouteStage.Voicemail],
            FallbackChain.From(RouteStage.Volunteers, 120, hasOwnFallback: false, globalDialled: false));

    [Theory]
    [InlineData(5, true)]
    [InlineData(4, false)]
    [InlineData(-30, false)]
    public void Volunteers_are_tried_only_while_a_ring_of_five_seconds_fits(int secondsLeft, bool volunteers) =>
        Assert.Equal(volunteers, FallbackChain.From(RouteStage.Volunteers, secondsLeft, true,
            false).Contains(RouteStage.Volunteers));

    [Fact]
    public void The_global_number_is_dialled_once_per_call() =>
        Assert.Equal([RouteStage.Voicemail], FallbackChain.From(RouteStage.Global, 120, true, globalDialled: true));

    [Theory]
    [InlineData(RouteStage.Volunteers, RouteStage.Volunteers)]
    [InlineData(RouteStage.Fallback, RouteStage.Region)]
    [InlineData(RouteStage.Region, RouteStage.Global)]
    [InlineData(RouteStage.Global, RouteStage.Voicemail)]
    public void After_a_dial_nobody_took_the_search_moves_on(RouteStage ended, RouteStage next) =>
        Assert.Equal(next, FallbackChain.After(ended));

    [Fact]
    public void The_voicemail_is_always_the_last_resort() =>
        Assert.All(Enum.GetValues<RouteStage>(), stage =>
            Assert.Equal(RouteStage.Voicemail, FallbackChain.From(stage, 0, false, true)[^1]));

    [Theory]
    [InlineData("fallback", RouteStage.Fallback)]
    [InlineData("global", RouteStage.Global)]
    [InlineData("region", RouteStage.Region)]
    [InlineData("volunteers", RouteStage.Volunteers)]
    [InlineData("nonsense", RouteStage.Volunteers)]
    [InlineData(null, RouteStage.Volunteers)]
    public void Stages_travel_in_urls_by_name(string? name, RouteStage stage)
    {
        Assert.Equal(stage, FallbackChain.Parse(name));
        Assert.Equal(stage, FallbackChain.Parse(FallbackChain.Name(stage)));
    }

    // CONTRACT 14: a call routed to an area tries the regional body's own volunteers before the global number.
    [Fact]
    public void A_routed_call_tries_the_regions_volunteers_after_the_areas_own_chain()
    {
        Assert.Equal([RouteStage.Volunteers, RouteStage.Fallback, RouteStage.Region, RouteStage.Global,
                RouteStage.Voicemail],
            FallbackChain.From(RouteStage.Volunteers, 120, hasOwnFallback: true, globalDialled: false,
                regionOnDuty: true));
        Assert.Equal([RouteStage.Region, RouteStage.Global, RouteStage.Voicemail],
            FallbackChain.From(RouteStage.Region, 0, hasOwnFallback: true, globalDialled: false, regionOnDuty: true));
        Assert.Equal([RouteStage.Global, RouteStage.Voicemail],
            FallbackChain.From(RouteStage.Region, 0, true, false, regionOnDuty: false));
    }
}
