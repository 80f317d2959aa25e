using NAPhoneline.Requests;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Requests;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;
using NAPhoneline.Telephony.Twiml;
using NAPhoneline.Telephony.Webhooks;
using NodaTime;

namespace NAPhoneline.Regions;

public static class RegionEndpoints
{
    // The caller's answer to "your ZIP code or your city" on a regional number: one retry, then the region's own
    // roster; then "talk" rings the area's volunteers, a request type starts the area's request.
    public static async Task<IResult> Where(VoiceRequest call, string? lang, string? next, string? step,
        string? attempt, HelplineDirectory directory, RegionalRouter regions, IPersonConnector people,
        RequestVoice requests, VoiceAnswers answers, TimeProvider time, CancellationToken ct)
    {
        var prompts = Prompts.For(lang);
        var region = directory.Current.HelplineFor(call.To);
        prompts = prompts.For(region);
        if (region is null || string.IsNullOrEmpty(call.CallSid))
            return answers.ConnectToFallback(new VoiceResponse(), prompts, call.To).ToResult();
        var caller = new CallerOnLine(call.CallSid, call.From, call.To);
        var isRequest = next is RequestTypes.TwelfthStep or RequestTypes.HandI or RequestTypes.PublicInformation;
        var stepName = step is { Length: > 0 and <= 40 } ? step : "menu:TalkToMember";

        var where = regions.Locate(call.Digits, call.SpeechResult, region);
        var response = new VoiceResponse();
        if (where.IsUnknown)
        {
            response.Say(prompts.Text("PlaceNotUnderstood"), prompts.SayLanguage, prompts.Voice);
            if ((QueryIds.Int(attempt) ?? 0) < 1)
                return regions.Ask(response, region, prompts, isRequest ? next! : "talk", stepName, 1).ToResult();
        }
        var route = regions.Route(caller, region, where, Instant.FromDateTimeOffset(time.GetUtcNow()));
        route.Said(response, prompts);
        // From here the words are the area's own.
        prompts = prompts.For(route.Body);
        var context = new CallContext { Routed = true, Location = where };
        return isRequest
            ? (await requests.StartAsync(caller, route.Body, next!, prompts, ct, response)).ToResult()
            : (await people.ConnectAsync(caller, route.Body, prompts, stepName, ct, response, context)).ToResult();
    }

    // GET /admin/api/route?serviceBody=KEY&place=92101: where a caller there would go, and why (CONTRACT 14).
    public static IResult Preview(string? serviceBody, string? place, HelplineDirectory directory,
        RegionalRouter regions)
    {
        var errors = new Dictionary<string, string[]>();
        var region = string.IsNullOrWhiteSpace(serviceBody) ? null : directory.Current.Body(serviceBody);
        if (region is null) errors["serviceBody"] = [$"'{serviceBody}' is not a service body"];
        if (string.IsNullOrWhiteSpace(place) || place.Length > 100)
            errors["place"] = ["is required: a postal code or a place name, at most 100 characters"];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return TypedResults.Ok(RoutePreview.For(regions, region!, place!));
    }
}

// The answer of the route preview, for the admin API and the console: the body, the rule and what matched.
public sealed record RoutePreview(string ServiceBody, string Name, string Why, string? Match, string? Place,
    bool RoutesByLocation)
{
    public static RoutePreview For(RegionalRouter regions, Helpline region, string place)
    {
        // Typed: a postal code is keyed, anything else is said.
        var digitsOnly = place.Trim().All(c => char.IsAsciiDigit(c) || c is ' ' or '-');
        var where = regions.Locate(digitsOnly ? place : null, digitsOnly ? null : place, region);
        var route = regions.Decide(region, where);
        return new RoutePreview(route.Body.Key, route.Body.Name, route.Why, route.Match, where.PlaceName,
            regions.RoutesByLocation(region));
    }
}
