using Workteam.AppHost;
using Workteam.AppHost.Infrastructure;

var builder = DistributedApplication.CreateBuilder(args);

try
{
    var infrastructure = builder.AddWorkteamInfrastructure();
    builder.AddWorkteamServices(infrastructure);
    StartupReporter.Register(builder);
}
catch (MissingLocalInstallException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

builder.Build().Run();
return 0;
