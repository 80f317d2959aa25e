using System.Security.Cryptography;
using System.Text;
using NodaTime;

namespace NAPhoneline.Shared.Calls;

// Ids made without asking the database. A call's id is a hash of its CallSid, so whichever instance gets a webhook
// agrees on it; leg ids grow with time (legs of one instance keep their order), with a random instance part so two
// instances do not collide. Both sit far above the small numbers the old identity columns handed out.
public static class CallIds
{
    static readonly Instant Epoch = Instant.FromUtc(2026, 1, 1, 0, 0);
    static readonly long Instance = RandomNumberGenerator.GetInt32(1 << 12);
    static long last; // changed only through Interlocked

    public static long ForCall(string callSid)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(callSid));
        return (BitConverter.ToInt64(hash, 0) & 0x1FFF_FFFF_FFFF_FFFF) | 0x2000_0000_0000_0000;
    }

    public static long NextLeg(Instant now)
    {
        var basis = ((long)(now - Epoch).TotalMilliseconds << 22) | (Instance << 10);
        while (true)
        {
            var seen = Interlocked.Read(ref last);
            var next = Math.Max(seen + 1, basis);
            if (Interlocked.CompareExchange(ref last, next, seen) == seen) return next;
        }
    }
}
