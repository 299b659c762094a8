using Workteam.Directory.Activity;

namespace Workteam.Directory.Tests;

public sealed class PageRequestTests
{
    [Fact]
    public void A_cursor_reads_back_as_the_row_it_names()
    {
        var cursor = new KeysetCursor(new DateTimeOffset(2026, 12, 5, 10, 11, 12, 345, TimeSpan.Zero).AddTicks(6789), Guid.CreateVersion7());
        Assert.True(KeysetCursor.TryParse(cursor.ToString(), out var parsed));
        Assert.Equal(cursor, parsed);
        Assert.Matches("^[A-Za-z0-9_-]+$", cursor.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("AAAA")]
    [InlineData("____________________________________")]
    public void Anything_else_is_not_a_cursor(string value) => Assert.False(KeysetCursor.TryParse(value, out _));

    [Fact]
    public void Defaults_and_the_cap()
    {
        Assert.Equal(PageRequest.DefaultLimit, PageRequest.Parse(null, null, null, null, null).Request!.Limit);
        Assert.Equal(PageRequest.MaxLimit, PageRequest.Parse("100000", null, null, null, null).Request!.Limit);
        Assert.Null(PageRequest.Parse(null, null, "  ", null, null).Request!.Query);
    }

    [Theory]
    [InlineData("0", null, null, null)]
    [InlineData("-1", null, null, null)]
    [InlineData("ten", null, null, null)]
    [InlineData(null, "bad", null, null)]
    [InlineData(null, null, "yesterday", null)]
    [InlineData(null, null, "2026-12-05T10:00:00Z", "2026-12-04T10:00:00Z")]
    public void Bad_input_is_refused_with_a_reason(string? limit, string? cursor, string? from, string? to)
    {
        var (request, error) = PageRequest.Parse(limit, cursor, null, from, to);
        Assert.Null(request);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void A_prefix_range_holds_exactly_the_keys_that_start_with_it()
    {
        // PostgreSQL's "C" collation compares UTF-8 bytes.
        static int Compare(string a, string b) => System.Text.Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(b));
        var (low, high) = ActivityQueries.PrefixRange("Ad%_");
        Assert.Equal("ad%_", low);
        foreach (var key in new[] { "ad%_", "ad%_a", "ad%_\uffff", "ad%_\U0010FFFE" })
        {
            Assert.True(Compare(key, low) >= 0 && Compare(key, high) < 0, key);
        }

        foreach (var key in new[] { "ad%", "ad%`", "ad%a", "ae" })
        {
            Assert.False(Compare(key, low) >= 0 && Compare(key, high) < 0, key);
        }
    }
}
