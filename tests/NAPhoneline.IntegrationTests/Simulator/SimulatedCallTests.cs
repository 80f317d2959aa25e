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
            To = DemoData.HelplineNumber, PublicBaseUrl = PhonelineApp.PublicBaseUrl,
            AuthToken = PhonelineApp.AuthToken,
            Sms = sms is not null, Text = sms,
        };
        var transcript = new StringWriter();
        var phone = new SimulatedPhone(Client, options, new StringReader(keys), transcript);
        var exit = sms is null ? await phone.CallAsync() : await phone.TextAsync(sms);
        return (exit, transcript.ToString());
    }

    [Fact]
    public async Task A_caller_who_asks_for_a_member_reaches_the_on_duty_volunteer_who_presses_1()
    {
        var (exit, transcript) = await Run("1\n2\na\n1\n");

        Assert.Equal(0, exit);
        Assert.Contains("SAY   Thank you for calling the Narcotics Anonymous helpline of San Diego Area.", transcript,
            StringComparison.Ordinal);
        Assert.Contains("To talk to a recovering addict now, press 2.", transcript, StringComparison.Ordinal);
        Assert.Contains("DIAL  +1619555012", transcript, StringComparison.Ordinal);
        Assert.Contains("(caller ID shown: " + DemoData.HelplineNumber, transcript, StringComparison.Ordinal);
        Assert.Contains("hears: Narcotics Anonymous helpline call for San Diego Area. Press 1 to accept.", transcript,
            StringComparison.Ordinal);
        Assert.Contains("TALK  connected to +1619555012", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("ERROR", transcript, StringComparison.Ordinal);
        Assert.EndsWith("END   call ended" + Environment.NewLine, transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_caller_is_put_through_and_when_nobody_answers_leaves_a_voicemail()
    {
        var (exit, transcript) = await Run("\n\n\nn\nn\nn\nMy name is Chris, please call me back\n");

        Assert.Equal(0, exit);
        Assert.Contains("We did not hear a choice.", transcript, StringComparison.Ordinal);
        Assert.Equal(3, transcript.Split("DIAL  ").Length - 1); // two volunteers on duty, then the fallback number
        Assert.Contains("DIAL  " + PhonelineApp.FallbackNumber, transcript, StringComparison.Ordinal);
        Assert.Contains("We are still trying to reach a member.", transcript, StringComparison.Ordinal);
        Assert.Contains("leave your first name", transcript, StringComparison.Ordinal);
        Assert.Contains("A member will call you back as soon as possible.", transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_professional_leaves_a_callback_request_for_the_PI_chair_who_is_texted_its_code()
    {
        var (exit, transcript) =
            await Run("1\n5\n2\n6195550177#\n1\nDr. Rivera, Mercy Hospital, a meeting list for our patients\n");

        Assert.Equal(0, exit);
        Assert.Contains("Our PI chair cannot take your call right now.", transcript, StringComparison.Ordinal);
        Assert.Contains("You entered 6 1 9 5 5 5 0 1 7 7.", transcript, StringComparison.Ordinal);
        Assert.Contains("your name, your organisation, and how we can help", transcript, StringComparison.Ordinal);
        Assert.Contains("call you back soon at the number ending in 0 1 7 7", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("ERROR", transcript, StringComparison.Ordinal);
        await using var db = new Npgsql.NpgsqlConnection(Database.ConnectionString);
        var request = await Dapper.SqlMapper.QuerySingleAsync<(string Code, string Type, string Callback)>(db,
            "select code, type, callback_number from requests");
        Assert.Equal(("pi", "+16195550177"), (request.Type, PhonelineApp.Open(request.Callback)));
        var text = await Dapper.SqlMapper.QuerySingleAsync<(string To, string Body)>(db,
            "select to_number, body from outbox_sms");
        Assert.Equal("+16195550113", PhonelineApp.Open(text.To));
        Assert.Contains($"ACK {request.Code}", PhonelineApp.Open(text.Body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Spanish_caller_hears_Spanish_prompts_throughout()
    {
        var (_, transcript) = await Run("2\n2\nn\nn\nn\nhola\n");

        Assert.Contains("Para hablar ahora con un adicto en recuperación, oprima 2.", transcript,
            StringComparison.Ordinal);
        Assert.Contains("Seguimos tratando de comunicarle con un miembro.", transcript, StringComparison.Ordinal);
        Assert.Contains("Un miembro le llamará lo antes posible.", transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_gets_the_help_reply()
    {
        var (exit, transcript) = await Run("", sms: "HELP");

        Assert.Equal(0, exit);
        Assert.Contains("SMS   San Diego Area:", transcript, StringComparison.Ordinal);
    }
}
