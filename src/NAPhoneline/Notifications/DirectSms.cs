using System.Threading.Channels;
using NAPhoneline.Hosting;
using NAPhoneline.Shared;
using NAPhoneline.Telephony.Rest;

namespace NAPhoneline.Notifications;

// Texts that cannot wait for PostgreSQL: the first notice of a request made while the database is unavailable,
// a caller's meeting list. Sent from memory in the background (never on a webhook's path), retried with back-off;
// `sent` runs after Twilio accepted the message (a journaled request records it there).
public sealed class DirectSms(ITelephonyClient telephony, PhonelineMetrics metrics, ILogger<DirectSms> log)
    : BackgroundService
{
    const int MaxAttempts = 8;

    sealed record Item(SmsMessage Message, Func<string?, Task>? Sent, int Attempt = 0);

    readonly Channel<Item> queue = Channel.CreateUnbounded<Item>();
    int pending;

    public int Pending => Volatile.Read(ref pending);

    public void Send(SmsMessage message, Func<string?, Task>? sent = null)
    {
        Interlocked.Increment(ref pending);
        metrics.DirectSmsQueued();
        queue.Writer.TryWrite(new Item(message, sent));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in queue.Reader.ReadAllAsync(stoppingToken))
                _ = Task.Run(() => SendAsync(item, stoppingToken), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    async Task SendAsync(Item item, CancellationToken ct)
    {
        for (var attempt = item.Attempt; attempt < MaxAttempts && !ct.IsCancellationRequested; attempt++)
        {
            try
            {
                var sid = (await telephony.SendSmsAsync(item.Message, ct)).Sid;
                log.LogInformation("Direct SMS to {To} sent as {Sid}", E164.Mask(item.Message.To), sid);
                if (item.Sent is not null) await item.Sent(sid);
                break;
            }
            catch (Exception ex) when (ex is TwilioApiException or HttpRequestException or TaskCanceledException
                                       && !ct.IsCancellationRequested)
            {
                var final = ex is TwilioApiException { Status: >= 400 and < 500 and not 429 };
                log.LogWarning("Direct SMS to {To} failed (attempt {Attempt}): {Message}", E164.Mask(item.Message.To),
                    attempt + 1, ex.Message);
                metrics.SendFailed("direct-sms", final);
                if (final) break;
                try { await Task.Delay(TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, attempt))), ct); }
                catch (OperationCanceledException) { break; }
            }
        }
        Interlocked.Decrement(ref pending);
        metrics.DirectSmsDone();
    }
}
