using System.Xml.XPath;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.Simulator;

namespace NAPhoneline.IntegrationTests.Meetings;

// Tuesday 2026-11-24, 12:00 in San Diego, with the demo meetings imported.
[Collection(DatabaseCollection.Name)]
public sealed class MeetingsByVoiceTests(TestDatabase database) : IAsyncLifetime
{
    readonly FakeTwilio twilio = new();
    PhonelineApp app = null!;

    public async Task InitializeAsync()
    {
        app = new PhonelineApp(database, new Dictionary<string, string?> { ["Telephony:ApiBaseUrl"] = twilio.Url });
        await database.ResetAsync();
        await DemoData.ImportAsync(app);
        await DemoData.ImportMeetingsAsync(app);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        twilio.Dispose();
    }

    async Task<string> Call(string keys)
    {
        var transcript = new StringWriter();
        var options = new SimulatorOptions { To = DemoData.HelplineNumber, PublicBaseUrl = PhonelineApp.PublicBaseUrl,
            AuthToken = PhonelineApp.AuthToken };
        Assert.Equal(0,
            await new SimulatedPhone(app.CreateClient(), options, new StringReader(keys), transcript).CallAsync());
        return transcript.ToString();
    }

    [Fact]
    public async Task Pressing_1_and_a_zip_code_reads_three_upcoming_meetings_and_texts_them()
    {
        var transcript = await Call("1\n1\n92101\n1\n\n\n");

        Assert.Contains("SAY   Please enter your ZIP code, or say the name of your city.", transcript,
            StringComparison.Ordinal);
        Assert.Contains("SAY   Here are the next meetings near San Diego.", transcript, StringComparison.Ordinal);
        Assert.Contains("SAY   Today at 12:00 PM, Spiritual Principles, at Pacific Beach Community Room, 1405 " +
            "Diamond St, San Diego. Closed meeting, for addicts only.", transcript, StringComparison.Ordinal);
        Assert.Contains("SAY   Tonight at 5:30 PM, Just For Today, at La Jolla Shores Hall", transcript,
            StringComparison.Ordinal);
        Assert.Contains("SAY   Tonight at 7:00 PM, Step Up and Be Free, at Chula Vista Civic Center", transcript,
            StringComparison.Ordinal);
        Assert.Contains("miles away.", transcript, StringComparison.Ordinal);
        Assert.Contains("We have sent them to you by text message.", transcript, StringComparison.Ordinal);
        Assert.Contains("Thank you for calling Narcotics Anonymous.", transcript, StringComparison.Ordinal);

        var sms = Assert.Single(await twilio.WaitForMessagesAsync(1));
        Assert.Equal("+16195550142", sms["To"]);
        Assert.Equal(DemoData.HelplineNumber, sms["From"]);
        Assert.StartsWith("NA meetings near San Diego: 1) Today 12:00 PM Spiritual Principles", sms["Body"],
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spoken_city_and_more_meetings_work_in_spanish()
    {
        var transcript = await Call("2\n1\nLa Jolla\n2\n3\nn\nn\nn\n\n");

        Assert.Contains("SAY   Estas son las próximas reuniones cerca de La Jolla.", transcript,
            StringComparison.Ordinal);
        Assert.Contains("SAY   Hoy a las 12:00", transcript, StringComparison.Ordinal);
        Assert.Contains("SAY   Mañana a las 7:00", transcript, StringComparison.Ordinal); // the second page
        Assert.Contains("DIAL  +1619555012", transcript, StringComparison.Ordinal); // 3: talk to someone
    }

    [Fact]
    public async Task An_unknown_place_gets_one_retry_then_a_person()
    {
        var transcript = await Call("1\n1\nAtlantisville\n00000\nn\nn\nn\n\n");

        Assert.Equal(2, transcript.Split("Sorry, we could not find that place.").Length - 1);
        Assert.Contains("DIAL  +1619555012", transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_zip_gather_takes_the_helplines_number_of_digits_and_speech()
    {
        var client = app.CreateClient();
        await client.PostTwilioAsync("/voice/incoming", TwilioRequests.Call(DemoData.HelplineNumber));

        var twiml = await (await client.PostTwilioAsync("/voice/menu?lang=en&attempt=0",
            TwilioRequests.Call(DemoData.HelplineNumber).With("Digits", "1"))).ReadTwimlAsync();

        var gather = twiml.XPathSelectElement("/Response/Gather")!;
        Assert.Equal(("dtmf speech", "5"), (gather.Attribute("input")!.Value, gather.Attribute("numDigits")!.Value));
        Assert.Contains("San Diego", gather.Attribute("hints")!.Value, StringComparison.Ordinal);
        Assert.NotNull(twiml.XPathSelectElement("/Response/Redirect"));
    }
}
