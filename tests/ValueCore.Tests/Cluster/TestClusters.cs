using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.TestingHost;
using ValueCore.Cluster.Work;

namespace ValueCore.Tests.Cluster;

/// <summary>In-process Orleans clusters for the cluster tests: silos on localhost TCP ports, the valuecore service id, and a call filter that can hold or delay blocks.</summary>
internal static class TestClusters
{
    /// <summary>Starts <paramref name="silos"/> silos; the cluster id is unique per cluster.</summary>
    public static async Task<TestCluster> StartAsync(int silos)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.ClusterId = "vc-test-" + Guid.NewGuid().ToString("N")[..8];
        builder.Options.ServiceId = builder.Options.ClusterId; // as `valuecore silo` runs
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ConfigureFileLogging = false;
        builder.Options.InitializeClientOnDeploy = false;
        builder.AddSiloBuilderConfigurator<FilterConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The silos' gateway endpoints as the cluster option takes them.</summary>
    public static string Gateways(TestCluster cluster) =>
        string.Join(',', cluster.Silos.Select(s => s.GatewayAddress.Endpoint.ToString()));

    private static int s_silos;

    private sealed class FilterConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddIncomingGrainCallFilter<BlockCallFilter>();

            // Named as `valuecore silo` names its silos (build id first), so the CLI's build check accepts them.
            siloBuilder.Configure<Orleans.Configuration.SiloOptions>(o => o.SiloName = ValueCore.Cluster.Hosting.ClusterBuild.Current.SiloName(
                "testhost", System.Threading.Interlocked.Increment(ref s_silos)));
        }
    }
}

/// <summary>
/// Holds or delays <see cref="IBlockGrain.RunAsync"/> calls for the tests: on the <see cref="Victim"/> silo the first
/// <see cref="HoldLimit"/> blocks wait until that silo shuts down (then fail, as on a dying machine); <see cref="Delay"/>
/// slows blocks down by their first scenario. Records the order blocks finish in. One test at a time uses it.
/// </summary>
internal sealed class BlockCallFilter(ILocalSiloDetails silo, IHostApplicationLifetime lifetime) : IIncomingGrainCallFilter
{
    private static int s_entered;
    private static int s_heldNow;
    private static int s_completed;

    public static string? Victim { get; set; }

    public static int HoldLimit { get; set; }

    public static Func<BlockSpec, TimeSpan>? Delay { get; set; }

    public static ConcurrentQueue<long> Finished { get; } = new();

    public static int HeldNow => Volatile.Read(ref s_heldNow);

    public static int Completed => Volatile.Read(ref s_completed);

    public static void Reset()
    {
        Victim = null;
        HoldLimit = 0;
        Delay = null;
        Finished.Clear();
        s_entered = 0;
        s_heldNow = 0;
        s_completed = 0;
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name != nameof(IBlockGrain.RunAsync))
        {
            await context.Invoke();
            return;
        }

        var block = (BlockSpec)context.Request.GetArgument(1)!;
        if (silo.SiloAddress.ToParsableString() == Victim && Interlocked.Increment(ref s_entered) <= HoldLimit)
        {
            Interlocked.Increment(ref s_heldNow);
            await Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping); // throws when the silo stops
        }

        if (Delay is { } delay)
        {
            await Task.Delay(delay(block));
        }

        await context.Invoke();
        Finished.Enqueue(block.First);
        Interlocked.Increment(ref s_completed);
    }
}
