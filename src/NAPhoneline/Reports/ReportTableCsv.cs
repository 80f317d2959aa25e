using System.Globalization;
using CsvHelper;

namespace NAPhoneline.Reports;

// The tables of the console's report page as CSV (`?handler=csv&table=...`): headers and labels in the page's
// language, numbers invariant and bare (no thousands separator, no unit, rates as fractions) so that a
// spreadsheet reads them as numbers.
public enum ReportTable { Figures, Missed, Days, Volunteers, Calls }

public static class ReportTableCsv
{
    public static ReportTable? Parse(string? name) => name switch
    {
        "figures" => ReportTable.Figures,
        "missed" => ReportTable.Missed,
        "days" => ReportTable.Days,
        "volunteers" => ReportTable.Volunteers,
        // The call log was the page's only download before the tables had theirs.
        null or "" or "calls" => ReportTable.Calls,
        _ => null,
    };

    public static string Name(ReportTable table) => table.ToString().ToLowerInvariant();

    public static byte[] Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var stream = new MemoryStream();
        // The same escaping as the call log (CallCsv): text a spreadsheet would run as a formula is written as text.
        var options = CsvWriterOptions.Default with { Injection = CsvInjection.Escape, InjectionCharacters = "=@\t\r" };
        using (var csv = CsvWriter.Create(stream, options, leaveOpen: true))
        {
            csv.WriteHeader(header.ToArray());
            foreach (var row in rows)
            {
                foreach (var field in row) csv.WriteField(field);
                csv.EndRecord();
            }
        }
        return stream.ToArray();
    }

    public static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    public static string Number(double? n, string format = "0.####") =>
        n?.ToString(format, CultureInfo.InvariantCulture) ?? "";
}
