using System.Text;
using System.Xml;

namespace Workteam.Directory.Saml;

/// <summary>
/// Loads XML that comes from outside Workteam: no DTD (so no entity expansion and no external entities), no resolver,
/// a bound on the document's size, and whitespace kept exactly as signed.
/// </summary>
internal static class SafeXml
{
    /// <summary>Why a document could not be loaded: a DOCTYPE, or anything else that is not well-formed XML.</summary>
    public sealed class RefusedException(bool hasDoctype, string message) : Exception(message)
    {
        public bool HasDoctype { get; } = hasDoctype;
    }

    public static XmlDocument Load(byte[] bytes, long maxCharacters) =>
        Load(XmlReader.Create(new MemoryStream(bytes), Settings(maxCharacters)), Encoding.UTF8.GetString(bytes));

    public static XmlDocument Load(string text, long maxCharacters) =>
        Load(XmlReader.Create(new StringReader(text), Settings(maxCharacters)), text);

    private static XmlDocument Load(XmlReader reader, string textForDiagnosis)
    {
        using (reader)
        {
            var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
            try
            {
                document.Load(reader);
                return document;
            }
            catch (XmlException exception)
            {
                var hasDoctype = textForDiagnosis.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
                throw new RefusedException(hasDoctype, exception.Message);
            }
        }
    }

    private static XmlReaderSettings Settings(long maxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = maxCharacters,
        IgnoreComments = false,
        IgnoreProcessingInstructions = false,
        IgnoreWhitespace = false,
    };
}
