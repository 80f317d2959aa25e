using NAPhoneline.Ivr;
using NAPhoneline.Shared.Requests;

namespace NAPhoneline.Tests.Ivr;

public sealed class MenuDispatchTests
{
    static MenuDecision Press(string digit, int tries = 1, bool helpline = true, bool call = true) =>
        MenuDispatch.Decide(MenuChoice.Parse(digit, null, "en"), tries, helpline, call);

    [Theory]
    [InlineData("1", MenuAction.FindMeeting, null)]
    [InlineData("2", MenuAction.TalkToMember, null)]
    [InlineData("3", MenuAction.Request, RequestTypes.TwelfthStep)]
    [InlineData("4", MenuAction.Request, RequestTypes.HandI)]
    [InlineData("5", MenuAction.Request, RequestTypes.PublicInformation)]
    [InlineData("0", MenuAction.Repeat, null)]
    public void Every_digit_of_the_contract_does_what_it_says(string digit, MenuAction action, string? type) =>
        Assert.Equal(new MenuDecision(action, type), Press(digit));

    [Fact]
    public void Silence_or_a_wrong_key_asks_again_once_then_goes_to_a_member()
    {
        Assert.Equal(MenuAction.AskAgain, MenuDispatch.Decide(MenuChoice.Parse(null, null, "en"), 1, true,
            true).Action);
        Assert.Equal(MenuAction.AskAgain, Press("9").Action);
        Assert.Equal(MenuAction.TalkToMember, MenuDispatch.Decide(MenuChoice.Parse(null, null, "en"), 2, true,
            true).Action);
        Assert.Equal(MenuAction.TalkToMember, Press("7", tries: 2).Action);
    }

    [Fact]
    public void Without_a_known_helpline_or_a_call_every_choice_but_repeat_reaches_the_fallback_number()
    {
        Assert.Equal(MenuAction.Fallback, Press("2", helpline: false).Action);
        Assert.Equal(MenuAction.Fallback, Press("3", call: false).Action);
        Assert.Equal(MenuAction.Repeat, Press("0", helpline: false).Action);
    }

    [Fact]
    public void The_path_names_the_choice() =>
        Assert.Equal(["menu:TalkToMember", "menu:no-input", "menu:invalid"],
            new[] { MenuChoice.Parse("2", null, "en"), MenuChoice.Parse(null, null, "en"), MenuChoice.Parse("#", null,
                "en") }
                .Select(MenuDispatch.Step));
}
