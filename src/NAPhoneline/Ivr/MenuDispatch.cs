using NAPhoneline.Shared.Requests;

namespace NAPhoneline.Ivr;

public enum MenuAction { AskAgain, Repeat, FindMeeting, TalkToMember, Request, Fallback }

public sealed record MenuDecision(MenuAction Action, string? RequestType = null);

// What every answer at the main menu does, in one place (CONTRACT 3, MISSION flow 2). Pure.
//   1 find a meeting · 2 talk to a member · 3 Twelfth Step call · 4 H&I chair ·
//   5 PI chair or a callback · 0 repeat
//   nothing or something else: ask again once, then a member (silence twice is a person, never a hang-up)
//   no helpline for the number dialled, or no call to attach it to: the fallback number
public static class MenuDispatch
{
    public const int Attempts = 2;

    public static MenuDecision Decide(MenuChoice choice, int tries, bool knownHelpline, bool hasCall)
    {
        if (choice.Option is null && tries < Attempts) return new(MenuAction.AskAgain);
        if (choice.Option == MenuOption.Repeat) return new(MenuAction.Repeat);
        if (!knownHelpline || !hasCall) return new(MenuAction.Fallback);
        return choice.Option switch
        {
            MenuOption.FindMeeting => new(MenuAction.FindMeeting),
            MenuOption.TwelfthStep => new(MenuAction.Request, RequestTypes.TwelfthStep),
            MenuOption.HospitalsAndInstitutions => new(MenuAction.Request, RequestTypes.HandI),
            MenuOption.PublicInformation => new(MenuAction.Request, RequestTypes.PublicInformation),
            _ => new(MenuAction.TalkToMember),
        };
    }

    // How the call's path records the answer: "menu:TalkToMember", "menu:no-input", "menu:invalid".
    public static string Step(MenuChoice choice) =>
        "menu:" + (choice.Option?.ToString() ?? (choice.NoInput ? "no-input" : "invalid"));
}
