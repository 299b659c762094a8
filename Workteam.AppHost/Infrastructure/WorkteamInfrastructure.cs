namespace Workteam.AppHost.Infrastructure;

/// <summary>
/// What the Workteam services depend on. Services receive the same connection strings
/// (<c>scimdb</c>, <c>directorydb</c>, <c>notifierdb</c>, <c>messaging</c>, <c>smtp</c>) whichever mode provides them.
/// <paramref name="Paths"/> holds the services' own files too (the gateway's refusal journal) in both modes.
/// </summary>
public sealed record WorkteamInfrastructure(
    InfrastructureMode Mode,
    LocalPaths Paths,
    IResourceBuilder<IResourceWithConnectionString> ScimDatabase,
    IResourceBuilder<IResourceWithConnectionString> DirectoryDatabase,
    IResourceBuilder<IResourceWithConnectionString> NotifierDatabase,
    IResourceBuilder<IResourceWithConnectionString> Messaging,
    IResourceBuilder<IResourceWithConnectionString> Smtp)
{
    public const string ScimDatabaseName = "scimdb";
    public const string DirectoryDatabaseName = "directorydb";
    public const string NotifierDatabaseName = "notifierdb";
    public const string MessagingName = "messaging";
    public const string SmtpName = "smtp";
}
