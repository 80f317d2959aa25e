using System.Text;
using NAPhoneline.Reports;

namespace NAPhoneline.Tests.Reports;

public sealed class ReportTableCsvTests
{
    [Theory]
    [InlineData("figures", ReportTable.Figures)]
    [InlineData("missed", ReportTable.Missed)]
    [InlineData("days", ReportTable.Days)]
    [InlineData("volunteers", ReportTable.Volunteers)]
    [InlineData("calls", ReportTable.Calls)]
    [InlineData(null, ReportTable.Calls)]
    [InlineData("", ReportTable.Calls)]
    public void A_table_is_named_in_the_query_and_no_name_is_the_call_log(string? name, ReportTable table) =>
        Assert.Equal(table, ReportTableCsv.Parse(name));

    [Theory]
    [InlineData("people")]
    [InlineData("Figures")]
    [InlineData("calls.csv")]
    public void An_unknown_table_is_none(string name) => Assert.Null(ReportTableCsv.Parse(name));

    [Fact]
    public void Text_a_spreadsheet_would_run_is_written_as_text_and_numbers_are_bare()
    {
        var csv = Encoding.UTF8.GetString(ReportTableCsv.Write(["Volunteer", "Rung"],
            [["=HYPERLINK(\"x\")", ReportTableCsv.Number(1234)], ["@SUM(A1)", ReportTableCsv.Number(0.33333)],
                ["Pat R., Jr.", ReportTableCsv.Number((double?)null)]]));
        var lines = csv.Split("\r\n");
        Assert.Equal("Volunteer,Rung", lines[0]);
        Assert.DoesNotMatch("^\"?=", lines[1]);
        Assert.EndsWith(",1234", lines[1], StringComparison.Ordinal);
        Assert.DoesNotMatch("^\"?@", lines[2]);
        Assert.EndsWith(",0.3333", lines[2], StringComparison.Ordinal);
        Assert.Equal("\"Pat R., Jr.\",", lines[3]);
    }
}
