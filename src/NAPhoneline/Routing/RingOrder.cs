using NAPhoneline.Shared.Voice;
using NAPhoneline.State;

namespace NAPhoneline.Routing;

public sealed record Candidate(long VolunteerId, IReadOnlyList<string> Languages, bool Busy, bool Backup = false,
    string? Gender = null)
{
    // CONTRACT 14: a caller who asked for a woman or a man; no preference matches everyone.
    public bool Matches(GenderPreference gender) => gender switch
    {
        GenderPreference.Female => Gender == "female",
        GenderPreference.Male => Gender == "male",
        _ => true,
    };
}

// The order in which a call tries the volunteers on duty. Pure: the rotation state and randomness come in.
public static class RingOrder
{
    // Twilio rings at most ten numbers in one Dial.
    public const int SimultaneousCap = 10;

    // round-robin: start after the volunteer who started the last call (in a stable order by id), so the first ring
    // goes round the team; random: a shuffled order; simultaneous: everyone free at once (up to Twilio's 10 numbers).
    // Volunteers on another helpline call are left out, and a caller's language comes first.
    public static IReadOnlyList<long> For(IReadOnlyList<Candidate> onDuty, RoutingStrategy strategy, string language,
        long? lastStarter, Random random, GenderPreference gender = GenderPreference.None)
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
        // Stable sorts keep the rotation within each group: backups (CONTRACT 13) after everyone else, the caller's
        // language first (they must understand each other), then the man or woman they asked for (CONTRACT 14).
        var speaks = ordered.OrderBy(c => c.Backup).ThenBy(c => !c.Languages.Contains(language))
            .ThenBy(c => !c.Matches(gender));
        var result = speaks.Select(c => c.VolunteerId).ToList();
        return strategy == RoutingStrategy.Simultaneous ? result.Take(SimultaneousCap).ToList() : result;
    }
}
