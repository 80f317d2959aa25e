using NAPhoneline.Shared.Privacy;
using System.Globalization;
using Dapper;
using NAPhoneline.Notifications;
using NAPhoneline.Shared;
using NAPhoneline.Shared.Voice;
using NAPhoneline.State;
using Npgsql;
using NodaTime;

namespace NAPhoneline.Scheduling;

// Once a day from 09:00 on each body's clock (CONTRACT 13), its coordinators get one text listing the uncovered
// hours of the next 7 days, nothing when there are none. Part of the minutely sweep: a body's day is claimed by its
// coverage_digests row, in the transaction that queues the texts, so it is sent once; a service that was down at
// 09:00 sends it when it is back, the same day. A coordinator with an email address takes it by email instead
// (when email is on).
public sealed class GapDigest(NpgsqlDataSource db, HelplineDirectory directory, OutboxSender outbox, PublicUrls urls,
    EmailOutbox emails, NumberVault vault)
{
    public static readonly LocalTime SendFrom = new(9, 0);
    public static readonly Duration Window = Duration.FromDays(7);
    const int MaxListed = 5;
    // The (body, local date) pairs this instance knows are claimed: the minutely sweep asks PostgreSQL once a day.
    readonly System.Collections.Concurrent.ConcurrentDictionary<(long, LocalDate), bool> done = new();

    // The rule, pure: the body's local date once its clock reads 09:00 or later (the digest of that date is due,
    // unless claimed), else null. On the body's wall clock, so a DST change moves it in UTC, never skips a day.
    public static LocalDate? DueDate(Instant now, DateTimeZone zone)
    {
        var local = now.InZone(zone);
        return local.TimeOfDay >= SendFrom ? local.Date : null;
    }

    public async Task<int> RunAsync(Instant now, CancellationToken ct)
    {
        var state = directory.Current;
        var sent = 0;
        foreach (var body in state.Bodies)
        {
            if (state.Roster(body.Id) is not { Shifts.Count: > 0 } roster) continue;
            var coordinators = state.Contacts(body.Id).Where(c => c.Role == "coordinator").ToList();
            var from = state.HelplineNumberFor(body.Id);
            if (coordinators.Count == 0 || from is null || DueDate(now, roster.Zone) is not { } date) continue;
            if (done.ContainsKey((body.Id, date))) continue;
            var report = CoverageReport.For(roster, now, now + Window);
            var queued = new List<long>();
            await using (var conn = await db.OpenConnectionAsync(ct))
            await using (var tx = await conn.BeginTransactionAsync(ct))
            {
                var claimed = await conn.ExecuteAsync(new CommandDefinition("""
                    insert into coverage_digests (service_body_id, local_date, sent_at, gaps)
                    values (@id, @date, @now, @gaps) on conflict do nothing
                    """, new
                    {
                        id = body.Id, date = date.ToDateOnly(), now = now.ToDateTimeUtc(),
                        gaps = report.Gaps.Count,
                    }, tx, cancellationToken: ct));
                // Claimed already (another instance, or this one before a restart).
                if (claimed == 0)
                {
                    done[(body.Id, date)] = true;
                    continue;
                }
                if (report.Gaps.Count > 0)
                {
                    var text = Text(body, report, roster.Zone);
                    var byEmail = coordinators.Where(c => emails.Enabled && c.Email is not null).ToList();
                    await emails.QueueAsync(conn, tx, byEmail.Select(c => new OutgoingEmail(c.Email!,
                        Prompts.For(body.Languages.FirstOrDefault()).Text("GapDigestSubject", body.Name), text))
                        .ToList(), now, ct);
                    foreach (var c in coordinators.Except(byEmail))
                        queued.Add(await MessageOutbox.InsertAsync(conn, tx, vault, c.Phone, from, text, now, ct));
                    sent += byEmail.Count;
                }
                await tx.CommitAsync(ct);
                done[(body.Id, date)] = true;
            }
            sent += queued.Count;
            foreach (var id in queued) await outbox.TrySendAsync(id, ct);
        }
        return sent;
    }

    string Text(Helpline body, CoverageReport report, DateTimeZone zone)
    {
        var prompts = Prompts.For(body.Languages.FirstOrDefault());
        var culture = CultureInfo.GetCultureInfo(prompts.SayLanguage);
        var list = CoverageReport.Describe(report.Gaps, zone, culture, prompts.Text("DateFormat"), MaxListed,
            more => prompts.Text("DigestMore", more));
        return prompts.Text("GapDigest", body.Name, list, urls.For("/console/schedule", ("body", body.Key)));
    }
}
