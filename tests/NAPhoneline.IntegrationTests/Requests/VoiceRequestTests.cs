using System.Net;
using System.Xml.Linq;
using System.Xml.XPath;
using Dapper;
using NAPhoneline.IntegrationTests.Infrastructure;
using NAPhoneline.IntegrationTests.Routing;
using Npgsql;

namespace NAPhoneline.IntegrationTests.Requests;

// Menu options 3 (Twelfth Step call), 4 (H&I chair, who accepts calls in the demo) and 5 (PI chair, who does not),
// through signed webhooks, on a Tuesday at 17:00 in San Diego when Pat and Sam (Twelfth Step volunteers) are on duty.
[Collection(DatabaseCollection.Name)]
public sealed class VoiceRequestTests(TestDatabase database) : IAsyncLifetime
{
    const string Pat = "+16195550121", Sam = "+16195550122", HandIChair = "+16195550112", PiChair = "+16195550113";
    const string Recording = "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE55";

    readonly FakeTwilio twilio = new();
    PhonelineApp app = null!;
    HttpClient client = null!;

    public async Task InitializeAsync()
    {
        await database.ResetAsync();
        app = new PhonelineApp(database, new Dictionary<string, string?> { ["Telephony:ApiBaseUrl"] = twilio.Url });
        app.Time.Advance(TimeSpan.FromHours(5));
        await DemoData.ImportAsync(app);
        client = app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        twilio.Dispose();
    }

    async Task<(CallFlow Call, XDocument Twiml)> ChooseAsync(string digit, string from = "+16195550142",
        string language = "en", string sid = "CA-request")
    {
        var call = new CallFlow(client, sid, from);
        await call.PostAsync("/voice/incoming");
        return (call, await call.PostAsync($"/voice/menu?lang={language}&attempt=0", ("Digits", digit)));
    }

    static string GatherAction(XDocument twiml) =>
        twiml.XPathSelectElement("/Response/Gather")!.Attribute("action")!.Value;

    static string Said(XDocument twiml) => string.Join(" ", twiml.XPathSelectElements("//Say").Select(s => s.Value));

    NpgsqlConnection Db() => new(database.ConnectionString);

    async Task<(string Type, string? Callback, string? Recording, string Role)> RequestAsync()
    {
        await app.CallRecordsWrittenAsync();
        await using var db = Db();
        var r = await db.QuerySingleAsync<(string Type, string? Callback, string? Recording, string Role)>(
            "select type, callback_number, recording_url, role from requests");
        return r with { Callback = PhonelineApp.Open(r.Callback) };
    }

    [Fact]
    public async Task A_Twelfth_Step_call_confirms_the_calling_number_records_a_message_and_tells_the_on_duty_responders()
    {
        var (call, confirm) = await ChooseAsync("3");
        Assert.Contains("Twelfth Step call", Said(confirm), StringComparison.Ordinal);
        Assert.Contains("ending in 0 1 4 2", Said(confirm), StringComparison.Ordinal);
        Assert.Equal("1", confirm.XPathSelectElement("/Response/Gather")!.Attribute("numDigits")!.Value);
        Assert.NotNull(confirm.XPathSelectElement("/Response/Redirect"));

        var record = await call.PostAsync(GatherAction(confirm), ("Digits", "1"));
        Assert.Contains("first name and the general area", Said(record), StringComparison.Ordinal);
        var recordVerb = record.XPathSelectElement("/Response/Record")!;
        Assert.Equal(("30", "#"),
            (recordVerb.Attribute("maxLength")!.Value, recordVerb.Attribute("finishOnKey")!.Value));

        var thanks = await call.PostAsync(recordVerb.Attribute("action")!.Value, ("RecordingUrl", Recording),
            ("RecordingDuration", "9"));
        Assert.Contains("call you back soon at the number ending in 0 1 4 2", Said(thanks), StringComparison.Ordinal);
        Assert.NotNull(thanks.XPathSelectElement("/Response/Hangup"));

        Assert.Equal(("twelfth-step", "+16195550142", Recording, "helpline"), await RequestAsync());
        var texts = await twilio.WaitForMessagesAsync(2);
        Assert.Equal([Pat, Sam], texts.Select(m => m["To"]).Order());
        Assert.All(texts, m =>
        {
            Assert.Contains("ACK ", m["Body"], StringComparison.Ordinal);
            Assert.DoesNotContain("5550142", m["Body"], StringComparison.Ordinal);
        });
        await app.CallRecordsWrittenAsync();
        await using var db = Db();
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from request_drafts"));
    }

