using NAPhoneline.Sms;

namespace NAPhoneline.Tests.Sms;

public sealed class SmsCommandTests
{
    [Theory]
    [InlineData("HELP", SmsCommandKind.Help)]
    [InlineData("  help  ", SmsCommandKind.Help)]
    [InlineData("Info please", SmsCommandKind.Help)]
    [InlineData("STOP", SmsCommandKind.OptOut)]
    [InlineData("unsubscribe", SmsCommandKind.OptOut)]
    [InlineData("92101", SmsCommandKind.Other)]
    [InlineData("", SmsCommandKind.Other)]
    [InlineData(null, SmsCommandKind.Other)]
    public void Recognises_commands_case_insensitively(string? body, SmsCommandKind expected) =>
        Assert.Equal(expected, SmsCommand.Parse(body, "en").Kind);

    [Fact]
    public void Ayuda_asks_for_help_in_Spanish()
    {
        var command = SmsCommand.Parse("Ayuda", "en");

        Assert.Equal(SmsCommandKind.Help, command.Kind);
        Assert.Equal("es", command.Language);
    }

    [Theory]
    [InlineData("OPEN 92101", "92101")]
    [InlineData("open  san diego ", "san diego")]
    [InlineData("Abiertas Tijuana", "Tijuana")]
    public void Open_asks_for_open_meetings_near_a_place(string body, string place)
    {
        var command = SmsCommand.Parse(body, "en");

        Assert.Equal((SmsCommandKind.OpenMeetings, place), (command.Kind, command.Text));
    }

    [Fact]
    public void Open_alone_is_not_a_search() => Assert.Equal(SmsCommandKind.Other, SmsCommand.Parse("open", "en").Kind);

    [Theory]
    [InlineData("ACK 4821", SmsCommandKind.Acknowledge, "4821")]
    [InlineData("  ack   4821 ", SmsCommandKind.Acknowledge, "4821")]
    [InlineData("Done #48211", SmsCommandKind.Resolve, "48211")]
    [InlineData("CALL 4821", SmsCommandKind.Call, "4821")]
    [InlineData("ACK", SmsCommandKind.Acknowledge, "")]
    [InlineData("ACK 48a1", SmsCommandKind.Acknowledge, "")]
    [InlineData("DONE 482", SmsCommandKind.Resolve, "")]
    [InlineData("CALL 4821 now", SmsCommandKind.Call, "")]
    [InlineData("OK 4821", SmsCommandKind.ConfirmShift, "4821")]
    [InlineData(" ok #0042 ", SmsCommandKind.ConfirmShift, "0042")]
    [InlineData("OK", SmsCommandKind.ConfirmShift, "")]
    [InlineData("ok thanks", SmsCommandKind.ConfirmShift, "")]
    [InlineData("CANT 4821", SmsCommandKind.CantShift, "4821")]
    [InlineData("can't 4821", SmsCommandKind.CantShift, "4821")]
    [InlineData("No puedo 4821", SmsCommandKind.CantShift, "4821")]
    [InlineData("NO  PUEDO #4821", SmsCommandKind.CantShift, "4821")]
    [InlineData("take 5821", SmsCommandKind.TakeShift, "5821")]
    [InlineData("Tomo 5821", SmsCommandKind.TakeShift, "5821")]
    public void Request_commands_carry_the_code_or_nothing_when_it_is_not_one(string body, SmsCommandKind kind, string code)
    {
        var command = SmsCommand.Parse(body, "en");

        Assert.Equal((kind, code), (command.Kind, command.Text));
    }

    [Fact]
    public void A_word_that_starts_like_a_command_is_not_one() => Assert.Equal(SmsCommandKind.Other, SmsCommand.Parse("Acknowledgement", "en").Kind);
}
