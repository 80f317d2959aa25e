using NAPhoneline.Ivr;

namespace NAPhoneline.Tests.Ivr;

public sealed class MenuChoiceTests
{
    [Theory]
    [InlineData("1", MenuOption.FindMeeting)]
    [InlineData("2", MenuOption.TalkToMember)]
    [InlineData("3", MenuOption.TwelfthStep)]
    [InlineData("4", MenuOption.HospitalsAndInstitutions)]
    [InlineData("5", MenuOption.PublicInformation)]
    [InlineData("0", MenuOption.Repeat)]
    [InlineData(" 2 ", MenuOption.TalkToMember)]
    public void Reads_each_menu_digit(string digits, MenuOption expected) =>
        Assert.Equal(expected, MenuChoice.Parse(digits, null, "en").Option);

    [Theory]
    [InlineData("6")]
    [InlineData("*")]
    [InlineData("12")]
    [InlineData("abc")]
    public void Other_keys_are_not_an_option_and_not_silence(string digits)
    {
        var choice = MenuChoice.Parse(digits, null, "en");

        Assert.Null(choice.Option);
        Assert.False(choice.NoInput);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "")]
    [InlineData(null, "   ")]
    public void Nothing_pressed_or_said_is_silence(string? digits, string? speech) =>
        Assert.True(MenuChoice.Parse(digits, speech, "en").NoInput);

    [Theory]
    [InlineData("en", "I want to find a meeting", MenuOption.FindMeeting)]
    [InlineData("en", "Can I talk to someone please?", MenuOption.TalkToMember)]
    [InlineData("en", "someone", MenuOption.TalkToMember)]
    [InlineData("en", "Twelfth step call", MenuOption.TwelfthStep)]
    [InlineData("en", "I work at a hospital", MenuOption.HospitalsAndInstitutions)]
    [InlineData("en", "I'm a professional and need a call back", MenuOption.PublicInformation)]
    [InlineData("en", "Repeat that", MenuOption.Repeat)]
    [InlineData("en", "two", MenuOption.TalkToMember)]
    [InlineData("es", "Quiero encontrar una reunión", MenuOption.FindMeeting)]
    [InlineData("es", "Necesito hablar con alguien", MenuOption.TalkToMember)]
    [InlineData("es", "Paso Doce", MenuOption.TwelfthStep)]
    [InlineData("es", "Trabajo en una institución", MenuOption.HospitalsAndInstitutions)]
    [InlineData("es", "Información pública", MenuOption.PublicInformation)]
    [InlineData("pt", "Quero encontrar uma reunião", MenuOption.FindMeeting)]
    [InlineData("pt", "Preciso falar com alguém", MenuOption.TalkToMember)]
    [InlineData("pt", "uma pessoa por favor", MenuOption.TalkToMember)]
    [InlineData("pt", "Passo Doze", MenuOption.TwelfthStep)]
    [InlineData("pt", "Trabalho num hospital", MenuOption.HospitalsAndInstitutions)]
    [InlineData("pt", "Hospitais e instituições", MenuOption.HospitalsAndInstitutions)]
    [InlineData("pt", "Sou profissional, quero que liguem de volta", MenuOption.PublicInformation)]
    [InlineData("pt", "Informação ao público", MenuOption.PublicInformation)]
    [InlineData("pt", "repetir", MenuOption.Repeat)]
    [InlineData("pt", "um", MenuOption.FindMeeting)]
    [InlineData("pt", "dois", MenuOption.TalkToMember)]
    [InlineData("fr", "Je cherche une réunion", MenuOption.FindMeeting)]
    [InlineData("fr", "Je veux parler à quelqu'un", MenuOption.TalkToMember)]
    [InlineData("fr", "J'ai besoin d'aide", MenuOption.TalkToMember)]
    [InlineData("fr", "Douzième Étape", MenuOption.TwelfthStep)]
    [InlineData("fr", "Je travaille dans un hôpital", MenuOption.HospitalsAndInstitutions)]
    [InlineData("fr", "Hôpitaux et institutions", MenuOption.HospitalsAndInstitutions)]
    [InlineData("fr", "Je suis un professionnel, rappelez-moi", MenuOption.PublicInformation)]
    [InlineData("fr", "Répéter s'il vous plaît", MenuOption.Repeat)]
    [InlineData("fr", "un", MenuOption.FindMeeting)]
    [InlineData("fr", "deux", MenuOption.TalkToMember)]
    public void Understands_speech_in_the_callers_language(string language, string speech, MenuOption expected) =>
        Assert.Equal(expected, MenuChoice.Parse(null, speech, language).Option);

    // "uma" and "une" are articles, not the number one.
    [Theory]
    [InlineData("pt", "uma coisa")]
    [InlineData("fr", "une chose")]
    public void An_article_is_not_option_one(string language, string speech) =>
        Assert.Null(MenuChoice.Parse(null, speech, language).Option);

    [Fact]
    public void Digits_win_over_speech() =>
        Assert.Equal(MenuOption.FindMeeting, MenuChoice.Parse("1", "talk to someone", "en").Option);
}
