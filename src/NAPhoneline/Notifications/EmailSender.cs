using System.Diagnostics;
using Dapper;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using NAPhoneline.Hosting;
using NAPhoneline.Shared.Privacy;
using NAPhoneline.Telephony.Rest;
using Npgsql;

namespace NAPhoneline.Notifications;

// Sends outbox_email over SMTP (MailKit). Any number of instances run it: a row is claimed with FOR UPDATE SKIP
// LOCKED and stays locked until its send is recorded, so each email goes to one sender. A failure (SMTP, or
// fetching the recording to attach) is retried with back-off; a recording still not had at the RecordingTries-th
// attempt is left out, and the email says so. After MaxAttempts, or the server's permanent refusal of the address,
// the email is given up, logged with the address masked. At least once: a crash between the server's answer and
// the commit sends again, with the same Message-Id.
public sealed class EmailSender(NpgsqlDataSource db, ITelephonyClient telephony, IOptions<SmtpOptions> options,
    TimeProvider time, PhonelineMetrics metrics, NumberVault vault, ILogger<EmailSender> log) : BackgroundService
{
    // About two hours of retries: a mail server is down longer than Twilio's API ever is.
    public const int MaxAttempts = 12;
    // About 15 s: a recording may take a moment to appear at Twilio after the call.
    public const int RecordingTries = 4;
    static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);
    static readonly TimeSpan SmtpTimeout = TimeSpan.FromSeconds(30);
    public static TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    DateTimeOffset lastPurge;
    long lastCount;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            do await PollAsync(stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    async Task PollAsync(CancellationToken ct)
    {
        try
        {
            while (await SendOneAsync(ct)) { }
            // The purge's "a week ago" reads the injected clock; the polling above runs on real time.
            if (time.GetUtcNow() - lastPurge > TimeSpan.FromHours(1)) await PurgeAsync(ct);
            if (Stopwatch.GetElapsedTime(lastCount) > OutboxSender.CountEvery) await CountBacklogAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !ct.IsCancellationRequested)
        {
            log.LogWarning("Email outbox unavailable: {Message}", ex.Message);
        }
    }

    // Addresses are personal data: an email is kept a week after it was sent or given up on, like a text.
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var purged = await conn.ExecuteAsync(new CommandDefinition("""
            delete from outbox_email where (sent_at is not null or attempts >= @MaxAttempts) and created_at < @before
            """, new { MaxAttempts, before = (time.GetUtcNow() - OutboxSender.KeepFor).UtcDateTime },
            cancellationToken: ct));
        lastPurge = time.GetUtcNow();
        return purged;
    }

    // The email row of naphoneline_outbox_backlog: not sent, not given up, and due or already being retried.
    public async Task CountBacklogAsync(CancellationToken ct)
    {
        lastCount = Stopwatch.GetTimestamp();
        await using var conn = await db.OpenConnectionAsync(ct);
        metrics.EmailBacklog(await conn.ExecuteScalarAsync<long>(new CommandDefinition("""
            select count(*) from outbox_email
            where sent_at is null and attempts < @MaxAttempts and (due_at <= @now or attempts > 0)
            """, new { MaxAttempts, now = time.GetUtcNow().UtcDateTime }, cancellationToken: ct)));
    }

    sealed record Row(long Id, string ToAddress, string Subject, string Body, string? WithoutRecording,
        string? RecordingUrl, string? RequestCode, int Attempts);

    // The recording's bytes, or why there are none and whether another try may get them.
    sealed record Fetched(byte[]? Audio, string? Problem, bool Retry);

    // Sends the next due email, if any; false when none is due. Throws only for the database.
    public async Task<bool> SendOneAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var row = await conn.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            select e.id, e.to_address, e.subject, e.body, e.without_recording, r.recording_url, r.code as request_code,
                   e.attempts
            from outbox_email e left join requests r on r.id = e.recording_of
            where e.sent_at is null and e.due_at <= @now and e.attempts < @MaxAttempts
            order by e.due_at limit 1
            for update of e skip locked
            """, new { now, MaxAttempts }, tx, cancellationToken: ct));
        if (row is null) return false;
        // The address and the words rest encrypted (EmailOutbox). One that does not open is refused as no address.
        row = row with
        {
            ToAddress = vault.TryUnprotect(row.ToAddress) ?? "", Body = vault.TryUnprotect(row.Body) ?? "",
        };

        var attempt = row.Attempts + 1;
        var recording = row.WithoutRecording is null ? null : await FetchAsync(row.RecordingUrl, ct);
        string? error = recording?.Problem is { } p ? "recording: " + p : null;
        if (recording is { Audio: null, Retry: true } && attempt < RecordingTries)
        {
            await FailedAsync(conn, tx, row, attempt, final: false, error!, ct);
        }
        else if (Compose(row, recording) is not { } message)
        {
            await FailedAsync(conn, tx, row, attempt, final: true, "not an email address", ct);
        }
        else
        {
            try
            {
                await TransmitAsync(message, ct);
                await conn.ExecuteAsync(new CommandDefinition("""
                    update outbox_email set sent_at = @now, attempts = @attempt, attached = @attached,
                                            last_error = @error
                    where id = @Id
                    """, new { now, attempt, attached = Attached(recording), error, row.Id }, tx,
                    cancellationToken: ct));
                log.LogInformation("Email {Id} to {To} sent{Recording}", row.Id, MailAddresses.Mask(row.ToAddress),
                    recording is null ? "" : recording.Audio is null ? " without its recording"
                    : " with its recording");
            }
            catch (Exception ex) when (IsSmtpFailure(ex, ct))
            {
                var refused = ex is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } c
                    && (int)c.StatusCode >= 500;
                await FailedAsync(conn, tx, row, attempt, refused, "smtp: " + ex.Message, ct);
            }
        }
        await tx.CommitAsync(ct);
        return true;
    }

    // Whether the recording went with the email; null for an email that has none to attach.
    static bool? Attached(Fetched? recording) => recording is null ? null : recording.Audio is not null;

    async Task<Fetched> FetchAsync(string? url, CancellationToken ct)
    {
        // Removed by the retention rules, or never there: no later try will find it.
        if (string.IsNullOrEmpty(url)) return new(null, "no recording", Retry: false);
        try
        {
            await using var media = await telephony.GetMediaAsync(url, ct);
            if (media is null) return new(null, "Twilio has no such recording of this account", Retry: true);
            using var audio = new MemoryStream();
            await media.Content.CopyToAsync(audio, ct);
            return new(audio.ToArray(), null, Retry: false);
        }
        catch (Exception ex) when (ex is TwilioApiException or HttpRequestException or IOException)
        {
            return new(null, ex.Message, Retry: true);
        }
    }

    MimeMessage? Compose(Row row, Fetched? recording)
    {
        if (!MailboxAddress.TryParse(row.ToAddress, out var to) || !to.Address.Contains('@')) return null;
        var from = MailboxAddress.Parse(options.Value.From!); // validated at start-up
        var message = new MimeMessage { Subject = row.Subject, Date = time.GetUtcNow() };
        message.From.Add(from);
        message.To.Add(to);
        // One id per outbox row: a resend after a crash is the same message to the recipient's mail program.
        message.MessageId = $"outbox-email-{row.Id}@{from.Domain}";
        var body = new BodyBuilder
        {
            TextBody = recording is { Audio: null } ? row.Body + "\n\n" + row.WithoutRecording : row.Body,
        };
        if (recording?.Audio is { } audio)
            body.Attachments.Add($"request-{row.RequestCode}.mp3", audio, new ContentType("audio", "mpeg"));
        message.Body = body.ToMessageBody();
        return message;
    }

    async Task TransmitAsync(MimeMessage message, CancellationToken ct)
    {
        var o = options.Value;
        using var smtp = new SmtpClient { Timeout = (int)SmtpTimeout.TotalMilliseconds };
        var security = o.Security switch
        {
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        await smtp.ConnectAsync(o.Host!, o.Port, security, ct);
        if (!string.IsNullOrEmpty(o.User)) await smtp.AuthenticateAsync(o.User, o.Password ?? "", ct);
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(quit: true, ct);
    }

    static bool IsSmtpFailure(Exception ex, CancellationToken ct) =>
        ex is CommandException or ProtocolException or ServiceNotConnectedException or AuthenticationException
            or SslHandshakeException or IOException or System.Net.Sockets.SocketException or TimeoutException
        || (ex is OperationCanceledException && !ct.IsCancellationRequested);

    async Task FailedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Row row, int attempt, bool final,
        string error, CancellationToken ct)
    {
        var givenUp = final || attempt >= MaxAttempts;
        var due = time.GetUtcNow().UtcDateTime + Backoff.After(attempt, LongestWait);
        await conn.ExecuteAsync(new CommandDefinition("""
            update outbox_email set attempts = @attempts, due_at = @due, last_error = @error where id = @Id
            """, new { attempts = givenUp ? MaxAttempts : attempt, due, error, row.Id }, tx, cancellationToken: ct));
        metrics.SendFailed("email", givenUp);
        error = MailAddresses.Scrub(error, row.ToAddress);
        if (givenUp)
            log.LogError("Email {Id} to {To} given up after {Attempts} attempt(s): {Error}", row.Id,
                MailAddresses.Mask(row.ToAddress), attempt, error);
        else
            log.LogWarning("Email {Id} to {To} failed (attempt {Attempt}), retried at {Due:O}: {Error}", row.Id,
                MailAddresses.Mask(row.ToAddress), attempt, due, error);
    }
}
