using System.Text;

namespace NAPhoneline.IntegrationTests.Security;

// Hostile input for the fuzz tests: a fixed list of the classics, then strings from a seeded generator, so a failure
// names its input and happens again on the next run.
public static class Hostile
{
    public const int Seed = 1414;

    public static readonly string[] Classics =
    [
        new string('A', 100_000),
        new string('9', 5_000),
        "\u0000\u0001\u0002\u0007\u001b[31m\u007f",
        "\r\n\r\nX-Injected: 1",
        "'; drop table requests; --",
        "1' or '1'='1",
        "1; select pg_sleep(10)",
        "$$; delete from volunteers; $$",
        "../../../../etc/passwd",
        "..%2F..%2F..%2Fetc%2Fpasswd",
        "..\\..\\windows\\win.ini",
        "/dev/zero",
        "-1",
        "0",
        "-9223372036854775809",
        "99999999999999999999999999999999",
        "1e308",
        "NaN",
        "0x7fffffff",
        "{0}{1}%s%n%x",
        "<Response><Dial>+15005550006</Dial></Response>",
        "]]><!-- &amp; &#0;",
        "\u202e\u200b\ufeff\u2028",
        "😀👩‍👩‍👧",
        "null",
        "#",
        "%00%ff",
        " ",
    ];

    public static List<string> Strings(Random random, int generated) =>
        [.. Classics, .. Enumerable.Range(0, generated).Select(_ => Generate(random))];

    // Printable, control, markup, digits and letters from several scripts, at lengths from 1 to 400.
    static string Generate(Random random)
    {
        const string pool =
            "0123456789#*+-'\";%<>&/\\.\u0000\u0001\u0009\u000a\u000d\u007f ABCxyzÑñãçé€漢字ا";
        var length = random.Next(1, 400);
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++) text.Append(pool[random.Next(pool.Length)]);
        return text.ToString();
    }

    // JSON bodies that are wrong in shape or type for any endpoint, never a valid (or valid empty) request.
    public static IEnumerable<string> JsonBodies(string value)
    {
        var text = System.Text.Json.JsonSerializer.Serialize(value);
        string[] fields = ["name", "organisation", "phone", "reason", "serviceBody", "role", "volunteer", "date",
            "kind", "start", "end", "latitude", "longitude", "number", "prefix", "until", "anonymous",
            "serviceBodies", "volunteers", "shifts", "meetings"];
        yield return "{" + string.Join(",", fields.Select(f => $"\"{f}\":{text}")) + "}";
        yield return "{" + string.Join(",", fields.Select(f => $"\"{f}\":[{text},-1,1e308]")) + "}";
        yield return "{" + string.Join(",", fields.Select(f => $"\"{f}\":{{\"$ref\":{text}}}")) + "}";
        yield return "{" + string.Join(",", fields.Select(f => $"\"{f}\":-99999999999999999999")) + "}";
        yield return text;
        yield return "[" + text + "]";
        yield return value;
    }

    public static readonly string[] Shapes =
    [
        new string('[', 10_000) + new string(']', 10_000),
        "{\"serviceBodies\": [{\"key\": 5, ",
        "1e400",
        "-1",
        "\"\\ud800\"",
    ];

    // Not UTF-8 at all: a lone continuation byte, an overlong slash, a truncated sequence.
    public static readonly byte[] InvalidUtf8 = [0x7b, 0x22, 0x6b, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc0, 0xaf, 0xe2,
        0x82, 0x22, 0x7d];
}
