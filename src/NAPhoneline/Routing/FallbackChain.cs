namespace NAPhoneline.Routing;

public enum RouteStage { Volunteers, Fallback, Region, Global, Voicemail }

// Where "talk to a member" goes after each step, in one place: the on-duty volunteers while the search has time
// left, then the helpline's own fallback number, then, for a call a regional number routed here (CONTRACT 14), the
// regional body's own volunteers on duty (one round, all at once), then Phoneline:FallbackNumber (once per call),
// then a voicemail someone is told about. Pure.
public static class FallbackChain
{
    // The search gives up on volunteers when less than this is left: a shorter ring reaches nobody.
    public const int ShortestRingSeconds = 5;

    // A Dial of this stage ended without anyone taking the call: where to look next.
    public static RouteStage After(RouteStage ended) => ended switch
    {
        RouteStage.Volunteers => RouteStage.Volunteers,
        RouteStage.Fallback => RouteStage.Region,
        RouteStage.Region => RouteStage.Global,
        _ => RouteStage.Voicemail,
    };

    // The stages still worth trying from `from`, in order; the last is always the voicemail.
    public static IReadOnlyList<RouteStage> From(RouteStage from, int secondsLeft, bool hasOwnFallback,
        bool globalDialled, bool regionOnDuty = false)
    {
        var stages = new List<RouteStage>();
        if (from == RouteStage.Volunteers && secondsLeft >= ShortestRingSeconds) stages.Add(RouteStage.Volunteers);
        if (from <= RouteStage.Fallback && hasOwnFallback) stages.Add(RouteStage.Fallback);
        if (from <= RouteStage.Region && regionOnDuty) stages.Add(RouteStage.Region);
        if (from <= RouteStage.Global && !globalDialled) stages.Add(RouteStage.Global);
        stages.Add(RouteStage.Voicemail);
        return stages;
    }

    public static string Name(RouteStage stage) => stage switch
    {
        RouteStage.Fallback => "fallback",
        RouteStage.Region => "region",
        RouteStage.Global => "global",
        RouteStage.Voicemail => "voicemail",
        _ => "volunteers",
    };

    public static RouteStage Parse(string? name) => name switch
    {
        "fallback" => RouteStage.Fallback,
        "region" => RouteStage.Region,
        "global" => RouteStage.Global,
        _ => RouteStage.Volunteers,
    };
}
