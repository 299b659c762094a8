using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Workteam.Contracts;

namespace Microsoft.Extensions.Hosting;

public static class ServiceTrustExtensions
{
    /// <summary>
    /// <see cref="ServiceTrust"/> from <c>Workteam:ServiceSecret</c>, which the app host gives every service. A service
    /// started without it fails the first time it needs it, saying so.
    /// </summary>
    public static IServiceCollection AddServiceTrust(this IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(_ => new ServiceTrust(configuration[ServiceTrust.ConfigurationKey]
            ?? throw new InvalidOperationException($"{ServiceTrust.ConfigurationKey} is not set: the app host passes every service the deployment's service secret.")));

    /// <summary>Whether the request carries the service token: it comes from one of Workteam's services or the app host.</summary>
    public static bool HasServiceToken(this Microsoft.AspNetCore.Http.HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal)
            && context.RequestServices.GetRequiredService<ServiceTrust>().VerifyInternalToken(header["Bearer ".Length..]);
    }

    /// <summary>Calls to Directory's <c>/internal</c> routes carry the service token.</summary>
    public static IHttpClientBuilder AddInternalApiCredential(this IHttpClientBuilder client) =>
        client.AddHttpMessageHandler(services => new InternalApiCredentialHandler(services.GetRequiredService<ServiceTrust>()));

    private sealed class InternalApiCredentialHandler(ServiceTrust trust) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", trust.InternalToken);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
