using NAPhoneline.Requests;

namespace NAPhoneline.Tests.Requests;

// The console's rules for requests: who may take, close, see the number and hear the message; notes; filters.
public sealed class RequestDeskTests
{
    [Theory]
    [InlineData(null, StatusFilter.Active, new[] { "open", "acknowledged" })]
    [InlineData("open", StatusFilter.Open, new[] { "open" })]
    [InlineData("taken", StatusFilter.Taken, new[] { "acknowledged" })]
    [InlineData("done", StatusFilter.Done, new[] { "resolved" })]
    [InlineData("all", StatusFilter.All, new[] { "open", "acknowledged", "resolved" })]
    [InlineData("'; drop table requests", StatusFilter.Active, new[] { "open", "acknowledged" })]
    public void A_status_filter_names_the_stored_statuses_it_shows(string? value, StatusFilter filter,
        string[] statuses)
    {
        Assert.Equal(filter, RequestDesk.ParseStatus(value));
        Assert.Equal(statuses, RequestDesk.Statuses(filter));
        Assert.Equal(filter, RequestDesk.ParseStatus(RequestDesk.FilterValue(filter)));
    }

    [Theory]
    [InlineData("hi", "hi")]
    [InlineData("twelfth-step", "twelfth-step")]
    [InlineData("HI", null)]
    [InlineData("lunch", null)]
    [InlineData(null, null)]
    public void Only_known_types_filter(string? value, string? type) =>
        Assert.Equal(type, RequestDesk.ParseType(value));

    [Theory]
    [InlineData("open", true)]
    [InlineData("acknowledged", false)]
    [InlineData("resolved", false)]
    public void Only_an_open_request_can_be_taken(string status, bool may) =>
        Assert.Equal(may, RequestDesk.MayTake(status));

    [Theory]
    [InlineData("acknowledged", true, false, true)]   // the taker
    [InlineData("acknowledged", false, false, false)] // someone else who sees it
    [InlineData("acknowledged", false, true, true)]   // a coordinator of its body
    [InlineData("open", false, true, true)]           // a coordinator closes one nobody took
    [InlineData("open", true, false, false)]          // nobody took it yet
    [InlineData("resolved", true, true, false)]       // already done
    public void Whoever_took_it_or_a_coordinator_closes_it(string status, bool taker, bool manages, bool may) =>
        Assert.Equal(may, RequestDesk.MayResolve(status, taker, manages));

    [Fact]
    public void The_full_number_is_only_for_the_taker()
    {
        Assert.Equal("+16195550142", RequestDesk.ShownNumber("+16195550142", isTaker: true));
        Assert.Equal("+1619***0142", RequestDesk.ShownNumber("+16195550142", isTaker: false));
        Assert.Null(RequestDesk.ShownNumber(null, isTaker: true));
    }

    [Theory]
    [InlineData("twelfth-step", false, false)]
    [InlineData("twelfth-step", true, true)]
    [InlineData("voicemail", false, true)]
    [InlineData("hi", false, true)]
    public void A_Twelfth_Step_message_is_for_its_taker_others_for_all_who_see_them(string type, bool taker,
        bool hears) =>
        Assert.Equal(hears, RequestDesk.HearsRecording(type, taker));

    [Fact]
    public void A_note_is_trimmed_plain_text_within_its_limit()
    {
        Assert.Equal(NoteProblem.Empty, RequestDesk.CheckNote(null, out _));
        Assert.Equal(NoteProblem.Empty, RequestDesk.CheckNote(" \r\n\t\u0001 ", out _));
        Assert.Equal(NoteProblem.TooLong, RequestDesk.CheckNote(new string('x', RequestDesk.NoteMaxLength + 1), out _));
        Assert.Equal(NoteProblem.None, RequestDesk.CheckNote(new string('x', RequestDesk.NoteMaxLength), out _));

        var typed = "  Called back.\r\nPanel\u0007 on <b>Thursday</b>. ";
        Assert.Equal(NoteProblem.None, RequestDesk.CheckNote(typed, out var clean));
        Assert.Equal("Called back.\nPanel on <b>Thursday</b>.", clean);
    }

    [Theory]
    [InlineData("Pat R.", true, false, "Pat")]
    [InlineData("Pat R.", true, true, "Pat R.")]
    [InlineData("H&I Chair", false, false, "H&I Chair")]
    public void Volunteers_are_named_by_first_name_to_volunteers(string name, bool volunteer, bool officer,
        string shown) =>
        Assert.Equal(shown, RequestDesk.PersonName(name, volunteer, officer));
}
