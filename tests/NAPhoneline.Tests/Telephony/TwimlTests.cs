using System.Xml.Linq;
using System.Xml.XPath;
using NAPhoneline.Telephony.Twiml;

namespace NAPhoneline.Tests.Telephony;

public sealed class TwimlTests
{
    const string Declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

    [Fact]
    public void Writes_a_utf8_declaration_first_and_empty_elements_as_pairs() =>
        Assert.Equal(Declaration + "<Response><Say>hello</Say><Pause length=\"1\"></Pause><Hangup></Hangup></Response>",
            new VoiceResponse().Say("hello").Pause(1).Hangup().ToXml());

    [Fact]
    public void Indents_with_two_spaces_like_the_sdk() =>
        Assert.Equal(Declaration + "\n<Response>\n  <Say voice=\"man\" loop=\"1\" language=\"af-ZA\">message</Say>\n" +
            "  <Pause length=\"1\"></Pause>\n</Response>",
            new VoiceResponse().Say("message", "af-ZA", "man", 1).Pause(1).ToString());

    [Fact]
    public void Emits_gather_attributes_in_the_sdk_order()
    {
        var xml = new VoiceResponse().Gather(new GatherOptions
        {
            Input = "dtmf", Action = "https://example.com", Method = "GET", Timeout = 1,
            SpeechTimeout = "speech_timeout", MaxSpeechTime = 1, ProfanityFilter = true, FinishOnKey = "finish_on_key",
            NumDigits = 1, PartialResultCallback = "https://example.com", PartialResultCallbackMethod = "GET",
            Language = "af-ZA", Hints = "hints", BargeIn = true, Debug = true, ActionOnEmptyResult = true,
            SpeechModel = "speech_model", Enhanced = true,
        }).ToXml();

        Assert.Contains("<Gather input=\"dtmf\" action=\"https://example.com\" method=\"GET\" timeout=\"1\" " +
            "speechTimeout=\"speech_timeout\" maxSpeechTime=\"1\" profanityFilter=\"true\" " +
            "finishOnKey=\"finish_on_key\" numDigits=\"1\" partialResultCallback=\"https://example.com\" " +
            "partialResultCallbackMethod=\"GET\" language=\"af-ZA\" hints=\"hints\" bargeIn=\"true\" " +
            "debug=\"true\" actionOnEmptyResult=\"true\" speechModel=\"speech_model\" enhanced=\"true\"></Gather>", xml,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Emits_dial_number_and_record_attributes_in_the_sdk_order()
    {
        var xml = new VoiceResponse()
            .Dial(new DialOptions { Action = "https://example.com", Method = "GET", Timeout = 1, HangupOnStar = true,
                TimeLimit = 1, CallerId = "caller_id", AnswerOnBridge = true },
                d => d.Number("+15017122661", new NumberOptions { SendDigits = "send_digits",
                    Url = "https://example.com", Method = "GET", StatusCallbackEvent = "initiated",
                    StatusCallback = "https://example.com", StatusCallbackMethod = "GET" }))
            .Record(new RecordOptions { Action = "https://example.com", Method = "GET", Timeout = 1,
                FinishOnKey = "finish_on_key", MaxLength = 1, PlayBeep = true, Trim = "trim-silence" })
            .ToXml();

        Assert.Contains("<Dial action=\"https://example.com\" method=\"GET\" timeout=\"1\" " +
            "hangupOnStar=\"true\" timeLimit=\"1\" callerId=\"caller_id\" answerOnBridge=\"true\"><Number " +
            "sendDigits=\"send_digits\" url=\"https://example.com\" method=\"GET\" statusCallbackEvent=\"initiated\" " +
            "statusCallback=\"https://example.com\" statusCallbackMethod=\"GET\">+15017122661</Number></Dial>", xml,
            StringComparison.Ordinal);
        Assert.Contains("<Record action=\"https://example.com\" method=\"GET\" timeout=\"1\" " +
            "finishOnKey=\"finish_on_key\" maxLength=\"1\" playBeep=\"true\" trim=\"trim-silence\"></Record>", xml,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Nests_only_say_play_and_pause_inside_gather()
    {
        var twiml = XDocument.Parse(new VoiceResponse().Gather(new GatherOptions(), g => g.Say("message").Pause(1)
            .Play("https://example.com")).Redirect("https://example.com/next", "POST").ToXml());

        Assert.Equal(["Say", "Pause", "Play"],
            twiml.XPathSelectElements("/Response/Gather/*").Select(e => e.Name.LocalName));
        Assert.Equal("https://example.com/next", twiml.XPathSelectElement("/Response/Redirect")!.Value);
    }

    [Fact]
    public void Escapes_markup_and_drops_control_characters()
    {
        var xml = new VoiceResponse().Say("Fish & <chips> \u0001\u0007\"quoted\" 😀").Reject("busy").ToXml();

        Assert.Contains("<Say>Fish &amp; &lt;chips&gt; \"quoted\" 😀</Say>", xml, StringComparison.Ordinal);
        Assert.Contains("<Reject reason=\"busy\"></Reject>", xml, StringComparison.Ordinal);
        Assert.NotNull(XDocument.Parse(xml));
    }

    [Fact]
    public void Control_characters_in_attributes_are_dropped_too() =>
        Assert.Contains("hints=\"a b\"", new VoiceResponse().Gather(new GatherOptions { Hints = "a\u0000 b" }).ToXml(),
            StringComparison.Ordinal);

    [Fact]
    public void Messaging_responses_carry_messages_and_redirects() =>
        Assert.Equal(Declaration + "\n<Response>\n  <Message to=\"to\" from=\"from\" " +
            "action=\"https://example.com\" method=\"GET\" statusCallback=\"https://example.com\">body</Message>\n" +
            "  <Redirect method=\"GET\">https://example.com</Redirect>\n</Response>",
            new MessagingResponse().Message("body", new MessageOptions { To = "to", From = "from",
                Action = "https://example.com", Method = "GET", StatusCallback = "https://example.com" })
                .Redirect("https://example.com", "GET").ToString());

    [Fact]
    public void An_empty_messaging_response_means_no_reply() =>
        Assert.Equal(Declaration + "<Response></Response>", new MessagingResponse().ToXml());

    [Fact]
    public void The_bytes_sent_are_utf8_without_a_bom()
    {
        var bytes = new VoiceResponse().Say("¿Habla español?").ToUtf8Bytes();

        Assert.Equal((byte)'<', bytes[0]);
        Assert.Contains("¿Habla español?", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Conference_nouns_are_supported() =>
        Assert.Contains("<Dial><Conference beep=\"false\" startConferenceOnEnter=\"true\" " +
            "endConferenceOnExit=\"true\">room</Conference></Dial>",
            new VoiceResponse().Dial(new DialOptions(), d => d.Conference("room",
                new ConferenceOptions { Beep = "false", StartConferenceOnEnter = true, EndConferenceOnExit = true }))
                .ToXml(),
            StringComparison.Ordinal);
}
