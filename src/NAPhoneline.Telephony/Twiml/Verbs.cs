using System.Xml.Linq;

namespace NAPhoneline.Telephony.Twiml;

// The verbs that may stand both at the top level and inside <Gather>.
internal static class Verbs
{
    public static XElement Say(string text, string? language, string? voice, int? loop) =>
        TwimlWriter.Element("Say", text).Attr("voice", voice).Attr("loop", loop).Attr("language", language);

    public static XElement Play(string url, int? loop, string? digits) =>
        TwimlWriter.Element("Play", url).Attr("loop", loop).Attr("digits", digits);

    public static XElement Pause(int? length) => TwimlWriter.Element("Pause").Attr("length", length);
}

/// <summary>The prompts of a <c>&lt;Gather&gt;</c>: only Say, Play and Pause may be nested.</summary>
public sealed class GatherBuilder
{
    readonly XElement gather;

    internal GatherBuilder(XElement gather) => this.gather = gather;

    /// <summary>Speaks text while listening.</summary>
    public GatherBuilder Say(string text, string? language = null, string? voice = null, int? loop = null)
    {
        gather.Add(Verbs.Say(text, language, voice, loop));
        return this;
    }

    /// <summary>Plays audio while listening.</summary>
    public GatherBuilder Play(string url, int? loop = null, string? digits = null)
    {
        gather.Add(Verbs.Play(url, loop, digits));
        return this;
    }

    /// <summary>Waits while listening.</summary>
    public GatherBuilder Pause(int? length = null)
    {
        gather.Add(Verbs.Pause(length));
        return this;
    }
}

/// <summary>The nouns of a <c>&lt;Dial&gt;</c>: up to ten numbers ring at once, the first to answer wins.</summary>
public sealed class DialBuilder
{
    readonly XElement dial;

    internal DialBuilder(XElement dial) => this.dial = dial;

    /// <summary>
    /// A phone number to ring; its <c>url</c> runs for the answering party before the call is connected.
    /// </summary>
    public DialBuilder Number(string number, NumberOptions? options = null)
    {
        var o = options ?? new NumberOptions();
        dial.Add(TwimlWriter.Element("Number", number)
            .Attr("sendDigits", o.SendDigits).Attr("url", o.Url).Attr("method", o.Method)
            .Attr("statusCallbackEvent", o.StatusCallbackEvent).Attr("statusCallback", o.StatusCallback)
            .Attr("statusCallbackMethod", o.StatusCallbackMethod).Attr("machineDetection", o.MachineDetection)
            .Attr("machineDetectionTimeout", o.MachineDetectionTimeout));
        return this;
    }

    /// <summary>A named conference room.</summary>
    public DialBuilder Conference(string name, ConferenceOptions? options = null)
    {
        var o = options ?? new ConferenceOptions();
        dial.Add(TwimlWriter.Element("Conference", name)
            .Attr("muted", o.Muted).Attr("beep", o.Beep).Attr("startConferenceOnEnter", o.StartConferenceOnEnter)
            .Attr("endConferenceOnExit", o.EndConferenceOnExit).Attr("waitUrl", o.WaitUrl)
            .Attr("waitMethod", o.WaitMethod).Attr("maxParticipants", o.MaxParticipants).Attr("record", o.Record)
            .Attr("statusCallbackEvent", o.StatusCallbackEvent)
            .Attr("statusCallback", o.StatusCallback).Attr("statusCallbackMethod", o.StatusCallbackMethod));
        return this;
    }
}
