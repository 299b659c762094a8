using Microsoft.Extensions.Configuration;

namespace Workteam.AppHost.Infrastructure;

/// <summary>
/// Where the Local mode finds the machine's installs (<c>Workteam:Local:PostgresBin</c>,
/// <c>Workteam:Local:RabbitMqServer</c>), checked before anything starts.
/// </summary>
public sealed record LocalPrerequisites(string PostgresBin, string RabbitMqServer)
{
    public const string DefaultPostgresBin = "/usr/lib/postgresql/15/bin";
    public const string DefaultRabbitMqServer = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    public static LocalPrerequisites From(IConfiguration configuration) => new(
        configuration["Workteam:Local:PostgresBin"] ?? DefaultPostgresBin,
        configuration["Workteam:Local:RabbitMqServer"] ?? DefaultRabbitMqServer);

    public void EnsurePostgres()
    {
        if (!File.Exists(Path.Combine(PostgresBin, "postgres")))
        {
            throw new MissingLocalInstallException(
                $"PostgreSQL 15 is not installed ({PostgresBin}/postgres is missing). Install it with: sudo apt-get install -y postgresql-15");
        }
    }

    public void EnsureRabbitMq()
    {
        if (!File.Exists(RabbitMqServer))
        {
            throw new MissingLocalInstallException(
                $"RabbitMQ is not installed ({RabbitMqServer} is missing). Install it with: sudo apt-get install -y rabbitmq-server");
        }
    }
}
