namespace Workteam.ScimApi.Protocol.Filters;

internal enum FilterTokenKind { Word, String, OpenParen, CloseParen, OpenBracket, CloseBracket, End }

/// <param name="Text">The token as written (a string keeps its quotes and escapes).</param>
/// <param name="Position">Zero-based index of the token's first character.</param>
/// <param name="FollowsWhitespace">Whether whitespace separates this token from the previous one.</param>
/// <param name="StringValue">The unescaped content of a string token.</param>
internal readonly record struct FilterToken(
    FilterTokenKind Kind, string Text, int Position, bool FollowsWhitespace, string? StringValue = null)
{
    private const int MaxQuotedLength = 40;

    /// <summary>The 1-based character number used in error messages.</summary>
    public int Column => Position + 1;

    public bool IsKeyword(string keyword) =>
        Kind == FilterTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsLogicalKeyword => IsKeyword("and") || IsKeyword("or") || IsKeyword("not");

    public string Describe(string subject) => Kind == FilterTokenKind.End
        ? $"the end of the {subject}"
        : "'" + (Text.Length <= MaxQuotedLength ? Text : Text[..MaxQuotedLength] + "…") + "'";
}
