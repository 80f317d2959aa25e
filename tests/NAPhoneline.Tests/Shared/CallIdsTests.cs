using NAPhoneline.Shared.Calls;
using NodaTime;

namespace NAPhoneline.Tests.Shared;

public sealed class CallIdsTests
{
    [Fact]
    public void Every_instance_derives_the_same_id_for_a_call_far_above_the_old_identity_ids()
    {
        Assert.Equal(CallIds.ForCall("CA123"), CallIds.ForCall("CA123"));
        Assert.NotEqual(CallIds.ForCall("CA123"), CallIds.ForCall("CA124"));
        Assert.True(CallIds.ForCall("CA123") > 1L << 61);
    }

    [Fact]
    public void Leg_ids_grow_even_when_the_clock_stands_still_or_goes_back()
    {
        var now = Instant.FromUtc(2026, 11, 24, 20, 0);
        var ids = new[] { CallIds.NextLeg(now), CallIds.NextLeg(now), CallIds.NextLeg(now - Duration.FromMinutes(5)),
            CallIds.NextLeg(now) };
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(id > 0));
    }
}
