using Microsoft.AspNetCore.Mvc;
using NAPhoneline.Telephony.Rest;

namespace NAPhoneline.Requests;

// GET /console/requests/{code}/recording: the caller's message, fetched from Twilio with the account's credentials
// and streamed, so the page never carries a Twilio address and the browser never needs the credentials.
public sealed class RecordingPageModel(RequestDeskStore store, ITelephonyClient telephony,
    ILogger<RecordingPageModel> log) : RequestDeskPage
{
    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        var request = await store.FindAsync(code, Person, ct);
        if (request is null || !request.SeenBy(Person) || request.RecordingUrl is null || request.PurgedAt is not null
            || !RequestDesk.HearsRecording(request.Type, request.TakenBy(Person)))
            return Hidden();
        TwilioMedia? media;
        try
        {
            media = await telephony.GetMediaAsync(request.RecordingUrl, ct);
        }
        catch (TwilioApiException ex)
        {
            log.LogWarning("Recording of request {Code} unavailable: Twilio answered {Status}", request.Code,
                ex.Status);
            return StatusCode(StatusCodes.Status502BadGateway);
        }
        if (media is null) return Hidden();
        Response.RegisterForDisposeAsync(media);
        return File(media.Content, "audio/mpeg");
    }
}
