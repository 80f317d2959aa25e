namespace NAPhoneline.Simulator;

public sealed record SimulatorOptions
{
    public required string To { get; init; }
    public string From { get; init; } = "+16195550142";
    // Where the service listens, and the public URL it checks signatures against (Telephony:PublicBaseUrl).
    public Uri ServiceUrl { get; init; } = new("http://127.0.0.1:5080");
    public string? PublicBaseUrl { get; init; }
    public string AuthToken { get; init; } = "local-dev-auth-token";
    public bool Sms { get; init; }
    public string? Text { get; init; }

    public const string Usage = """
        Usage: dotnet run --project src/NAPhoneline.Simulator -- --to +16195550100 [options]
          --to NUMBER        the helpline number to call or text (required)
          --from NUMBER      the caller's number (default +16195550142)
          --url URL          where the service listens (default http://127.0.0.1:5080)
          --public-url URL   Telephony:PublicBaseUrl of the service, if it differs from --url
          --token TOKEN      Telephony:AuthToken of the service (default: $Telephony__AuthToken or the local-run token)
          --sms TEXT         send a text instead of calling
        During a call: type keys (e.g. 2) or words (speech) and Enter; Enter alone is silence. At a Dial, say who
        answers: a (answers), n (no answer, the default), b (busy), f (failed); a screened phone that answers then
        hears its prompt and you type its keys (1 accepts). Ctrl-D hangs up.
        """;

    public static SimulatorOptions? Parse(string[] args, TextWriter error)
    {
        string? to = null, from = null, url = null, publicUrl = null, sms = null;
        var token = Environment.GetEnvironmentVariable("Telephony__AuthToken");
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--to": to = Next(); break;
                case "--from": from = Next(); break;
                case "--url": url = Next(); break;
                case "--public-url": publicUrl = Next(); break;
                case "--token": token = Next(); break;
                case "--sms": sms = Next(); break;
                default: error.WriteLine($"Unknown option {args[i]}.\n{Usage}"); return null;
            }
        }
        if (to is null) { error.WriteLine(Usage); return null; }
        return new SimulatorOptions
        {
            To = to,
            From = from ?? "+16195550142",
            ServiceUrl = new Uri(url ?? "http://127.0.0.1:5080"),
            PublicBaseUrl = publicUrl,
            AuthToken = string.IsNullOrEmpty(token) ? "local-dev-auth-token" : token,
            Sms = sms is not null,
            Text = sms,
        };
    }
}