    [Fact]
    public async Task A_different_number_typed_on_the_keypad_is_read_back_and_used()
    {
        var (call, confirm) = await ChooseAsync("3");
        var enter = await call.PostAsync(GatherAction(confirm), ("Digits", "2"));
        Assert.Equal("#", enter.XPathSelectElement("/Response/Gather")!.Attribute("finishOnKey")!.Value);

        var check = await call.PostAsync(GatherAction(enter), ("Digits", "6195550177"));
        Assert.Contains("You entered 6 1 9 5 5 5 0 1 7 7", Said(check), StringComparison.Ordinal);
        var record = await call.PostAsync(GatherAction(check), ("Digits", "1"));
        await call.PostAsync(record.XPathSelectElement("/Response/Record")!.Attribute("action")!.Value,
            ("RecordingUrl", Recording), ("RecordingDuration", "4"));

        Assert.Equal("+16195550177", (await RequestAsync()).Callback);
    }

    [Fact]
    public async Task A_withheld_caller_is_asked_for_a_number_and_garbage_twice_goes_to_a_member()
    {
        var (call, enter) = await ChooseAsync("3", from: "+266696687"); // Twilio's "anonymous"
        Assert.Contains("enter the phone number", Said(enter), StringComparison.Ordinal);

        var again = await call.PostAsync(GatherAction(enter), ("Digits", "12"));
        Assert.Contains("not a phone number we can call back", Said(again), StringComparison.Ordinal);
        var person = await call.PostAsync(GatherAction(again), ("Digits", "*#*#"));

        Assert.Contains("put you through to a member", Said(person), StringComparison.Ordinal);
        Assert.Contains(CallFlow.Number(person).Value, new[] { Pat, Sam });
        await app.CallRecordsWrittenAsync();
        await using var db = Db();
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from requests"));
    }

    [Fact]
    public async Task A_caller_who_hangs_up_after_confirming_still_gets_exactly_one_request()
    {
        var (call, confirm) = await ChooseAsync("3");
        var record = await call.PostAsync(GatherAction(confirm), ("Digits", "1"));

        for (var i = 0; i < 2; i++) // Twilio may send the status callback twice
            Assert.Equal(HttpStatusCode.NoContent, (await client.PostTwilioAsync("/voice/status",
                call.Form(("CallStatus", "completed"), ("CallDuration", "40")))).StatusCode);
        var late = await call.PostAsync(record.XPathSelectElement("/Response/Record")!.Attribute("action")!.Value,
            ("Digits", "hangup"));

        Assert.NotNull(late.XPathSelectElement("/Response/Hangup"));
        await app.CallRecordsWrittenAsync();
        await using var db = Db();
        Assert.Equal(1, await db.QuerySingleAsync<int>("select count(*)::int from requests"));
        var row = await db.QuerySingleAsync<(string Callback, string? Recording)>(
            "select callback_number, recording_url from requests");
        Assert.Equal(("+16195550142", null), (PhonelineApp.Open(row.Callback), row.Recording));
    }

    [Fact]
    public async Task A_caller_who_hangs_up_before_confirming_leaves_no_request()
    {
        var (call, _) = await ChooseAsync("3");

        await client.PostTwilioAsync("/voice/status", call.Form(("CallStatus", "completed"), ("CallDuration", "12")));

        await app.CallRecordsWrittenAsync();
        await using var db = Db();
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from requests"));
    }

    [Fact]
    public async Task The_HandI_chair_is_rung_on_a_screened_leg_and_taking_the_call_makes_no_request()
    {
        var (call, dial) = await ChooseAsync("4");
        Assert.Contains("Connecting you to our H&I chair", Said(dial), StringComparison.Ordinal);
        var number = CallFlow.Number(dial);
        Assert.Equal(HandIChair, number.Value);
        Assert.Equal(DemoData.HelplineNumber, dial.XPathSelectElement("/Response/Dial")!.Attribute("callerId")!.Value);

        await call.LegAnswersAsync(number, "1");
        var done = await call.DialEndsAsync(dial, "completed", 300);

        Assert.Equal(["Hangup"], done.Root!.Elements().Select(e => e.Name.LocalName));
        await app.CallRecordsWrittenAsync();
        await using var db = Db();
        Assert.Equal(0, await db.QuerySingleAsync<int>("select count(*)::int from requests"));
        Assert.Equal("answered-by-contact", await db.QuerySingleAsync<string>("select outcome from calls"));
    }

