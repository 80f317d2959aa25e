using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace NAPhoneline.Telephony.Twiml;

// Serialises TwiML the way Twilio expects it: a UTF-8 declaration first with nothing before it (error 12100),
// empty elements as start/end pairs, and no XML-invalid characters (which would make XmlWriter throw).
internal static class TwimlWriter
{
    public static byte[] ToUtf8(XElement root, bool indent)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = indent,
            IndentChars = "  ",
            NewLineChars = "\n",
            OmitXmlDeclaration = false,
        };
        using (var writer = XmlWriter.Create(stream, settings))
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), root).Save(writer);
        }
        return stream.ToArray();
    }

    public static string ToText(XElement root, bool indent) => Encoding.UTF8.GetString(ToUtf8(root, indent));

    // Caller-supplied text (speech results, SMS bodies) may carry control characters; they are dropped, not escaped.
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        if (!text.Any(c => !XmlConvert.IsXmlChar(c))) return text;
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(text[i]).Append(text[++i]);
                continue;
            }
            if (XmlConvert.IsXmlChar(text[i])) clean.Append(text[i]);
        }
        return clean.ToString();
    }

    // Elements are created with empty content so they serialise as <Hangup></Hangup>, as Twilio's SDK does.
    public static XElement Element(string name, string? text = null) => new(name, Clean(text));

    public static XElement Attr(this XElement element, string name, string? value)
    {
        if (value is not null) element.SetAttributeValue(name, Clean(value));
        return element;
    }

    public static XElement Attr(this XElement element, string name, int? value) =>
        element.Attr(name, value?.ToString(CultureInfo.InvariantCulture));

    public static XElement Attr(this XElement element, string name, bool? value) =>
        element.Attr(name, value switch { true => "true", false => "false", null => null });
}
