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
    [InlineData("Ayuda", "en", "es")]
    [InlineData("AJUDA", "en", "pt")]
    [InlineData("ajuda", "es", "pt")]
    [InlineData("Aide", "en", "fr")]
    [InlineData("HELP", "pt", "pt")]
    [InlineData("help", "fr", "fr")]
    [InlineData("Info", "es", "es")]
    [InlineData("HELP", "de", "en")]
    public void Help_is_answered_in_the_language_asked_or_the_helplines(string body, string helpline, string language)
    {
        var command = SmsCommand.Parse(body, helpline);

        Assert.Equal((SmsCommandKind.Help, language), (command.Kind, command.Language));
    }

    [Theory]
    [InlineData("TURNOS", "en", "es")]
    [InlineData("turnos", "pt", "pt")]
    [InlineData("Quarts", "en", "fr")]
    [InlineData("horaires", "en", "fr")]
    public void Shifts_in_Spanish_Portuguese_and_French(string body, string helpline, string language)
    {
        var command = SmsCommand.Parse(body, helpline);

        Assert.Equal((SmsCommandKind.Shifts, language), (command.Kind, command.Language));
    }

    [Theory]
    [InlineData("NÃO POSSO 4821", SmsCommandKind.CantShift, "pt")]
    [InlineData("nao posso #4821", SmsCommandKind.CantShift, "pt")]
    [InlineData("Não  posso 4821", SmsCommandKind.CantShift, "pt")]
    [InlineData("PEGO 4821", SmsCommandKind.TakeShift, "pt")]
    [InlineData("JE NE PEUX PAS 4821", SmsCommandKind.CantShift, "fr")]
    [InlineData("je peux pas 4821", SmsCommandKind.CantShift, "fr")]
    [InlineData("Je prends 4821", SmsCommandKind.TakeShift, "fr")]
    [InlineData("prends #4821", SmsCommandKind.TakeShift, "fr")]
    [InlineData("No puedo 4821", SmsCommandKind.CantShift, "es")]
    public void Shift_answers_in_Portuguese_and_French_carry_the_code_and_the_language(string body,
        SmsCommandKind kind, string language)
    {
        var command = SmsCommand.Parse(body, "en");

        Assert.Equal((kind, "4821", language), (command.Kind, command.Text, command.Language));
    }

    [Theory]
    [InlineData("Je suis là")]
    [InlineData("Não sei")]
    [InlineData("no puedes 4821")]
    [InlineData("je prendsrien")]
    [InlineData("😀 hola")]
    public void Phrases_that_only_start_like_an_answer_are_not_one(string body) =>
        Assert.Equal(SmsCommandKind.Other, SmsCommand.Parse(body, "en").Kind);

    [Theory]
    [InlineData("OPEN 92101", "92101")]
    [InlineData("open  san diego ", "san diego")]
    [InlineData("Abiertas Tijuana", "Tijuana")]
    [InlineData("ABERTAS 92101", "92101")]
    [InlineData("ouvertes Montréal", "Montréal")]
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
    public void Request_commands_carry_the_code_or_nothing_when_it_is_not_one(string body, SmsCommandKind kind,
        string code)
    {
        var command = SmsCommand.Parse(body, "en");

        Assert.Equal((kind, code), (command.Kind, command.Text));
    }

    [Fact]
    public void A_word_that_starts_like_a_command_is_not_one() =>
        Assert.Equal(SmsCommandKind.Other, SmsCommand.Parse("Acknowledgement", "en").Kind);
}
