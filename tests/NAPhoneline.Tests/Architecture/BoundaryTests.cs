using NAPhoneline.Telephony;

namespace NAPhoneline.Tests.Architecture;

public sealed class BoundaryTests
{
    // The telephony library is protocol only: it must never learn about helplines, volunteers or meetings.
    [Fact]
    public void The_telephony_library_does_not_reference_the_service() =>
        Assert.DoesNotContain(typeof(TelephonyOptions).Assembly.GetReferencedAssemblies(),
            a => a.Name is "NAPhoneline" or "NAPhoneline.Simulator");
}
