using System.Text.Json;
using Workteam.ScimApi.Resources;

namespace Workteam.ScimApi.Tests;

public sealed class OtherAttributesTests
{
    [Fact]
    public void What_people_read_is_named_as_the_console_shows_it()
    {
        var document = JsonDocument.Parse("""
            {"userName":"ada","nickName":"Countess","preferredLanguage":"en-GB",
             "phoneNumbers":[{"value":"+44 1","type":"work"},{"value":"+44 2","type":"mobile"},{"value":"  "}],
             "addresses":[{"type":"work","locality":"London","country":"GB"}],
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"E-1815","costCenter":"42","department":"Engines"}}
            """).RootElement;
        var attributes = UserDocuments.OtherAttributes(document);
        Assert.Equal(new Dictionary<string, string>
        {
            ["Address (work)"] = "London, GB",
            ["Cost center"] = "42",
            ["Employee number"] = "E-1815",
            ["Nickname"] = "Countess",
            ["Phone (mobile)"] = "+44 2",
            ["Phone (work)"] = "+44 1",
            ["Preferred language"] = "en-GB",
        }, attributes);
    }

    [Fact]
    public void A_user_with_nothing_more_has_none() =>
        Assert.Empty(UserDocuments.OtherAttributes(JsonDocument.Parse("""{"userName":"ada","phoneNumbers":"not a list"}""").RootElement));
}
