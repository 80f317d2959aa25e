using NAPhoneline.Console;

namespace NAPhoneline.Tests.Console;

public sealed class PageCursorTests
{
    [Fact]
    public void A_cursor_reads_back_to_the_microsecond()
    {
        var at = new DateTime(2026, 11, 24, 20, 0, 1, DateTimeKind.Utc).AddTicks(1234560);
        var cursor = PageCursor.After(at, 2305843009213693952);

        var text = cursor.ToString();

        Assert.Equal("1795550401123456_2305843009213693952", text);
        Assert.Equal(cursor, PageCursor.Parse(text));
        Assert.Equal(DateTimeKind.Utc, PageCursor.Parse(text)!.Value.At.Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("123")]
    [InlineData("1_2_3")]
    [InlineData("-5_2")]
    [InlineData("x_2")]
    [InlineData("99999999999999999999_1")]
    [InlineData("999999999999999999_1")]
    [InlineData("+16195550142_1")]
    public void Anything_else_is_no_cursor(string? text) => Assert.Null(PageCursor.Parse(text));
}
