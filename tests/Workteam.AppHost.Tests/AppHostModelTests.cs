using Microsoft.Extensions.DependencyInjection;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Workteam.AppHost.Infrastructure;

namespace Workteam.AppHost.Tests;

/// <summary>The app model as the app host declares it; nothing is started.</summary>
public sealed class AppHostModelTests
{
    private static readonly string[] Services = ["scimapi", "directory", "notifier", "gateway"];

    [Theory]
    [InlineData("Local", typeof(LocalPostgresServerResource), typeof(LocalRabbitMqServerResource), typeof(Smtp4devResource))]
    [InlineData("Containers", typeof(PostgresServerResource), typeof(RabbitMQServerResource), typeof(Smtp4devContainerResource))]
    public async Task Every_resource_exists_in_both_infrastructure_modes(string mode, Type postgresType, Type rabbitMqType, Type smtpType)
    {
        var model = await BuildModelAsync(mode);

        Assert.IsType(postgresType, model.Single(r => r.Name == "postgres"));
        Assert.IsType(rabbitMqType, model.Single(r => r.Name == "messaging"));
        Assert.IsType(smtpType, model.Single(r => r.Name == "smtp"));
        foreach (var database in new[] { "scimdb", "directorydb", "notifierdb" })
        {
            var resource = Assert.IsAssignableFrom<IResourceWithConnectionString>(model.Single(r => r.Name == database));
            Assert.Equal("postgres", Assert.IsAssignableFrom<IResourceWithParent>(resource).Parent.Name);
        }

        foreach (var service in Services)
        {
            Assert.IsType<ProjectResource>(model.Single(r => r.Name == service));
        }
    }

    [Theory]
    [InlineData("Local")]
    [InlineData("Containers")]
    public async Task Each_service_database_is_reached_as_its_own_role_in_both_infrastructure_modes(string mode)
    {
        var model = await BuildModelAsync(mode);

        foreach (var (database, role) in new[] { ("scimdb", "scim"), ("directorydb", "directory"), ("notifierdb", "notifier") })
        {
            var connectionString = model.OfType<IResourceWithConnectionString>().Single(r => r.Name == database).ConnectionStringExpression.ValueExpression;
            Assert.Contains($";Username={role};", connectionString);
            Assert.Contains($";Password={{{database}-password.value}};", connectionString);
            Assert.EndsWith($";Database={role}", connectionString);
            Assert.StartsWith("Host={postgres.bindings.tcp.host};Port={postgres.bindings.tcp.port};", connectionString);
        }

        Assert.Contains("Username=postgres", model.OfType<IResourceWithConnectionString>().Single(r => r.Name == "postgres").ConnectionStringExpression.ValueExpression);
    }

    [Theory]
    [InlineData("scimapi", new[] { "scimdb", "messaging" })]
    [InlineData("directory", new[] { "directorydb", "messaging" })]
    [InlineData("notifier", new[] { "notifierdb", "messaging", "smtp" })]
    [InlineData("gateway", new[] { "scimapi", "directory" })]
    public async Task Services_reference_and_wait_for_what_they_use(string service, string[] dependencies)
    {
        var model = await BuildModelAsync("Local");
        var resource = model.Single(r => r.Name == service);

        var references = resource.Annotations.OfType<ResourceRelationshipAnnotation>()
            .Where(a => a.Type == "Reference").Select(a => a.Resource.Name).ToHashSet();
        var waits = resource.Annotations.OfType<WaitAnnotation>().Select(a => a.Resource.Name).ToHashSet();

        // Referencing or waiting for a database also records its server.
        Assert.Superset(dependencies.ToHashSet(), references);
        Assert.Superset(dependencies.ToHashSet(), waits);
        Assert.Contains(resource.Annotations.OfType<HealthCheckAnnotation>(), _ => true);
    }

    [Fact]
    public async Task Notifier_finds_directory_without_waiting_for_it()
    {
        var model = await BuildModelAsync("Local");
        var notifier = model.Single(r => r.Name == "notifier");

        Assert.Contains(notifier.Annotations.OfType<ResourceRelationshipAnnotation>(), a => a.Type == "Reference" && a.Resource.Name == "directory");
        Assert.DoesNotContain(notifier.Annotations.OfType<WaitAnnotation>(), a => a.Resource.Name == "directory");
    }

