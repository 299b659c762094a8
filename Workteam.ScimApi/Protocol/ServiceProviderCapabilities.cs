namespace Workteam.ScimApi.Protocol;

/// <summary>The configurable parts of the ServiceProviderConfig document.</summary>
/// <param name="MaxResults">The most resources one query returns (<c>filter.maxResults</c>).</param>
public sealed record ServiceProviderCapabilities(int MaxResults);