    [Fact]
    public async Task When_the_HandI_chairs_voicemail_answers_the_caller_leaves_a_message_for_them()
    {
        var (call, dial) = await ChooseAsync("4");
        await call.LegAnswersAsync(CallFlow.Number(dial), ""); // a voicemail greeting: nobody presses 1

        var confirm = await call.DialEndsAsync(dial, "completed", 30);
        Assert.Contains("cannot take your call right now", Said(confirm), StringComparison.Ordinal);
        var record = await call.PostAsync(GatherAction(confirm), ("Digits", "1"));
        Assert.Equal("120", record.XPathSelectElement("/Response/Record")!.Attribute("maxLength")!.Value);
        await call.PostAsync(record.XPathSelectElement("/Response/Record")!.Attribute("action")!.Value,
            ("RecordingUrl", Recording), ("RecordingDuration", "31"));

        Assert.Equal(("hi", "+16195550142", Recording, "hi"), await RequestAsync());
        var text = Assert.Single(await twilio.WaitForMessagesAsync(1));
        Assert.Equal(HandIChair, text["To"]);
        Assert.Contains("message for the H&I chair", text["Body"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_PI_chair_who_takes_no_calls_gets_a_message_from_a_professional()
    {
        var (call, confirm) = await ChooseAsync("5");
        Assert.Null(confirm.XPathSelectElement("//Dial"));
        Assert.Contains("Our PI chair cannot take your call right now", Said(confirm), StringComparison.Ordinal);

        var record = await call.PostAsync(GatherAction(confirm), ("Digits", "1"));
        Assert.Contains("your organisation", Said(record), StringComparison.Ordinal);
        // Nothing recorded: the Record falls through to its Redirect and the request is still made.
        var thanks = await call.PostAsync(record.XPathSelectElement("/Response/Redirect")!.Value);

        Assert.Contains("ending in 0 1 4 2", Said(thanks), StringComparison.Ordinal);
        Assert.Equal(("pi", "+16195550142", null, "pi"), await RequestAsync());
        Assert.Equal(PiChair, Assert.Single(await twilio.WaitForMessagesAsync(1))["To"]);
    }

    [Fact]
    public async Task A_Spanish_caller_hears_the_request_steps_in_Spanish()
    {
        var (call, confirm) = await ChooseAsync("3", language: "es");
        Assert.Contains("Paso Doce", Said(confirm), StringComparison.Ordinal);
        Assert.Equal("es-US", confirm.XPathSelectElement("//Say")!.Attribute("language")!.Value);

        var record = await call.PostAsync(GatherAction(confirm), ("Digits", "1"));
        Assert.Contains("primer nombre", Said(record), StringComparison.Ordinal);
        var thanks = await call.PostAsync(record.XPathSelectElement("/Response/Record")!.Attribute("action")!.Value,
            ("RecordingUrl", Recording), ("RecordingDuration", "5"));
        Assert.Contains("termina en 0 1 4 2", Said(thanks), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forged_or_nonsense_request_webhooks_get_403_or_a_person()
    {
        var forged =
            await client.PostTwilioAsync("/voice/requests/number?type=twelfth-step&lang=en&step=enter&attempt=0",
            TwilioRequests.Call(DemoData.HelplineNumber).With("Digits", "6195550177"),
            signature: "bm90IGEgc2lnbmF0dXJl");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        var call = new CallFlow(client, "CA-nonsense");
        var unknownType = await call.PostAsync("/voice/requests/number?type=lunch&lang=en&step=enter&attempt=x",
            ("Digits", "1"));
        Assert.Equal(PhonelineApp.FallbackNumber, CallFlow.Number(unknownType).Value);
        var noDraft = await call.PostAsync("/voice/requests/recorded?lang=en");
        Assert.NotNull(noDraft.XPathSelectElement("/Response/Hangup"));
        var badCall = await call.PostAsync("/voice/requests/chair-ended?call=abc&type=hi&lang=en",
            ("DialCallStatus", "completed"));
        Assert.Equal(PhonelineApp.FallbackNumber, CallFlow.Number(badCall).Value);
    }
}
