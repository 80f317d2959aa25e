using System.Globalization;
using Dapper;
using NAPhoneline.Data;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Journal;
using NAPhoneline.Shared.Voice;
using Npgsql;
using NodaTime;
using NodaTime.Text;

namespace NAPhoneline.Scheduling;

public enum ReplyOutcome { Confirmed, AlreadyConfirmed, Declined, Over, Unknown }

public enum ShiftAnswer { Confirm, Cant }

// An OK or CANT texted while PostgreSQL was unavailable, recorded when it is back (JournaledShiftAnswers).
public sealed record JournaledShiftAnswer(ShiftAnswer Answer, string Code, string From, string? To);

// A volunteer's answers by text (CONTRACT 13): "OK 4821" confirms the reminded shift the code names, "CANT 4821"
// declines it and opens a cover request, "TAKE 5821" takes a cover request. A reminder's code only counts from the
// number it was sent to. The reply says what happened, in the volunteer's language. With PostgreSQL away, OK and
// CANT are journaled and confirmed by text once it is back; TAKE asks to be sent again (a winner needs the row).
public sealed class ShiftReplies(NpgsqlDataSource db, DatabaseBreaker breaker, State.HelplineDirectory directory,
    CoverRequests covers, LocalJournal journal)
{
    // As for a request's ACK: a texter waits at most this for PostgreSQL.
    static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(500);

    public Task<string> ConfirmAsync(string code, string? from, string? to, string language, Instant now,
        CancellationToken ct) =>
        AnswerAsync(code, from, language, "ShiftReplyUsage", c => RecordConfirmAsync(null, null, code, from!, now, c),
            (r, prompts) => ConfirmWords(r, prompts, code),
            () => JournalAsync(ShiftAnswer.Confirm, code, from!, to, now, "ShiftAnswerNoted", ct), ct);

    public Task<string> CantAsync(string code, string? from, string? to, string language, Instant now,
        CancellationToken ct) =>
        AnswerAsync(code, from, language, "CantUsage", c => covers.CantAsync(code, from!, now, c),
            (r, prompts) => CantWords(r, prompts, code),
            () => JournalAsync(ShiftAnswer.Cant, code, from!, to, now, "CantNoted", ct), ct);

    public Task<string> TakeAsync(string code, string? from, string language, Instant now, CancellationToken ct) =>
        AnswerAsync(code, from, language, "TakeUsage", c => covers.TakeAsync(code, from!, now, c),
            (r, prompts) => r.Outcome switch
            {
                TakeOutcome.Taken => prompts.Text("TakeTaken", r.When!),
                TakeOutcome.AlreadyYours => prompts.Text("TakeAlreadyYours", r.When!),
                TakeOutcome.TakenByOther => prompts.Text("TakeTakenByOther", r.When!),
                TakeOutcome.NotAsked => prompts.Text("TakeNotAsked", code),
                TakeOutcome.Over => prompts.Text("TakeOver", r.When!),
                _ => prompts.Text("TakeUnknown", code),
            }, () => Task.FromResult(PromptsFor(from, language).Text("TakeLater", code)), ct);

    public static string ConfirmWords((ReplyOutcome, ReminderRow?) r, Prompts prompts, string code) => r.Item1 switch
    {
        ReplyOutcome.Confirmed => prompts.Text("ShiftConfirmed", When(r.Item2!, prompts)),
        ReplyOutcome.AlreadyConfirmed => prompts.Text("ShiftAlreadyConfirmed", When(r.Item2!, prompts)),
        ReplyOutcome.Declined => prompts.Text("ShiftAlreadyDeclined", When(r.Item2!, prompts)),
        ReplyOutcome.Over => prompts.Text("ShiftReplyOver", code),
        _ => prompts.Text("ShiftReplyUnknown", code),
    };

    public static string CantWords(CoverRequests.Result<CantOutcome> r, Prompts prompts, string code) =>
        r.Outcome switch
        {
            CantOutcome.Opened when r.Asked == 0 => prompts.Text("CantNobodyFree", r.When!),
            CantOutcome.Opened => prompts.Text("CantOpened", r.When!, r.Asked),
            CantOutcome.AlreadyOpen => prompts.Text("CantAlreadyOpen", r.When!),
            CantOutcome.Over => prompts.Text("CantOver", r.When!),
            _ => prompts.Text("ShiftReplyUnknown", code),
        };

    public Prompts PromptsFor(string? phone, string language) =>
        Prompts.For(directory.Current.VolunteerByPhone(phone)?.Languages.FirstOrDefault() ?? language);

    // In the volunteer's first language: the usage text without a code or a valid number; the database within the
    // budget, else the offline answer.
    async Task<string> AnswerAsync<T>(string code, string? from, string language, string usage,
        Func<CancellationToken, Task<T>> work, Func<T, Prompts, string> words, Func<Task<string>> offline,
        CancellationToken ct)
    {
        var prompts = PromptsFor(from, language);
        if (code.Length == 0 || !E164.IsValid(from)) return prompts.Text(usage);
        if (breaker.IsAvailable)
        {
            try
            {
                return words(await breaker.RunAsync(work, Budget, ct), prompts);
            }
            catch (DatabaseUnavailableException) { }
        }
        return await offline();
    }

    async Task<string> JournalAsync(ShiftAnswer answer, string code, string from, string? to, Instant now,
        string noted, CancellationToken ct)
    {
        await journal.AppendAsync(JournalKind.ShiftAnswer, new JournaledShiftAnswer(answer, code, from, to), now,
            ct: ct);
        return PromptsFor(from, "en").Text(noted, code);
    }

    // In the caller's transaction when given one (the journal's replay), else on a connection of its own.
    public async Task<(ReplyOutcome, ReminderRow?)> RecordConfirmAsync(NpgsqlConnection? conn, NpgsqlTransaction? tx,
        string code, string from, Instant now, CancellationToken ct)
    {
        const string sql = """
            with r as (
                select r.id, r.status, r.starts_at, r.ends_at, b.name as body, b.time_zone
                from shift_reminders r
                join volunteers v on v.id = r.volunteer_id
                join service_bodies b on b.id = r.service_body_id
                where v.phone = @from and r.code = @code
                for update of r),
            u as (
                update shift_reminders s set status = 'confirmed', answered_at = @now
                from r where s.id = r.id and r.status = 'unconfirmed' and r.ends_at > @now
                returning s.id)
            select r.status, r.starts_at, r.ends_at, r.body, r.time_zone, exists (select 1 from u) as updated from r
            """;
        await using var own = conn is null ? await db.OpenConnectionAsync(ct) : null;
        var row = await (conn ?? own!).QuerySingleOrDefaultAsync<ReminderRow>(new CommandDefinition(sql,
            new { from, code, now = now.ToDateTimeUtc() }, tx, cancellationToken: ct));
        if (row is null) return (ReplyOutcome.Unknown, null);
        if (row.Updated) return (ReplyOutcome.Confirmed, row);
        if (Instant.FromDateTimeUtc(DateTime.SpecifyKind(row.EndsAt, DateTimeKind.Utc)) <= now)
            return (ReplyOutcome.Over, row);
        return (row.Status == "declined" ? ReplyOutcome.Declined : ReplyOutcome.AlreadyConfirmed, row);
    }

    static string When(ReminderRow r, Prompts prompts)
    {
        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(r.TimeZone) ?? DateTimeZone.Utc;
        var culture = CultureInfo.GetCultureInfo(prompts.SayLanguage);
        var start = Instant.FromDateTimeUtc(DateTime.SpecifyKind(r.StartsAt, DateTimeKind.Utc)).InZone(zone);
        return LocalDateTimePattern.Create(prompts.Text("DateFormat"), culture).Format(start.LocalDateTime)
            + $" ({r.Body})";
    }

    public sealed class ReminderRow
    {
        public string Status { get; init; } = "";
        public DateTime StartsAt { get; init; }
        public DateTime EndsAt { get; init; }
        public string Body { get; init; } = "";
        public string TimeZone { get; init; } = "";
        public bool Updated { get; init; }
    }
}
