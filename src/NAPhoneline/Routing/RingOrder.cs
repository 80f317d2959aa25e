using NAPhoneline.State;

namespace NAPhoneline.Routing;

public sealed record Candidate(long VolunteerId, IReadOnlyList<string> Languages, bool Busy, bool Backup = false);

// The order in which a call tries the volunteers on duty. Pure: the rotation state and randomness come in.
public static class RingOrder
{
    // Twilio rings at most ten numbers in one Dial.
    public const int SimultaneousCap = 10;

    // round-robin: start after the volunteer who started the last call (in a stable order by id), so the first ring
    // goes round the team; random: a shuffled order; simultaneous: everyone free at once (up to Twilio's 10 numbers).
    // Volunteers on another helpline call are left out, and a caller's language comes first.
    public static IReadOnlyList<long> For(IReadOnlyList<Candidate> onDuty, RoutingStrategy strategy, string language,
        long? lastStarter, Random random)
    {
        var free = onDuty.Where(c => !c.Busy).OrderBy(c => c.VolunteerId).ToList();
        if (free.Count == 0) return [];

        List<Candidate> ordered;
        if (strategy == RoutingStrategy.Random)
        {
            ordered = [.. free.OrderBy(_ => random.Next())];
        }
        else
        {
            var start = lastStarter is null ? 0 : free.FindIndex(c => c.VolunteerId > lastStarter.Value);
            if (start < 0) start = 0;
            ordered = [.. free.Skip(start), .. free.Take(start)];
        }
        // Stable partitions keep the rotation within each group: the caller's language first, and backups (CONTRACT
        // 13) after everyone else.
        var speaks = ordered.Where(c => c.Languages.Contains(language))
            .Concat(ordered.Where(c => !c.Languages.Contains(language)))
            .OrderBy(c => c.Backup);
        var result = speaks.Select(c => c.VolunteerId).ToList();
        return strategy == RoutingStrategy.Simultaneous ? result.Take(SimultaneousCap).ToList() : result;
    }
}
