using Microsoft.AspNetCore.WebUtilities;
using Workteam.Directory.Members;

namespace Workteam.Directory.Tests;

public sealed class NameCursorTests
{
    [Fact]
    public void A_cursor_carries_the_row_it_ends_at_and_the_first_pages_total()
    {
        var cursor = new NameCursor("ada lovelace ✓", Guid.CreateVersion7(), 10_001);
        Assert.True(NameCursor.TryParse(cursor.ToString(), out var parsed));
        Assert.Equal(cursor, parsed);
        Assert.Matches("^[A-Za-z0-9_-]+$", cursor.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("AA")]
    [InlineData("not a cursor")]
    public void Anything_else_is_not_a_cursor(string value) => Assert.False(NameCursor.TryParse(value, out _));

    [Fact]
    public void A_cursor_without_a_total_or_with_a_negative_one_is_refused()
    {
        var withoutTotal = new byte[16];
        var negative = new byte[20];
        negative[16] = 0x80;
        Assert.False(NameCursor.TryParse(WebEncoders.Base64UrlEncode(withoutTotal), out _));
        Assert.False(NameCursor.TryParse(WebEncoders.Base64UrlEncode(negative), out _));
    }
}
