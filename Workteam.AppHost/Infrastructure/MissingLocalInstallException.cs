namespace Workteam.AppHost.Infrastructure;

/// <summary>A server the Local infrastructure mode runs is not installed; the message names the install command.</summary>
public sealed class MissingLocalInstallException(string message) : Exception(message);
