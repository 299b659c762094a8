namespace Workteam.LoadTest.Source;

/// <summary>Word lists for realistic-looking generated people, teams and places.</summary>
internal static class Names
{
    public static readonly string[] Given =
    [
        "Amelia", "Noah", "Olivia", "Liam", "Sofia", "Mateo", "Hana", "Kenji", "Aisha", "Omar", "Elena", "Lukas", "Priya",
        "Arjun", "Chloe", "Lucas", "Maya", "Ethan", "Zara", "Felix", "Ingrid", "Jonas", "Leila", "Mohammed", "Nora", "Oscar",
        "Paula", "Quentin", "Rosa", "Samuel", "Tara", "Umar", "Vera", "William", "Ximena", "Yusuf", "Zoe", "Daniel", "Grace", "Ivan",
    ];

    public static readonly string[] Family =
    [
        "Chen", "Garcia", "Müller", "Okafor", "Rossi", "Silva", "Tanaka", "Novak", "Kowalski", "Andersen", "Dubois", "Haddad",
        "Ivanova", "Johansson", "Kim", "Lopez", "Martin", "Nguyen", "O'Brien", "Patel", "Quinn", "Rahman", "Schmidt", "Torres",
        "Usman", "Varga", "Walsh", "Xu", "Yilmaz", "Zhang", "Bauer", "Costa", "Diaz", "Eriksen", "Fischer", "Gomez",
    ];

    public static readonly string[] Titles =
    [
        "Software Engineer", "Senior Software Engineer", "Product Manager", "Designer", "Data Analyst", "Account Executive",
        "Support Specialist", "Recruiter", "Finance Analyst", "Engineering Manager", "Sales Manager", "Office Manager",
    ];

    public static readonly string[] Departments =
    [
        "Engineering", "Product", "Design", "Sales", "Marketing", "Support", "Finance", "People", "Legal", "Operations",
    ];

    public static readonly string[] Teams =
    [
        "Platform", "Payments", "Mobile", "Growth", "Onboarding", "Analytics", "Security", "Infrastructure", "Partnerships",
        "Customer Success", "Brand", "Recruiting", "Facilities", "Compliance", "Research",
    ];

    public static readonly (string City, string Country)[] Places =
    [
        ("Seattle", "US"), ("London", "GB"), ("Berlin", "DE"), ("Lisbon", "PT"), ("Tokyo", "JP"), ("Toronto", "CA"),
        ("Bangalore", "IN"), ("Warsaw", "PL"), ("São Paulo", "BR"), ("Sydney", "AU"),
    ];

    public static readonly string[] Streets = ["Main Street", "Harbour Road", "Station Avenue", "Park Lane", "Market Square", "Mill Road"];

    public static readonly string[] Languages = ["en-US", "en-GB", "de-DE", "fr-FR", "pt-BR", "ja-JP", "es-ES"];

    /// <summary>The ASCII form of a name, for addresses.</summary>
    public static string Ascii(string name) =>
        new(name.Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => char.IsAsciiLetterOrDigit(c))
            .Select(char.ToLowerInvariant)
            .ToArray());
}