    [Fact]
    public async Task Notifier_settings_of_the_app_host_reach_notifier_with_the_lean_runtime_settings()
    {
        var environment = await EnvironmentOfAsync("notifier", "Notifier:DigestWindow=00:30:00");

        Assert.Equal("00:30:00", environment["Notifier__DigestWindow"]);
        // Among them the capped GC budgets of decision 0026.
        Assert.Equal("0x600000", environment["DOTNET_GCGen1MaxBudget"]);
        Assert.All(Workteam.AppHost.WorkteamServicesBuilderExtensions.LeanRuntime, setting => Assert.Equal(setting.Value, environment[setting.Key]));
    }

    [Fact]
    public async Task Replicas_setting_runs_that_many_of_each_service_and_the_gateway_balances_across_them()
    {
        var model = await BuildModelAsync("Local", settings: "Workteam:Replicas=3");
        var environment = await EnvironmentOfAsync("gateway", "Workteam:Replicas=3");

        foreach (var service in new[] { "scimapi", "directory", "notifier" })
        {
            Assert.Equal([service, $"{service}-2", $"{service}-3"], model.OfType<ProjectResource>().Select(r => r.Name).Where(n => n.StartsWith(service, StringComparison.Ordinal)).Order());
        }

        foreach (var cluster in new[] { "scimapi", "directory" })
        {
            foreach (var replica in new[] { $"{cluster}-2", $"{cluster}-3" })
            {
                // SCIM requests go to ScimApi's HTTP/2 endpoint.
                Assert.Equal(cluster == "scimapi" ? $"http://_h2c.{replica}" : $"http://{replica}", environment[$"ReverseProxy__Clusters__{cluster}__Destinations__{replica}__Address"]);
                Assert.Contains(environment.Keys, key => key.StartsWith($"services__{replica}__http__", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task Services_and_the_database_are_reached_without_a_proxy_in_between()
    {
        var model = await BuildModelAsync("Local");

        foreach (var name in new[] { "scimapi", "directory", "notifier", "gateway", "postgres" })
        {
            Assert.All(model.Single(r => r.Name == name).Annotations.OfType<EndpointAnnotation>(), endpoint => Assert.False(endpoint.IsProxied));
        }
    }

    [Fact]
    public async Task Only_the_gateway_is_reachable_from_outside()
    {
        var model = await BuildModelAsync("Local");

        var external = model.OfType<IResourceWithEndpoints>()
            .SelectMany(r => r.Annotations.OfType<EndpointAnnotation>().Where(e => e.IsExternal).Select(_ => r.Name))
            .Distinct();

        Assert.Equal(["gateway"], external);
    }

    [Fact]
    public async Task Gateway_and_mail_ui_listen_on_their_documented_ports_by_default()
    {
        var model = await BuildModelAsync("Local", fixedPorts: true);

        Assert.Equal(5280, HttpPort(model, "gateway"));
        Assert.Equal(5281, HttpPort(model, "smtp"));
    }

    [Fact]
    public async Task Every_infrastructure_resource_has_a_health_check()
    {
        var model = await BuildModelAsync("Local");

        foreach (var name in new[] { "postgres", "scimdb", "directorydb", "notifierdb", "messaging", "smtp" })
        {
            Assert.NotEmpty(model.Single(r => r.Name == name).Annotations.OfType<HealthCheckAnnotation>());
        }
    }

    private static int? HttpPort(IEnumerable<IResource> model, string name) =>
        model.Single(r => r.Name == name).Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http").Port;

    /// <summary>The environment the resource would start with; evaluated while the built (not started) app is alive.</summary>
    private static async Task<Dictionary<string, string>> EnvironmentOfAsync(string resource, params string[] settings)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Workteam_AppHost>(
            ["Workteam:Infrastructure=Local", "Workteam:GatewayPort=0", "Workteam:MailUiPort=0", .. settings],
            TestContext.Current.CancellationToken);
        await using var app = await builder.BuildAsync(TestContext.Current.CancellationToken);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>().Resources;
#pragma warning disable CS0618 // The replacement (ExecutionConfigurationBuilder) needs a running app's execution context.
        return await ((IResourceWithEnvironment)model.Single(r => r.Name == resource)).GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Run);
#pragma warning restore CS0618
    }

    private static async Task<IReadOnlyList<IResource>> BuildModelAsync(string mode, bool fixedPorts = false, params string[] settings)
    {
        string[] args = fixedPorts
            ? [$"Workteam:Infrastructure={mode}", .. settings]
            : [$"Workteam:Infrastructure={mode}", "Workteam:GatewayPort=0", "Workteam:MailUiPort=0", .. settings];
        // The builder holds the model; building an app that is never started costs up to 30 s in its disposal.
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Workteam_AppHost>(
            args, TestContext.Current.CancellationToken);
        return builder.Resources.ToList();
    }
}
