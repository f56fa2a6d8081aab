using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;

namespace ValueCore.Cluster.Hosting;

/// <summary>Builds and starts one <c>valuecore</c> silo from its <see cref="SiloHostSettings"/>: Orleans with the chosen
/// membership, the build check and the membership log (the host behind <c>valuecore silo</c>, reused by the tests).</summary>
/// <remarks>The host handles no process signal: its owner stops it (<see cref="IHost.StopAsync"/>), which leaves the
/// cluster gracefully (the silo's row turns from active to shutting down to dead, and its grains are handed over).</remarks>
public static partial class SiloHost
{
    /// <summary>The log category of ValueCore's own silo messages (logged at information; Orleans' own at warning).</summary>
    public const string LogCategory = "ValueCore.Cluster.Silo";

    /// <summary>A host builder configured from <paramref name="settings"/>, not yet built or started. Orleans' categories log
    /// at warning and above, <see cref="LogCategory"/> at information; <paramref name="logging"/> adds providers or filters.</summary>
    /// <param name="settings">The silo's settings.</param>
    /// <param name="logging">Adds logging providers (none by default); null for none.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    /// <exception cref="SiloStartException">The advertised or primary host cannot be resolved, or a dev primary on this machine advertises another address.</exception>
    public static HostApplicationBuilder CreateBuilder(SiloHostSettings settings, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var endpoints = SiloEndpoints.Resolve(settings);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "valuecore-silo", DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter(LogCategory, LogLevel.Information);
        logging?.Invoke(builder.Logging);

        builder.Services.AddSingleton<IHostLifetime, OwnerStoppedLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = settings.ShutdownTimeout);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(endpoints);
        builder.Services.AddSingleton(new SiloWorkOptions { Threads = settings.Threads ?? Environment.ProcessorCount });
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ClusterId;
            });
            silo.Configure<SiloOptions>(o => o.SiloName = settings.Build.SiloName(Environment.MachineName, settings.SiloPort));
            silo.ConfigureEndpoints(endpoints.Advertised, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: endpoints.ListenOnAny);
            switch (settings.Membership)
            {
                case DevSiloMembership:
                    silo.UseDevelopmentClustering(endpoints.Primary!);
                    break;
                case PostgresSiloMembership postgres:
                    silo.UseAdoNetClustering(o =>
                    {
                        o.Invariant = "Npgsql";
                        o.ConnectionString = postgres.ConnectionString;
                    });
                    break;
                default:
                    throw new ArgumentException($"unknown membership {settings.Membership.GetType().Name}", nameof(settings));
            }

            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, BuildGate>();
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MembershipReporter>();
        });
        return builder;
    }

    /// <summary>How long a silo asked to stop while it starts may take to finish joining, so it can leave cleanly.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    /// <summary>Builds and starts a silo: checks that its ports are free, creates the PostgreSQL membership tables when
    /// missing, joins the cluster (refusing one of another build) and returns the running host.</summary>
    /// <param name="settings">The silo's settings.</param>
    /// <param name="logging">Adds logging providers; null for none.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The started host; stop it with <see cref="IHost.StopAsync"/> (graceful leave), then dispose it.</returns>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    /// <exception cref="SiloStartException">A port is in use, the membership cannot be reached, or joining took longer than <see cref="SiloHostSettings.JoinTimeout"/>.</exception>
    /// <exception cref="ClusterBuildMismatchException">The cluster's active silos run another build.</exception>
    public static async Task<IHost> StartAsync(SiloHostSettings settings, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        var builder = CreateBuilder(settings, logging);
        var endpoints = SiloEndpoints.Resolve(settings);
        EnsureFree(endpoints.Listen, settings.SiloPort, "silo");
        EnsureFree(endpoints.Listen, settings.GatewayPort, "gateway");
        var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
        if (logger.IsEnabled(LogLevel.Information))
        {
            string name = settings.Build.SiloName(Environment.MachineName, settings.SiloPort);
            string silo = $"{endpoints.Advertised}:{settings.SiloPort}";
            string gateway = $"{endpoints.Advertised}:{settings.GatewayPort}";
            string listen = endpoints.ListenOnAny ? "all addresses" : endpoints.Listen.ToString();
            string membership = settings.Membership.Describe();
            int threads = host.Services.GetRequiredService<SiloWorkOptions>().Threads;
            LogStarting(logger, name, settings.ClusterId, settings.Build.Id, silo, gateway, listen, membership, threads);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.JoinTimeout);
        try
        {
            if (settings.Membership is PostgresSiloMembership postgres)
            {
                string where = PostgresSiloMembership.WithoutSecrets(postgres.ConnectionString);
                bool created = await PostgresMembershipSchema.EnsureAsync(postgres.ConnectionString, timeout.Token).ConfigureAwait(false);
                if (created)
                {
                    LogTablesCreated(logger, where);
                }
                else
                {
                    LogTablesFound(logger, where);
                }
            }
            else if (endpoints.IsPrimary)
            {
                LogPrimary(logger, endpoints.Primary!);
            }

            // The start itself stops at the join timeout only: a stop asked for while the silo finishes joining lets it
            // finish (for up to StopGrace), so that it then leaves the cluster cleanly instead of being abandoned half-joined.
            using var joinTimeout = new CancellationTokenSource(settings.JoinTimeout);
            var start = host.StartAsync(joinTimeout.Token);
            var first = await Task.WhenAny(start, Task.Delay(settings.JoinTimeout + TimeSpan.FromSeconds(5), cancellationToken)).ConfigureAwait(false);
            if (first != start)
            {
                if (cancellationToken.IsCancellationRequested
                    && await Task.WhenAny(start, Task.Delay(StopGrace, CancellationToken.None)).ConfigureAwait(false) == start
                    && start.IsCompletedSuccessfully)
                {
                    return host;
                }

                throw new OperationCanceledException(timeout.Token);
            }

            await start.ConfigureAwait(false);
            return host;
        }
        catch (Exception e)
        {
            await AbandonAsync(host).ConfigureAwait(false);
            if (Find<ClusterBuildMismatchException>(e) is { } mismatch)
            {
                throw new ClusterBuildMismatchException(mismatch.Message, e);
            }

            if (Find<SocketException>(e) is { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                throw new SiloStartException($"port {settings.SiloPort} or {settings.GatewayPort} is in use on {endpoints.Listen}: another silo or program listens there; choose other ports", e);
            }

            if (Find<NpgsqlException>(e) is { } database)
            {
                throw new SiloStartException($"the membership database {PostgresSiloMembership.WithoutSecrets(((PostgresSiloMembership)settings.Membership).ConnectionString)} cannot be used: {database.Message}", e);
            }

            if (e is OperationCanceledException && !cancellationToken.IsCancellationRequested || Find<TimeoutException>(e) is not null)
            {
                string why = settings.Membership switch
                {
                    DevSiloMembership dev when !endpoints.IsPrimary =>
                        $"no primary silo answered at {dev.Host}:{dev.Port} ({endpoints.Primary}); start the primary first (the silo whose own address and port these are) and check that this machine reaches it",
                    DevSiloMembership => "this silo is the primary and could not start its membership",
                    _ => "the membership database or the other silos did not answer",
                };
                throw new SiloStartException($"the silo did not join cluster '{settings.ClusterId}' within {settings.JoinTimeout.TotalSeconds:0.#} s: {why}", e);
            }

            if (e is OperationCanceledException)
            {
                throw;
            }

            throw new SiloStartException($"the silo did not start: {Innermost(e).Message}", e);
        }
    }

    /// <summary>Stops a started silo gracefully (it leaves the cluster: its row turns to shutting down, then dead) and logs
    /// that it left; the caller disposes the host.</summary>
    /// <param name="host">A host returned by <see cref="StartAsync"/>.</param>
    /// <param name="cancellationToken">Makes the stop ungraceful when cancelled.</param>
    /// <returns>A task that completes when the silo has stopped.</returns>
    public static async Task StopAsync(IHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        await host.StopAsync(cancellationToken).ConfigureAwait(false);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
        var settings = host.Services.GetRequiredService<SiloHostSettings>();
        LogLeft(logger, settings.ClusterId);
    }

    /// <summary>Stops a host whose start failed, without waiting long, and disposes it.</summary>
    private static async Task AbandonAsync(IHost host)
    {
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await host.StopAsync(quick.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or OrleansException or InvalidOperationException or AggregateException or TimeoutException or SocketException)
        {
        }

        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            host.Dispose();
        }
    }

    private static void EnsureFree(IPAddress address, int port, string what)
    {
        try
        {
            var listener = new TcpListener(address, port);
            listener.Start();
            listener.Stop();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new SiloStartException($"the {what} port {port} is in use on {address}: another silo or program listens there; choose another port", e);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            throw new SiloStartException($"the address {address} is not one of this machine's; advertise one of its own addresses", e);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AccessDenied)
        {
            throw new SiloStartException($"the {what} port {port} may not be opened by this user (ports below 1024 need privileges); choose another port", e);
        }
    }

    private static T? Find<T>(Exception? e)
        where T : Exception
    {
        while (e is not null)
        {
            if (e is T t)
            {
                return t;
            }

            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Find<T>(inner) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            }

            e = e.InnerException;
        }

        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "starting silo {Name}: cluster '{ClusterId}', build {Build}, silo endpoint {Silo}, gateway {Gateway} (listening on {Listen}), membership {Membership}, threads {Threads}")]
    private static partial void LogStarting(ILogger logger, string name, string clusterId, string build, string silo, string gateway, string listen, string membership, int threads);

    [LoggerMessage(Level = LogLevel.Information, Message = "left cluster '{ClusterId}'; silo stopped")]
    private static partial void LogLeft(ILogger logger, string clusterId);

    [LoggerMessage(Level = LogLevel.Information, Message = "membership tables were missing and have been created in {Database}")]
    private static partial void LogTablesCreated(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "membership tables found in {Database}")]
    private static partial void LogTablesFound(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "this silo is the dev membership's primary at {Primary}: the cluster stops when it stops")]
    private static partial void LogPrimary(ILogger logger, IPEndPoint primary);

    /// <summary>A lifetime that leaves signals to the host's owner (the command, a test).</summary>
    private sealed class OwnerStoppedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Where a silo listens and what it advertises, and the dev primary's endpoint.</summary>
