using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Hosting;
using ValueCore.Cluster.Hosting;

namespace ValueCore.Tests.Cluster;

/// <summary>Free loopback ports, captured silo logs and an Orleans client over static gateways, for the silo tests.</summary>
internal static class SiloTestSupport
{
    /// <summary>A port nobody listens on now (the system's choice of a free one).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A fresh cluster id, so that tests never meet each other's silos.</summary>
    public static string NewClusterId() => "test-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>Settings of a loopback silo on free ports with a short join timeout.</summary>
    public static SiloHostSettings Loopback(string clusterId, SiloMembership membership, int? siloPort = null) => new()
    {
        ClusterId = clusterId,
        Membership = membership,
        SiloPort = siloPort ?? FreePort(),
        GatewayPort = FreePort(),
        AdvertisedHost = "127.0.0.1",
        Threads = 1,
        JoinTimeout = TimeSpan.FromSeconds(30),
        ShutdownTimeout = TimeSpan.FromSeconds(15),
    };

    /// <summary>A started Orleans client of <paramref name="clusterId"/> through the given loopback gateways.</summary>
    public static async Task<IHost> ConnectAsync(string clusterId, params int[] gatewayPorts)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering([.. gatewayPorts.Select(p => new IPEndPoint(IPAddress.Loopback, p))]);
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = clusterId;
            });
        });
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StartAsync(timeout.Token);
        return host;
    }

    /// <summary>The client of a host made by <see cref="ConnectAsync"/>.</summary>
    public static IClusterClient Client(this IHost host) => host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Stops and disposes a host, whatever happens.</summary>
    public static async Task StopQuietlyAsync(this IHost? host)
    {
        if (host is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await host.StopAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or OrleansException)
        {
        }

        host.Dispose();
    }
}

/// <summary>Log lines of the silos of one test, as "category: message".</summary>
internal sealed class SiloLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Adds this provider to a silo's logging (pass as the logging argument of <see cref="SiloHost"/>).</summary>
    public void AddTo(ILoggingBuilder logging) => logging.AddProvider(this);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lines.Enqueue($"{category}: {formatter(state, exception)}");
            }
        }
    }
}
