namespace Workteam.AppHost.Tests;

/// <summary>Tests that start the whole app run one at a time: the machine has two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AppHostCollection
{
    public const string Name = "Running app host";
}
