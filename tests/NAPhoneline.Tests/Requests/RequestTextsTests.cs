using NAPhoneline.Shared.Requests;
using NAPhoneline.Requests;

namespace NAPhoneline.Tests.Requests;

public sealed class RequestTextsTests
{
    static readonly LadderBody Area = new(4, "asc-sd", "San Diego Area", "ASC", "en", TimeSpan.FromMinutes(90), []);
    static readonly LadderBody Region = new(3, "rsc", "Southern California Region", "RSC", "en", null, []);
    static readonly LadderBody Mexico = new(5, "asc-tj", "Área Tijuana", "ASC", "es", null, []);

    static RequestRow Callback => new()
    {
        Code = "4821", Type = RequestTypes.Callback, Role = "pi", CallbackNumber = "+16195550177", Name = "Dr. Rivera",
        Organisation = "Mercy Hospital",
        Reason = "A meeting list\nfor patients", RecordingUrl = "https://api.twilio.com/Recordings/RE1",
    };

    [Fact]
    public void An_escalated_notification_says_where_it_was_not_taken_and_for_how_long_and_carries_no_number()
    {
        var text = RequestTexts.Notification(Callback, Area, Region, "escalation",
            new EscalatedFrom(Area, TimeSpan.FromMinutes(90)));

        Assert.Equal("Not taken at San Diego Area within 1 h 30 min. NA San Diego Area: Dr. Rivera, Mercy Hospital, " +
            "asks the PI chair for a callback: A meeting list for patients (request 4821). " +
            "Reply ACK 4821 to take it; you will get the number.", text);
    }

    [Fact]
    public void A_message_notification_is_in_the_language_of_the_body_told()
    {
        var request = Callback with { Type = RequestTypes.HandI, Role = "hi" };

        var text = RequestTexts.Notification(request, Mexico, Mexico, "hi", escalatedFrom: null);

        Assert.Equal("NA Área Tijuana: una persona dejó un mensaje para el coordinador de HeI (solicitud 4821). " +
            "Responda ACK 4821 para atenderla; recibirá su número y la grabación.", text);
    }

    [Fact]
    public void The_taker_gets_the_number_the_recording_and_how_to_be_connected()
    {
        var text = RequestTexts.Taken(Callback with { Type = RequestTypes.TwelfthStep }, "en");

        Assert.Contains("+16195550177", text, StringComparison.Ordinal);
        Assert.Contains("https://api.twilio.com/Recordings/RE1", text, StringComparison.Ordinal);
        Assert.Contains("reply CALL 4821", text, StringComparison.Ordinal);
        Assert.EndsWith("Reply DONE 4821 when it is done.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_number_the_taker_is_told_to_listen_for_one()
    {
        var text = RequestTexts.Taken(Callback with { Type = RequestTypes.Voicemail, CallbackNumber = null }, "en");

        Assert.Contains("no number to call back", text, StringComparison.Ordinal);
        Assert.DoesNotContain("CALL 4821", text, StringComparison.Ordinal);
    }
}
