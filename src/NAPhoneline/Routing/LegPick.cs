using NAPhoneline.Shared.Calls;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;

namespace NAPhoneline.Routing;

// The rules of one volunteer pick, apart from where its facts come from (PostgreSQL or this instance's memory):
// - exclusions: a sequential strategy tries each volunteer once per call; a simultaneous round rings again everyone
//   whose phone did not pick up, but not someone who picked up and did not press 1;
// - rotation start: the call's first leg starts after the body's last starter; later legs keep the call's own order;
// - round: one more than the call's last; cap: Twilio's ten numbers for simultaneous ringing;
// - only a round-robin call's first leg moves the body's rotation on;
// - backups ring after everyone else; ringing at once, from the second round;
// - the man or woman the caller asked for rings first; ringing at once, the others join from the second round.
//   Never nobody: with none of them free, everyone rings at once.
public static class LegPick
{
    public static PickPlan Plan(IReadOnlyList<OnDutyCandidate> onDuty, RoutingStrategy strategy, string language,
        PickInputs facts, Random random, GenderPreference gender = GenderPreference.None)
    {
        var tried = facts.Tried;
        var excluded = tried.Where(t => strategy != RoutingStrategy.Simultaneous || t.Answered).Select(t =>
            t.VolunteerId)
            .ToHashSet();
        long? starter = tried.Count > 0 ? tried[0].VolunteerId : null;
        var candidates = onDuty.Select(c => new Candidate(c.VolunteerId, c.Languages,
            facts.Busy.Contains(c.VolunteerId), c.Backup, c.Gender))
            .ToList();
        // "Start after starter - 1" puts the call's own starter first again, so its order does not drift.
        var order = RingOrder.For(candidates, strategy, language, starter is { } s ? s - 1 : facts.LastStarter, random,
                gender)
            .Where(id => !excluded.Contains(id)).ToList();
        var round = tried.Count == 0 ? 0 : tried.Max(t => t.Round) + 1;
        // Ringing everyone at once, backups join from the second round (unless nobody else is free).
        var first = candidates.Where(c => !c.Backup).Select(c => c.VolunteerId).ToHashSet();
        var preferred = candidates.Where(c => !c.Backup && c.Matches(gender)).Select(c => c.VolunteerId).ToHashSet();
        if (strategy == RoutingStrategy.Simultaneous && round == 0)
        {
            if (order.Any(preferred.Contains)) order = order.Where(preferred.Contains).ToList();
            else if (order.Any(first.Contains)) order = order.Where(first.Contains).ToList();
        }
        return new PickPlan(order, round, strategy == RoutingStrategy.Simultaneous,
            RememberStarter: starter is null && strategy == RoutingStrategy.RoundRobin);
    }
}

public sealed record OnDutyCandidate(long VolunteerId, IReadOnlyList<string> Languages, bool Backup = false,
    string? Gender = null);
