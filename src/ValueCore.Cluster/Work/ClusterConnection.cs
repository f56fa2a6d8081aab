using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;

namespace ValueCore.Cluster.Work;

/// <summary>A client connected to a cluster through a static list of gateways (the silos' gateway endpoints).</summary>
internal sealed class ClusterConnection : IAsyncDisposable
{
    /// <summary>The cluster id when none is given, on silos and clients alike.</summary>
    public const string DefaultClusterId = "valuecore";

    /// <summary>How long connecting may take.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(20);

    private readonly IHost _host;

    private ClusterConnection(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The connected client.</summary>
    public IClusterClient Client { get; }

    /// <summary>Connects to the cluster; fails if no gateway answers.</summary>
    /// <param name="gateways">The silos' gateway endpoints.</param>
    /// <param name="clusterId">The cluster id the silos run with.</param>
    /// <param name="serviceId">The service id the silos run with; null for the cluster id, which `valuecore silo` uses as its service id.</param>
    /// <param name="cancellationToken">Stops connecting.</param>
    /// <returns>The connection; dispose it to disconnect.</returns>
    public static async Task<ClusterConnection> ConnectAsync(IReadOnlyList<IPEndPoint> gateways, string clusterId, string? serviceId = null,
        CancellationToken cancellationToken = default)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering([.. gateways]);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId ?? clusterId;
            });

            // A block may run for minutes; a silo that dies is noticed through the membership, not through this timeout.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(30));
        });
        var host = builder.Build();
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(ConnectTimeout);
        try
        {
            await host.StartAsync(connect.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw new TimeoutException($"No gateway answered within {ConnectTimeout.TotalSeconds:0} s.");
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new ClusterConnection(host);
    }

    /// <summary>Parses <c>HOST:PORT[,HOST:PORT...]</c> (a host name is resolved; IPv4 first).</summary>
    /// <param name="text">The list.</param>
    /// <returns>The endpoints.</returns>
    /// <exception cref="FormatException">An entry is not HOST:PORT with a port in [1, 65535], or its host does not resolve.</exception>
    public static IReadOnlyList<IPEndPoint> ParseGateways(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var endpoints = new List<IPEndPoint>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            int colon = part.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(part.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port)
                || port is < 1 or > 65535)
            {
                throw new FormatException($"'{part}' is not HOST:PORT (a port in [1, 65535])");
            }

            string host = part[..colon].Trim('[', ']');
            if (!IPAddress.TryParse(host, out var address))
            {
                IPAddress[] found;
                try
                {
                    found = Dns.GetHostAddresses(host);
                }
                catch (System.Net.Sockets.SocketException e)
                {
                    throw new FormatException($"'{part}': the host does not resolve ({e.Message})", e);
                }

                address = found.OrderBy(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault()
                    ?? throw new FormatException($"'{part}': the host does not resolve");
            }

            endpoints.Add(new IPEndPoint(address, port));
        }

        return endpoints;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        finally
        {
            _host.Dispose();
        }
    }
}
