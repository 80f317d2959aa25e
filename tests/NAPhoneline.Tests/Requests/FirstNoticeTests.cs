using NAPhoneline.Requests;
using NAPhoneline.Shared.Requests;
using NodaTime;

namespace NAPhoneline.Tests.Requests;

public sealed class FirstNoticeTests
{
    static readonly Instant Now = Instant.FromUtc(2026, 11, 24, 20, 0);
    static readonly LadderBody Area = new(3, "asc", "San Diego Area", "ASC", "en", TimeSpan.FromMinutes(30),
        [new LadderContact("helpline", "Helpline Chair", "+16195550111"), new LadderContact("escalation", "ASC Chair",
            "+16195550114")],
        new Dictionary<string, TimeSpan> { [RequestTypes.TwelfthStep] = TimeSpan.FromMinutes(10) });
    static readonly LadderBody Region = new(2, "rsc", "Region", "RSC", "en", null, [new LadderContact("escalation",
        "RSC Chair", "+13105550101")]);
    static readonly Recipient Pat = new("Pat R.", "+16195550121", 7, null);

    static RequestRow Row(string type, string role) =>
        FirstNotice.Draft(new NewRequest(type, 3, role, "en", "+16195550142", null, null), "4821", Now);

    [Fact]
    public void A_Twelfth_Step_request_goes_to_the_responders_on_duty_first_with_its_own_deadline()
    {
        var notice = FirstNotice.Plan(Row(RequestTypes.TwelfthStep, "helpline"), [Area, Region], [Pat], "+16195550100",
            Now);
        Assert.True(notice.VolunteersFirst);
        Assert.Equal([Pat], notice.Recipients);
        Assert.Equal(Now + Duration.FromMinutes(10), notice.DueAt);
        Assert.Contains("4821", notice.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("0142", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_responders_the_roles_contact_hears_of_it()
    {
        var notice = FirstNotice.Plan(Row(RequestTypes.TwelfthStep, "helpline"), [Area, Region], [], "+16195550100",
            Now);
        Assert.False(notice.VolunteersFirst);
        Assert.Equal("+16195550111", Assert.Single(notice.Recipients).Phone);
    }

    [Fact]
    public void A_body_without_the_contact_is_passed_over_for_the_next_one_up()
    {
        var notice = FirstNotice.Plan(Row(RequestTypes.PublicInformation, "pi"), [Area with { Contacts = [] }, Region],
            [], "+16195550100", Now);
        Assert.Equal(("+13105550101", 2L), (Assert.Single(notice.Recipients).Phone, notice.Responsible.Id));
        Assert.Equal(Now + Duration.FromMinutes(30), notice.DueAt); // the region's default
    }

    [Fact]
    public void Nobody_to_tell_or_no_number_to_send_from_leaves_it_unanswered_at_once()
    {
        Assert.Equal("no contact on the ladder",
            FirstNotice.Plan(Row(RequestTypes.HandI, "hi"), [Area with { Contacts = [] }], [], "+16195550100",
                Now).UnansweredBecause);
        var noNumber = FirstNotice.Plan(Row(RequestTypes.HandI, "hi"), [Area, Region], [], null, Now);
        Assert.Equal(("no helpline number to send from", 0), (noNumber.UnansweredBecause, noNumber.Recipients.Count));
        Assert.Null(noNumber.Text);
    }
}
