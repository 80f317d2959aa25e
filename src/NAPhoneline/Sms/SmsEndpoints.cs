using NAPhoneline.Shared.Voice;
using NAPhoneline.Blocking;
using NAPhoneline.Meetings;
using NAPhoneline.Meetings.Places;
using NAPhoneline.Requests;
using NAPhoneline.Routing;
using NAPhoneline.Scheduling;
using NAPhoneline.Shared;
using NAPhoneline.State;
using NAPhoneline.Telephony.Twiml;
using NAPhoneline.Telephony.Webhooks;

namespace NAPhoneline.Sms;

public static class SmsEndpoints
{
    public static async Task<IResult> Incoming(
        SmsRequest message, HelplineDirectory directory, PublicUrls urls, TimeProvider time,
        MeetingCatalog meetings, PlaceDirectory places, LocalPlaces localPlaces, RequestSms requests,
        MeetingTally tally, ShiftReplies shifts, Blocklist blocklist, BlockedTally blocked, BlockByText block,
        ILogger<SmsCommand> log, CancellationToken ct)
    {
        var helpline = directory.Current.HelplineFor(message.To);
        var command = SmsCommand.Parse(message.Body, helpline?.Languages[0] ?? "en");
        log.LogInformation("SMS {MessageSid} from {From} to {To}: {Command}",
            message.MessageSid, E164.Mask(message.From), message.To, command.Kind);

        if (command.Kind == SmsCommandKind.OptOut) return new MessagingResponse().ToResult();
        // A blocked number's texts get no reply (CONTRACT 15); counted, never with the number.
        if (blocklist.Blocked(message.From, helpline) is not null)
        {
            if (helpline is not null) blocked.Text(helpline.Id);
            return new MessagingResponse().ToResult();
        }
        if (command.Kind == SmsCommandKind.Block)
            return new MessagingResponse().Message(await block.BlockAsync(message.From, command.Language, ct))
                .ToResult();
        if (command.Kind == SmsCommandKind.Shifts)
        {
            var volunteer = VolunteerStore.FindByPhone(directory.Current, message.From);
            var reply = volunteer is null
                ? Prompts.For(command.Language).Text("NotAVolunteer", message.To ?? "")
                : VolunteerEndpoints.ShiftsReply(
                    volunteer, NodaTime.Instant.FromDateTimeOffset(time.GetUtcNow()), urls);
            return new MessagingResponse().Message(reply).ToResult();
        }
        if (command.Kind is SmsCommandKind.ConfirmShift or SmsCommandKind.CantShift or SmsCommandKind.TakeShift)
        {
            var now = NodaTime.Instant.FromDateTimeOffset(time.GetUtcNow());
            var reply = command.Kind switch
            {
                SmsCommandKind.ConfirmShift => await shifts.ConfirmAsync(command.Text, message.From, message.To,
                    command.Language, now, ct),
                SmsCommandKind.CantShift => await shifts.CantAsync(command.Text, message.From, message.To,
                    command.Language, now, ct),
                _ => await shifts.TakeAsync(command.Text, message.From, command.Language, now, ct),
            };
            return new MessagingResponse().Message(reply).ToResult();
        }
        if (command.Kind is SmsCommandKind.Acknowledge or SmsCommandKind.Resolve or SmsCommandKind.Call)
        {
            var now = NodaTime.Instant.FromDateTimeOffset(time.GetUtcNow());
            var kind = command.Kind switch
            {
                SmsCommandKind.Acknowledge => RequestCommand.Acknowledge,
                SmsCommandKind.Resolve => RequestCommand.Resolve,
                _ => RequestCommand.Call,
            };
            var reply = await requests.ReplyAsync(
                kind, command.Text, command.Language, message.From, message.To, now, ct);
            return new MessagingResponse().Message(reply).ToResult();
        }
        if (command.Kind == SmsCommandKind.Help || helpline is null || command.Text.Length is 0 or > 60)
            return new MessagingResponse().Message(HelpText(helpline, message.To, command.Language)).ToResult();
        return new MessagingResponse().Message(MeetingsReply(command, helpline, message.To!, meetings, places,
            localPlaces, tally, time)).ToResult();
    }

    // A postal code or a city name: the next meetings nearby, in one concise reply.
    static string MeetingsReply(
        SmsCommand command, Helpline helpline, string helplineNumber, MeetingCatalog meetings, PlaceDirectory places,
        LocalPlaces localPlaces, MeetingTally tally, TimeProvider time)
    {
        var prompts = Prompts.For(command.Language, helpline);
        var centre = meetings.Centre(helpline.Id);
        var byCode = places.PostalCode(command.Text);
        var place = byCode
            ?? localPlaces.Find(command.Text, helpline.Id)
            ?? places.City(command.Text, centre?.Lat, centre?.Lon);
        if (place is null) return prompts.Text("PlaceNotFound", command.Text, helplineNumber);
        // Distances in the unit of the helpline's country.
        place = place with { Country = E164.Region(helplineNumber) ?? place.Country };
        // Echo a code as typed, a city by its proper name ("la jolla" -> "La Jolla").
        var shown = byCode is null ? place.Name : command.Text.Trim().ToUpperInvariant();
        var now = NodaTime.Instant.FromDateTimeOffset(time.GetUtcNow());
        var options = new SearchOptions { OpenOnly = command.Kind == SmsCommandKind.OpenMeetings };
        var hits = MeetingSearch.Next(meetings.Index, place.Latitude, place.Longitude, now, options);
        tally.Searched(helpline.Id, texted: hits.Count > 0);
        return hits.Count == 0
            ? prompts.Text("NoMeetingsNear", shown, helplineNumber)
            : MeetingWords.Sms(hits, place, shown, now, prompts);
    }

    public static string HelpText(Helpline? helpline, string? calledNumber, string language)
    {
        var prompts = Prompts.For(language, helpline);
        var number = calledNumber ?? "";
        return helpline is null
            ? prompts.Text("SmsGenericHelp", number)
            : prompts.Text("SmsHelp", helpline.Name, number);
    }

    public static IResult Status(SmsStatusCallback status, ILogger<SmsCommand> log)
    {
        log.LogInformation("SMS {MessageSid} status {Status} {ErrorCode}",
            status.MessageSid, status.MessageStatus, status.ErrorCode);
        return TypedResults.NoContent();
    }

    // The database being down must not cost a texter their answer: the generic help reply needs no lookup.
    public static IResult SafeAnswer(HttpContext context)
    {
        var called = context.Features.Get<Microsoft.AspNetCore.Http.Features.IFormFeature>()?.Form?["To"]
            .FirstOrDefault();
        return new MessagingResponse().Message(HelpText(null, called, "en")).ToResult();
    }
}
