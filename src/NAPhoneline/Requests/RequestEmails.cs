using Microsoft.Extensions.Options;
using NAPhoneline.Notifications;
using NAPhoneline.Shared.Requests;
using NAPhoneline.Shared.Voice;
using NAPhoneline.Telephony;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Requests;

// A voicemail also reaches each contact told of it who has an email address (issue 12): the words of the text, the
// request's page in the console, and the recording, which the sender fetches and attaches when it sends. Queued in
// the transaction that tells them, so the email is there exactly when the text is. Nothing while email is off.
public sealed class RequestEmails(EmailOutbox outbox, IOptionsMonitor<TelephonyOptions> telephony)
{
    public async Task QueueAsync(NpgsqlConnection conn, NpgsqlTransaction tx, RequestRow request,
        IReadOnlyList<Recipient> recipients, string text, string language, Instant now, CancellationToken ct)
    {
        if (!outbox.Enabled) return;
        var emails = Plan(request, recipients, text, language, ConsoleLink(request.Code));
        if (emails.Count > 0) await outbox.QueueAsync(conn, tx, emails, now, ct);
    }

    // Who gets which email. Volunteers are only texted (a Twelfth Step request is never emailed); the language is
    // the text's, that of the body whose contact is told.
    public static IReadOnlyList<OutgoingEmail> Plan(RequestRow request, IReadOnlyList<Recipient> recipients,
        string text, string language, string consoleLink)
    {
        if (request.Type != RequestTypes.Voicemail) return [];
        var prompts = Prompts.For(language);
        var recording = string.IsNullOrEmpty(request.RecordingUrl) ? null
            : new EmailRecording(request.Id, prompts.Text("EmailRecordingMissing", consoleLink));
        return recipients
            .Where(r => r.VolunteerId is null && !string.IsNullOrWhiteSpace(r.Email))
            .DistinctBy(r => r.Email)
            .Select(r => new OutgoingEmail(r.Email!, prompts.Text("EmailVoicemailSubject", request.Code),
                text + "\n\n" + prompts.Text("EmailRequestLink", consoleLink), recording))
            .ToList();
    }

    // Absolute under Telephony:PublicBaseUrl (required outside Development); a bare path without it.
    string ConsoleLink(string code) =>
        $"{telephony.CurrentValue.PublicBaseUrl?.TrimEnd('/')}/console/requests/{Uri.EscapeDataString(code)}";
}
