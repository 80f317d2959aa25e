using System.Globalization;
using CsvHelper;
using NodaTime;
using NodaTime.Text;

namespace NAPhoneline.Reports;

// The call log of a report as CSV (the admin API and the console's download): local times, masked callers.
public static class CallCsv
{
    static readonly LocalDateTimePattern Local =
        LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd' 'HH':'mm':'ss");

    public static byte[] Write(IEnumerable<CallReportRow> rows, DateTimeZone zone)
    {
        using var stream = new MemoryStream();
        // Text a spreadsheet would run as a formula is written as text.
        var options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape, InjectionCharacters = "=@\t\r" };
        using (var csv = CsvWriter.Create(stream, options, leaveOpen: true))
        {
            csv.WriteHeader(["start", "caller", "path", "tried", "answeredBy", "secondsToAnswer", "talkSeconds",
                "outcome"]);
            foreach (var r in rows)
            {
                csv.WriteField(Local.Format(Instant.FromDateTimeUtc(
                    DateTime.SpecifyKind(r.StartedAt, DateTimeKind.Utc)).InZone(zone).LocalDateTime));
                csv.WriteField(r.CallerMasked);
                csv.WriteField(string.Join(' ', r.Path));
                csv.WriteField(string.Join("; ", r.Tried));
                csv.WriteField(r.AnsweredBy ?? "");
                csv.WriteField(r.SecondsToAnswer?.ToString(CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(r.TalkSeconds?.ToString(CultureInfo.InvariantCulture) ?? "");
                csv.WriteField(r.Outcome ?? "");
                csv.EndRecord();
            }
        }
        return stream.ToArray();
    }
}
