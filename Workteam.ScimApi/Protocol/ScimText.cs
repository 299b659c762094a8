namespace Workteam.ScimApi.Protocol;

/// <summary>
/// Text Workteam can store and compare: JSON and SCIM allow any code point, but PostgreSQL text holds no U+0000
/// and UTF-8 has no unpaired surrogates (which JSON's \uXXXX escapes can produce).
/// </summary>
public static class ScimText
{
    public const string Rule = "Text must not contain U+0000 or unpaired surrogates.";

    public static bool IsStorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsLowSurrogate(c))
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }
}