/// <param name="Advertised">The address other silos and clients reach this silo at.</param>
/// <param name="ListenOnAny">Whether it listens on every address (not when it advertises a loopback address).</param>
/// <param name="Primary">The dev membership's primary endpoint; null for PostgreSQL.</param>
/// <param name="IsPrimary">Whether this silo is the dev primary.</param>
internal sealed record SiloEndpoints(IPAddress Advertised, bool ListenOnAny, IPEndPoint? Primary, bool IsPrimary)
{
    public IPAddress Listen => ListenOnAny ? (Advertised.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any) : Advertised;

    public static SiloEndpoints Resolve(SiloHostSettings settings)
    {
        IPEndPoint? primary = settings.Membership is DevSiloMembership dev ? new IPEndPoint(ResolveHost(dev.Host, "dev primary"), dev.Port) : null;
        IPAddress advertised = settings.AdvertisedHost is { } host ? ResolveHost(host, "advertised")
            : primary is not null && IsLocal(primary.Address) ? primary.Address
            : FirstMachineAddress();
        bool isPrimary = primary is not null && primary.Address.Equals(advertised) && primary.Port == settings.SiloPort;
        if (primary is not null && !isPrimary && primary.Port == settings.SiloPort && IsLocal(primary.Address))
        {
            throw new SiloStartException($"the dev primary {primary} is this machine and this silo's port, but the silo advertises {advertised}: a primary advertises the address it names");
        }

        return new SiloEndpoints(advertised, !IPAddress.IsLoopback(advertised), primary, isPrimary);
    }

    private static IPAddress ResolveHost(string host, string what)
    {
        if (IPAddress.TryParse(host, out var ip))
        {
            return ip;
        }

        try
        {
            var addresses = Dns.GetHostAddresses(host);
            return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
                ?? throw new SiloStartException($"the {what} host '{host}' has no address");
        }
        catch (SocketException e)
        {
            throw new SiloStartException($"the {what} host '{host}' cannot be resolved: {e.Message}", e);
        }
    }

    private static bool IsLocal(IPAddress address) =>
        IPAddress.IsLoopback(address) || MachineAddresses().Any(a => a.Equals(address));

    private static IEnumerable<IPAddress> MachineAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address);

    private static IPAddress FirstMachineAddress() =>
        MachineAddresses().FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)) ?? IPAddress.Loopback;
}
