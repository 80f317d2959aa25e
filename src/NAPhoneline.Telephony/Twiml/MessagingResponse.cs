using System.Xml.Linq;

namespace NAPhoneline.Telephony.Twiml;

/// <summary>A TwiML messaging document: zero or more replies. An empty one means "no reply".</summary>
public sealed class MessagingResponse
{
    readonly XElement root = TwimlWriter.Element("Response");

    /// <summary>
    /// Replies with a text message (to the sender, from the number that received it, unless options say otherwise).
    /// </summary>
    public MessagingResponse Message(string body, MessageOptions? options = null)
    {
        var o = options ?? new MessageOptions();
        root.Add(TwimlWriter.Element("Message", body)
            .Attr("to", o.To).Attr("from", o.From).Attr("action", o.Action).Attr("method", o.Method)
            .Attr("statusCallback", o.StatusCallback));
        return this;
    }

    /// <summary>Moves processing to another TwiML document.</summary>
    public MessagingResponse Redirect(string url, string? method = null)
    {
        root.Add(TwimlWriter.Element("Redirect", url).Attr("method", method));
        return this;
    }

    /// <summary>The document as UTF-8 text with its declaration.</summary>
    public string ToXml(bool indent = false) => TwimlWriter.ToText(root, indent);

    /// <summary>The document as the UTF-8 bytes sent to Twilio.</summary>
    public byte[] ToUtf8Bytes() => TwimlWriter.ToUtf8(root, indent: false);

    /// <inheritdoc />
    public override string ToString() => ToXml(indent: true);
}
