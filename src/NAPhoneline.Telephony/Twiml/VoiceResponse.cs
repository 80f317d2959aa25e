using System.Xml.Linq;

namespace NAPhoneline.Telephony.Twiml;

/// <summary>A TwiML voice document, built fluently: <c>new VoiceResponse().Say("Hello").Hangup()</c>.</summary>
public sealed class VoiceResponse
{
    readonly XElement root = TwimlWriter.Element("Response");

    /// <summary>Speaks text. Control characters are removed and markup characters escaped.</summary>
    public VoiceResponse Say(string text, string? language = null, string? voice = null, int? loop = null)
    {
        root.Add(Verbs.Say(text, language, voice, loop));
        return this;
    }

    /// <summary>Plays an audio file.</summary>
    public VoiceResponse Play(string url, int? loop = null, string? digits = null)
    {
        root.Add(Verbs.Play(url, loop, digits));
        return this;
    }

    /// <summary>Waits silently.</summary>
    public VoiceResponse Pause(int? length = null)
    {
        root.Add(Verbs.Pause(length));
        return this;
    }

    /// <summary>
    /// Collects keys or speech; only Say, Play and Pause may be nested, which <see cref="GatherBuilder"/> enforces.
    /// </summary>
    public VoiceResponse Gather(GatherOptions options, Action<GatherBuilder>? prompts = null)
    {
        var gather = TwimlWriter.Element("Gather")
            .Attr("input", options.Input).Attr("action", options.Action).Attr("method", options.Method)
            .Attr("timeout", options.Timeout).Attr("speechTimeout", options.SpeechTimeout)
            .Attr("maxSpeechTime", options.MaxSpeechTime).Attr("profanityFilter", options.ProfanityFilter)
            .Attr("finishOnKey", options.FinishOnKey).Attr("numDigits", options.NumDigits)
            .Attr("partialResultCallback", options.PartialResultCallback)
            .Attr("partialResultCallbackMethod", options.PartialResultCallbackMethod)
            .Attr("language", options.Language).Attr("hints", options.Hints).Attr("bargeIn", options.BargeIn)
            .Attr("debug", options.Debug).Attr("actionOnEmptyResult", options.ActionOnEmptyResult)
            .Attr("speechModel", options.SpeechModel).Attr("enhanced", options.Enhanced);
        prompts?.Invoke(new GatherBuilder(gather));
        root.Add(gather);
        return this;
    }

    /// <summary>Connects the caller to the nouns (numbers, a conference) added by <paramref name="nouns"/>.</summary>
    public VoiceResponse Dial(DialOptions options, Action<DialBuilder> nouns)
    {
        var dial = DialElement(options, null);
        nouns(new DialBuilder(dial));
        root.Add(dial);
        return this;
    }

    /// <summary>Connects the caller to one number given as the element's text.</summary>
    public VoiceResponse Dial(string number, DialOptions? options = null)
    {
        root.Add(DialElement(options ?? new DialOptions(), number));
        return this;
    }

    /// <summary>Records the caller.</summary>
    public VoiceResponse Record(RecordOptions options)
    {
        root.Add(TwimlWriter.Element("Record")
            .Attr("action", options.Action).Attr("method", options.Method).Attr("timeout", options.Timeout)
            .Attr("finishOnKey", options.FinishOnKey).Attr("maxLength", options.MaxLength)
            .Attr("playBeep", options.PlayBeep)
            .Attr("trim", options.Trim).Attr("recordingStatusCallback", options.RecordingStatusCallback)
            .Attr("recordingStatusCallbackMethod", options.RecordingStatusCallbackMethod)
            .Attr("recordingStatusCallbackEvent", options.RecordingStatusCallbackEvent)
            .Attr("transcribe", options.Transcribe).Attr("transcribeCallback", options.TranscribeCallback));
        return this;
    }

    /// <summary>Moves the call to another TwiML document; verbs after it never run.</summary>
    public VoiceResponse Redirect(string url, string? method = null)
    {
        root.Add(TwimlWriter.Element("Redirect", url).Attr("method", method));
        return this;
    }

    /// <summary>Ends the call.</summary>
    public VoiceResponse Hangup()
    {
        root.Add(TwimlWriter.Element("Hangup"));
        return this;
    }

    /// <summary>Rejects an incoming call without answering it (<c>rejected</c> or <c>busy</c>).</summary>
    public VoiceResponse Reject(string? reason = null)
    {
        root.Add(TwimlWriter.Element("Reject").Attr("reason", reason));
        return this;
    }

    /// <summary>The document as UTF-8 text with its declaration.</summary>
    public string ToXml(bool indent = false) => TwimlWriter.ToText(root, indent);

    /// <summary>The document as the UTF-8 bytes sent to Twilio.</summary>
    public byte[] ToUtf8Bytes() => TwimlWriter.ToUtf8(root, indent: false);

    /// <inheritdoc />
    public override string ToString() => ToXml(indent: true);

    static XElement DialElement(DialOptions o, string? number) =>
        TwimlWriter.Element("Dial", number)
            .Attr("action", o.Action).Attr("method", o.Method).Attr("timeout", o.Timeout)
            .Attr("hangupOnStar", o.HangupOnStar)
            .Attr("timeLimit", o.TimeLimit).Attr("callerId", o.CallerId).Attr("record", o.Record).Attr("trim", o.Trim)
            .Attr("recordingStatusCallback", o.RecordingStatusCallback)
            .Attr("recordingStatusCallbackMethod", o.RecordingStatusCallbackMethod)
            .Attr("recordingStatusCallbackEvent", o.RecordingStatusCallbackEvent)
            .Attr("answerOnBridge", o.AnswerOnBridge)
            .Attr("ringTone", o.RingTone).Attr("sequential", o.Sequential);
}
