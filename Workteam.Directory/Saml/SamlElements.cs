using System.Globalization;
using System.Xml;

namespace Workteam.Directory.Saml;

/// <summary>Reads SAML elements strictly: direct children only, by namespace and local name.</summary>
internal static class SamlElements
{
    public static IEnumerable<XmlElement> Children(this XmlElement parent, string namespaceUri, string localName) =>
        parent.ChildNodes.OfType<XmlElement>()
            .Where(child => child.LocalName == localName && child.NamespaceURI == namespaceUri);

    public static XmlElement? Child(this XmlElement parent, string namespaceUri, string localName) =>
        parent.Children(namespaceUri, localName).FirstOrDefault();

    /// <summary>Every element with this name anywhere under (and including) the node.</summary>
    public static IEnumerable<XmlElement> Descendants(this XmlNode node, string namespaceUri, string localName) =>
        node.SelectNodes("descendant-or-self::*")!.OfType<XmlElement>()
            .Where(element => element.LocalName == localName && element.NamespaceURI == namespaceUri);

    /// <summary>The attribute's value, or null when the element does not have it.</summary>
    public static string? AttributeOrNull(this XmlElement element, string name) =>
        element.HasAttribute(name) ? element.GetAttribute(name) : null;

    /// <summary>
    /// The element's text when it holds nothing but text, else null: a comment or an element inside a value would be
    /// left out by canonicalization (so outside what the signature covers) while changing what a reader sees.
    /// </summary>
    public static string? TextOnly(this XmlElement element) =>
        element.ChildNodes.Cast<XmlNode>().All(node => node.NodeType is XmlNodeType.Text or XmlNodeType.CDATA
            or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            ? string.Concat(element.ChildNodes.Cast<XmlNode>().Select(node => node.Value))
            : null;

    /// <summary>An xs:dateTime as SAML writes it (UTC), or null when it is not one.</summary>
    public static DateTimeOffset? ParseInstant(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
            ? instant
            : null;
}
