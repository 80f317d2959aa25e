using NAPhoneline.State;
using NAPhoneline.Routing;

namespace NAPhoneline.Tests.Routing;

public sealed class RingOrderTests
{
    static readonly Candidate[] Team =
    [
        new(10, ["en"], false), new(20, ["en", "es"], false), new(30, ["en"], false), new(40, ["en", "es"], false),
    ];

    [Theory]
    [InlineData(null, new long[] { 10, 20, 30, 40 })]
    [InlineData(10L, new long[] { 20, 30, 40, 10 })]
    [InlineData(30L, new long[] { 40, 10, 20, 30 })]
    [InlineData(40L, new long[] { 10, 20, 30, 40 })]
    [InlineData(25L, new long[] { 30, 40, 10, 20 })] // the last starter went off duty: carry on after where they stood
    public void Round_robin_starts_after_the_last_starter(long? last, long[] expected) =>
        Assert.Equal(expected, RingOrder.For(Team, RoutingStrategy.RoundRobin, "en", last, new Random(1)));

    [Fact]
    public void A_spanish_call_tries_spanish_speakers_first_in_rotation_order() =>
        Assert.Equal([40L, 20L, 30L, 10L], RingOrder.For(Team, RoutingStrategy.RoundRobin, "es", 20, new Random(1)));

    [Fact]
    public void Volunteers_on_another_call_are_left_out() =>
        Assert.Equal([30L, 40L, 10L], RingOrder.For(
            Team.Select(c => c.VolunteerId == 20 ? c with { Busy = true } : c).ToList(), RoutingStrategy.RoundRobin,
            "en", 10, new Random(1)));

    [Fact]
    public void Random_uses_everyone_once_in_a_shuffled_order()
    {
        var order = RingOrder.For(Team, RoutingStrategy.Random, "en", null, new Random(42));

        Assert.Equal([10L, 20L, 30L, 40L], order.Order());
    }

    [Fact]
    public void Simultaneous_rings_at_most_ten()
    {
        var big = Enumerable.Range(1, 15).Select(i => new Candidate(i, ["en"], false)).ToList();

        Assert.Equal(10, RingOrder.For(big, RoutingStrategy.Simultaneous, "en", null, new Random(1)).Count);
    }

    [Fact]
    public void Nobody_free_means_nobody_to_ring() =>
        Assert.Empty(RingOrder.For(Team.Select(c => c with { Busy = true }).ToList(), RoutingStrategy.RoundRobin, "en",
            null, new Random(1)));

    [Fact]
    public void An_english_call_tries_a_volunteer_who_speaks_only_spanish_last() =>
        Assert.Equal([10L, 30L], RingOrder.For(
            [new Candidate(5, ["es"], false), new Candidate(10, ["en"], false), new Candidate(30, ["en"], false)],
            RoutingStrategy.RoundRobin, "en", null, new Random(1)).Take(2));
}
