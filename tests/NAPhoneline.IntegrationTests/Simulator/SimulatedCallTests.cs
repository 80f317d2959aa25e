using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.Simulator;

namespace NAPhoneline.IntegrationTests.Simulator;

// The phone simulator walks whole calls through the running service, exactly as a newcomer would from the README.
public sealed class SimulatedCallTests(TestDatabase database) : DemoHelplineTest(database)
{
    async Task<(int Exit, string Transcript)> Run(string keys, string? sms = null)
    {
        var options = new SimulatorOptions
        {
            To = DemoData.HelplineNumber, PublicBaseUrl = PhonelineApp.PublicBaseUrl, AuthToken = PhonelineApp.AuthToken,
            Sms = sms is not null, Text = sms,
        };
        var transcript = new StringWriter();
        var phone = new SimulatedPhone(Client, options, new StringReader(keys), transcript);
        var exit = sms is null ? await phone.CallAsync() : await phone.TextAsync(sms);
        return (exit, transcript.ToString());
    }

    [Fact]
    public async Task A_caller_who_asks_for_a_member_hears_the_greeting_and_menu_and_rings_a_person()
    {
        var (exit, transcript) = await Run("1\n2\na\n");

        Assert.Equal(0, exit);
        Assert.Contains("SAY   Thank you for calling the Narcotics Anonymous helpline of San Diego Area.", transcript, StringComparison.Ordinal);
        Assert.Contains("To talk to a recovering addict now, press 2.", transcript, StringComparison.Ordinal);
        Assert.Contains("DIAL  " + PhonelineApp.FallbackNumber + " (caller ID shown: " + DemoData.HelplineNumber, transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("ERROR", transcript, StringComparison.Ordinal);
        Assert.EndsWith("END   call ended" + Environment.NewLine, transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_who_stays_silent_is_still_put_through_to_a_person_and_told_if_nobody_answers()
    {
        var (exit, transcript) = await Run("\n\n\n\nn\n");

        Assert.Equal(0, exit);
        Assert.Contains("We did not hear a choice.", transcript, StringComparison.Ordinal);
        Assert.Contains("DIAL  " + PhonelineApp.FallbackNumber, transcript, StringComparison.Ordinal);
        Assert.Contains("We could not connect your call right now.", transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Spanish_caller_hears_Spanish_prompts()
    {
        var (_, transcript) = await Run("2\n2\nn\n");

        Assert.Contains("Para hablar ahora con un adicto en recuperación, oprima 2.", transcript, StringComparison.Ordinal);
        Assert.Contains("No pudimos comunicar su llamada", transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_gets_the_help_reply()
    {
        var (exit, transcript) = await Run("", sms: "HELP");

        Assert.Equal(0, exit);
        Assert.Contains("SMS   San Diego Area:", transcript, StringComparison.Ordinal);
    }
}
