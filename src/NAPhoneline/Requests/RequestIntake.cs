using System.Collections.Concurrent;
using NAPhoneline.Data;
using NAPhoneline.Notifications;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Journal;
using NAPhoneline.Shared.Requests;
using NAPhoneline.State;
using NAPhoneline.Telephony.Rest;
using NodaTime;

namespace NAPhoneline.Requests;

// A request as the journal keeps it while PostgreSQL is unavailable: everything needed to write it later with its
// original times, and who was told at once.
public sealed record JournaledRequest(NewRequest Request, string Code, string Origin, Instant CreatedAt,
    IReadOnlyList<Recipient> Recipients,
    string? From, string? Text, bool VolunteersFirst, long ResponsibleBodyId, Instant DueAt, string? UnansweredBecause);

// What a caller leaves becomes a request: in PostgreSQL when it answers within the budget; otherwise in the local
// journal (fsynced before the caller hears it is recorded), with its first texts sent at once from memory. Requests
// journaled here stay known to this instance until they are in PostgreSQL, so ACK and DONE work during the outage.
public sealed class RequestIntake(RequestStore store, DatabaseBreaker breaker, HelplineDirectory directories,
    LocalJournal journal,
    DirectSms sms, ILogger<RequestIntake> log) : IRequestIntake
{
    static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(500);

    public sealed class Pending(Guid entryId, JournaledRequest request)
    {
        public Guid EntryId { get; } = entryId;
        public JournaledRequest Request { get; } = request;
        public string? TakenBy { get; set; }
        public bool Resolved { get; set; }
    }

    readonly ConcurrentDictionary<string, Pending> pending = new(StringComparer.Ordinal);

    public async Task<LeftRequest> LeaveAsync(NewRequest request, Instant now, CancellationToken ct)
    {
        if (breaker.IsAvailable)
        {
            try
            {
                var created = await breaker.RunAsync(c => store.CreateAsync(request, now, c), Budget, ct);
                return new LeftRequest(created.Code, Journaled: false, created.Notified);
            }
            catch (DatabaseUnavailableException) { }
        }
        return await JournalAsync(request, now, ct);
    }

    async Task<LeftRequest> JournalAsync(NewRequest request, Instant now, CancellationToken ct)
    {
        var directory = directories.Current;
        var chain = FirstNotice.Chain(directory, request.ServiceBodyId);
        if (chain.Count == 0)
            throw new InvalidOperationException($"Service body {request.ServiceBodyId} is not in memory.");
        // A code no request this instance still holds has; PostgreSQL may know it already, which the replay settles.
        var code = Enumerable.Range(0, 20).Select(RequestCodes.Next).First(c => !pending.ContainsKey(c));
        var from = request.HelplineNumber ?? directory.HelplineNumberFor(request.ServiceBodyId);
        var notice = FirstNotice.Plan(FirstNotice.Draft(request, code, now), chain, FirstNotice.Responders(directory,
            request, now), from, now);
        var origin = request.Origin ?? "journal:" + Guid.NewGuid().ToString("N");
        var journaled = new JournaledRequest(request with { Origin = origin }, code, origin, now, notice.Recipients,
            notice.From,
            notice.Text, notice.VolunteersFirst, notice.Responsible.Id, notice.DueAt, notice.UnansweredBecause);
        var entry = await journal.AppendAsync(JournalKind.Request, journaled, now, ct: ct);
        pending[code] = new Pending(entry, journaled);
        log.LogWarning(
            "Request {Code} ({Type}) journaled while the database is unavailable; {Count} notified from memory",
            code, request.Type, notice.Recipients.Count);
        if (notice.Text is not null)
            foreach (var recipient in notice.Recipients)
                sms.Send(new SmsMessage(recipient.Phone, notice.From!, notice.Text), sid =>
                    journal.AppendAsync(JournalKind.Notified, new NotifiedMark(recipient.Phone, sid), now, entry,
                        CancellationToken.None));
        return new LeftRequest(code, Journaled: true, notice.Recipients.Count);
    }

    public Pending? Local(string code) => pending.GetValueOrDefault(code);

    public void Moved(string code) => pending.TryRemove(code, out _);
}

public sealed record NotifiedMark(string Phone, string? Sid);
