using System.Text;
using System.Xml;

namespace Workteam.Directory.Saml;

/// <summary>Workteam's SAML metadata for one organization, which Entra's "Upload metadata file" reads.</summary>
public static class ServiceProviderMetadata
{
    public static string Write(SamlServiceProvider sp)
    {
        var text = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = Encoding.UTF8 };
        using (var writer = XmlWriter.Create(new Utf8StringWriter(text), settings))
        {
            writer.WriteStartElement("md", "EntityDescriptor", SamlNames.Metadata);
            writer.WriteAttributeString("entityID", sp.EntityId);
            writer.WriteStartElement("md", "SPSSODescriptor", SamlNames.Metadata);
            writer.WriteAttributeString("AuthnRequestsSigned", "false");
            writer.WriteAttributeString("protocolSupportEnumeration", SamlNames.Protocol);
            writer.WriteStartElement("md", "AssertionConsumerService", SamlNames.Metadata);
            writer.WriteAttributeString("Binding", SamlNames.HttpPostBinding);
            writer.WriteAttributeString("Location", sp.AcsUrl.AbsoluteUri);
            writer.WriteAttributeString("index", "0");
            writer.WriteAttributeString("isDefault", "true");
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        return text.ToString();
    }

    /// <summary>Makes the XML declaration say utf-8, the encoding the metadata is served in.</summary>
    private sealed class Utf8StringWriter(StringBuilder builder) : StringWriter(builder)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
