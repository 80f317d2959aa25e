using NAPhoneline.Requests;
using NodaTime;

namespace NAPhoneline.Tests.Requests;

public sealed class LadderTests
{
    static readonly LadderBody Wso = new(1, "wso", "NA World Services", "WSO", "en", null,
        [new("escalation", "Fellowship Services", "+18187739999")]);
    static readonly LadderBody Zone = new(2, "zf", "Zonal Forum", "ZF", "en", null, []);
    static readonly LadderBody Rsc = new(3, "rsc", "Southern California Region", "RSC", "en", TimeSpan.FromMinutes(60),
        [new("escalation", "RSC Chair", "+13105550101")]);
    static readonly LadderBody Asc = new(4, "asc", "San Diego Area", "ASC", "en", TimeSpan.FromMinutes(20),
        [new("helpline", "Helpline Chair", "+16195550111"), new("pi", "PI Chair", "+16195550113"),
            new("escalation", "ASC Chair", "+16195550114")]);
    static readonly IReadOnlyList<LadderBody> Chain = [Asc, Rsc, Zone, Wso];
    static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 20, 0);

    [Fact]
    public void Each_body_gives_the_contact_for_the_role_else_its_escalation_contact_and_bodies_without_either_are_passed_over()
    {
        var rungs = Ladder.Rungs(Chain, "pi");

        Assert.Equal(["PI Chair", "RSC Chair", "Fellowship Services"], rungs.Select(r => r.Contact.Name));
        Assert.Equal(["ASC Chair", "RSC Chair", "Fellowship Services"],
            Ladder.Rungs(Chain, "hi").Select(r => r.Contact.Name));
    }

    [Fact]
    public void A_Twelfth_Step_request_spends_level_zero_on_the_volunteers_then_climbs_from_its_own_body()
    {
        var rungs = Ladder.Rungs(Chain, "helpline");

        Assert.Null(Ladder.At(rungs, 0, volunteersFirst: true));
        Assert.Equal("Helpline Chair", Ladder.At(rungs, 1, volunteersFirst: true)!.Contact.Name);
        Assert.Equal("Fellowship Services", Ladder.At(rungs, 3, volunteersFirst: true)!.Contact.Name);
        Assert.Null(Ladder.At(rungs, 4, volunteersFirst: true));
        Assert.Equal("RSC Chair", Ladder.At(rungs, 1, volunteersFirst: false)!.Contact.Name);
    }

    [Fact]
    public void A_due_step_escalates_to_the_next_rung_with_that_bodys_deadline()
    {
        var rungs = Ladder.Rungs(Chain, "pi");
        var state = new LadderState("open", 0, Now, Unanswered: false, VolunteersFirst: false);

        var step = Assert.IsType<StepDecision.Escalate>(Ladder.Decide(state, 0, Now, rungs));

        Assert.Equal(("RSC Chair", 1), (step.To.Contact.Name, step.Level));
        Assert.Equal(Now + Duration.FromMinutes(60), step.DueAt);
        var top = Assert.IsType<StepDecision.Escalate>(Ladder.Decide(state with { Level = 1 }, 1, Now, rungs));
        Assert.Equal(Now + Duration.FromMinutes(30), top.DueAt); // the WSO has no deadline of its own: the default
    }

    [Fact]
    public void After_the_top_rung_the_request_is_unanswered()
    {
        var state = new LadderState("open", 2, Now, Unanswered: false, VolunteersFirst: false);

        Assert.IsType<StepDecision.Unanswered>(Ladder.Decide(state, 2, Now, Ladder.Rungs(Chain, "pi")));
    }

    [Theory]
    [InlineData("acknowledged", 0, 0, false)]
    [InlineData("resolved", 0, 0, false)]
    [InlineData("open", 1, 0, false)] // a retried or duplicated job for a level already taken
    [InlineData("open", 2, 2, true)]  // already recorded as unanswered at the top
    public void A_job_for_a_level_the_request_has_left_does_nothing(string status, int level, int jobLevel,
        bool unanswered)
    {
        var state = new LadderState(status, level, Now, unanswered, VolunteersFirst: false);

        Assert.IsType<StepDecision.Nothing>(Ladder.Decide(state, jobLevel, Now + Duration.FromHours(1),
            Ladder.Rungs(Chain, "pi")));
    }

    [Fact]
    public void A_job_that_starts_early_waits_for_the_deadline()
    {
        var state = new LadderState("open", 0, Now, Unanswered: false, VolunteersFirst: false);

        var early = Assert.IsType<StepDecision.NotYet>(Ladder.Decide(state, 0, Now - Duration.FromMilliseconds(900),
            Ladder.Rungs(Chain, "pi")));
        Assert.Equal(Now, early.DueAt);
    }

    [Fact]
    public void Deadlines_are_elapsed_time_so_the_autumn_clock_change_neither_shortens_nor_stretches_them()
    {
        // 01:50 PDT on 1 November 2026; 30 minutes later the wall clock reads 01:20 PST.
        var zone = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];
        var notified = new LocalDateTime(2026, 11, 1, 1, 50).InZoneLeniently(zone).ToInstant();
        var asc = Asc with { AcknowledgeWithin = TimeSpan.FromMinutes(30) };
        var rungs = Ladder.Rungs([asc, Rsc, Wso], "pi");
        var state = new LadderState("open", 0, notified + asc.DeadlineFor("callback"), Unanswered: false,
            VolunteersFirst: false);

        Assert.IsType<StepDecision.NotYet>(Ladder.Decide(state, 0, notified + Duration.FromMinutes(29), rungs));
        Assert.IsType<StepDecision.Escalate>(Ladder.Decide(state, 0, notified + Duration.FromMinutes(30), rungs));
        Assert.Equal(new LocalDateTime(2026, 11, 1, 1, 20),
            (notified + asc.DeadlineFor("callback")).InZone(zone).LocalDateTime);
    }

    [Fact]
    public void A_deadline_across_midnight_runs_into_the_next_day()
    {
        var zone = DateTimeZoneProviders.Tzdb["America/Los_Angeles"];
        var notified = new LocalDateTime(2026, 11, 24, 23, 45).InZoneLeniently(zone).ToInstant();
        var state = new LadderState("open", 0, notified + Asc.DeadlineFor("callback"), Unanswered: false,
            VolunteersFirst: false);

        var step = Assert.IsType<StepDecision.Escalate>(Ladder.Decide(state, 0, notified + Asc.DeadlineFor("callback"),
            Ladder.Rungs(Chain, "pi")));
        // +20 min at the ASC, +60 at the RSC
        Assert.Equal(new LocalDateTime(2026, 11, 25, 1, 5), step.DueAt.InZone(zone).LocalDateTime);
    }

    [Fact]
    public void A_request_type_may_have_its_own_deadline_at_a_body()
    {
        var asc =
            Asc with { ByType = new Dictionary<string, TimeSpan> { ["twelfth-step"] = TimeSpan.FromMinutes(10) } };

        Assert.Equal(Duration.FromMinutes(10), asc.DeadlineFor("twelfth-step"));
        Assert.Equal(Duration.FromMinutes(20), asc.DeadlineFor("callback"));
        Assert.Equal(Duration.FromMinutes(30), Wso.DeadlineFor("twelfth-step"));
        var state = new LadderState("open", 0, Now, Unanswered: false, VolunteersFirst: true, Type: "twelfth-step");
        var step = Assert.IsType<StepDecision.Escalate>(Ladder.Decide(state, 0, Now,
            Ladder.Rungs([asc, Rsc, Wso], "helpline")));
        Assert.Equal(("Helpline Chair", Now + Duration.FromMinutes(10)), (step.To.Contact.Name, step.DueAt));
    }
}
