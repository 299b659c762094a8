namespace Workteam.Gateway;

public static class GatewayServiceExtensions
{
    /// <summary>YARP routes from the <c>ReverseProxy</c> section; cluster addresses resolve through Aspire service discovery.</summary>
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();
        return builder;
    }
}
