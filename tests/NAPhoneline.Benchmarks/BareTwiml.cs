using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using NAPhoneline.Telephony;
using NAPhoneline.Telephony.Twiml;
using NAPhoneline.Telephony.Webhooks;

namespace NAPhoneline.Benchmarks;

// The floor that wrk-compare.sh holds the service against: Kestrel with the service's own Telephony options,
// signature filter and TwiML writer, answering POST /voice/incoming with a greeting of the same shape as the demo
// helpline's (two Say, a Gather of two language options, a Redirect), and nothing behind it.
public static class BareTwiml
{
    // bare-twiml [--urls URL]; Telephony:AuthToken and Telephony:PublicBaseUrl from the environment, as the service.
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddTelephony();
        var app = builder.Build();
        var action = app.Configuration["Telephony:PublicBaseUrl"]?.TrimEnd('/') + "/voice/language";
        app.MapPost("/voice/incoming", (VoiceRequest call) => Greeting(call.To, action)).ValidateTwilioSignature();
        await app.RunAsync();
        return 0;
    }

    // Built per request, as the service builds its own.
    static TwimlResult Greeting(string? to, string action)
    {
        var gather = new GatherOptions
        { Input = "dtmf", NumDigits = 1, Timeout = 5, Action = action, ActionOnEmptyResult = true };
        return new VoiceResponse()
            .Say($"Thank you for calling the Narcotics Anonymous helpline of {to}.", "en-US", "Polly.Joanna")
            .Say("If this is a medical emergency, please hang up and dial 911.", "en-US", "Polly.Joanna")
            .Gather(gather, g => g
                .Say("For English, press 1.", "en-US", "Polly.Joanna")
                .Say("Para español, oprima 2.", "es-US", "Polly.Lupe"))
            .Redirect(action)
            .ToResult();
    }

    // sign --url URL --form 'a=b&c=d' [--token T]: the X-Twilio-Signature Twilio would send. The form is decoded
    // by ASP.NET Core's own form reader, so the string given is exactly the body to post.
    public static int Sign(string[] args)
    {
        var map = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) map[args[i].TrimStart('-')] = args[i + 1];
        if (!map.TryGetValue("url", out var url) || !map.TryGetValue("form", out var body))
        {
            System.Console.Error.WriteLine("usage: sign --url URL --form 'a=b&c=d' [--token T]");
            return 2;
        }
        var form = new FormReader(body).ReadForm()
            .SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? "")));
        var token = map.GetValueOrDefault("token", "load-test-auth-token");
        System.Console.WriteLine(SignatureValidator.ComputeSignature(token, url, form));
        return 0;
    }
}
