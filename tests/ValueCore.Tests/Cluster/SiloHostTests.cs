using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Orleans.Runtime;
using ValueCore.Cluster.Hosting;

namespace ValueCore.Tests.Cluster;

/// <summary>Real in-process silos started by <see cref="SiloHost"/> on the dev membership, on loopback ports.</summary>
[Collection("silo")]
public sealed class SiloHostTests
{
    [Fact]
    public async Task StartAsync_TwoSilosOnDevMembership_BothActiveThenSecondLeavesGracefully()
    {
        string clusterId = SiloTestSupport.NewClusterId();
        int primaryPort = SiloTestSupport.FreePort();
        var membership = new DevSiloMembership("127.0.0.1", primaryPort);
        var first = SiloTestSupport.Loopback(clusterId, membership, primaryPort);
        var second = SiloTestSupport.Loopback(clusterId, membership);
        var logs = new SiloLogs();
        Microsoft.Extensions.Hosting.IHost? primary = null, other = null, client = null;
        try
        {
            primary = await SiloHost.StartAsync(first, logs.AddTo);
            other = await SiloHost.StartAsync(second, logs.AddTo);
            client = await SiloTestSupport.ConnectAsync(clusterId, first.GatewayPort);
            var management = client.Client().GetGrain<IManagementGrain>(0);

            var active = await management.GetHosts(onlyActive: true);
            active.Keys.Select(a => a.Endpoint.Port).Should().BeEquivalentTo([first.SiloPort, second.SiloPort]);
            active.Values.Should().OnlyContain(s => s == SiloStatus.Active);
            var builds = await ClusterBuild.EnsureSameAsync(client.Client());
            builds.Should().HaveCount(2).And.OnlyContain(b => b.Build == ClusterBuild.Current);

            await SiloHost.StopAsync(other);

            var all = await management.GetHosts(onlyActive: false);
            all.Single(h => h.Key.Endpoint.Port == second.SiloPort).Value.Should().Be(SiloStatus.Dead, "a graceful stop marks the silo dead in the membership itself");
            (await management.GetHosts(onlyActive: true)).Keys.Select(a => a.Endpoint.Port).Should().Equal(first.SiloPort);
            logs.Lines.Should().Contain(l => l.Contains("this silo is the dev membership's primary", StringComparison.Ordinal));
            logs.Lines.Count(l => l.Contains($"joined cluster '{clusterId}'", StringComparison.Ordinal)).Should().Be(2);
            logs.Lines.Should().Contain(l => l.Contains("silos alive: 2 (127.0.0.1:", StringComparison.Ordinal));
            logs.Lines.Should().ContainSingle(l => l.Contains($"left cluster '{clusterId}'", StringComparison.Ordinal));
        }
        finally
        {
            await client.StopQuietlyAsync();
            await other.StopQuietlyAsync();
            await primary.StopQuietlyAsync();
        }
    }

    [Fact]
    public async Task StartAsync_SiloOfAnotherBuild_RefusedBeforeItBecomesActive()
    {
        string clusterId = SiloTestSupport.NewClusterId();
        int primaryPort = SiloTestSupport.FreePort();
        var membership = new DevSiloMembership("127.0.0.1", primaryPort);
        var first = SiloTestSupport.Loopback(clusterId, membership, primaryPort);
        var stranger = new ClusterBuild("0123456789abcdef");
        var second = SiloTestSupport.Loopback(clusterId, membership) with { Build = stranger };
        var logs = new SiloLogs();
        Microsoft.Extensions.Hosting.IHost? primary = null, client = null;
        try
        {
            primary = await SiloHost.StartAsync(first, logs.AddTo);

            var act = () => SiloHost.StartAsync(second, logs.AddTo);

            var refused = await act.Should().ThrowAsync<ClusterBuildMismatchException>();
            refused.Which.Message.Should().Be(
                $"refused: cluster '{clusterId}' runs build {ClusterBuild.Current.Id} on 127.0.0.1:{first.SiloPort}, this silo is build {stranger.Id}; " +
                "run every silo and client of a cluster from the same valuecore build");
            client = await SiloTestSupport.ConnectAsync(clusterId, first.GatewayPort);
            var active = await client.Client().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            active.Keys.Select(a => a.Endpoint.Port).Should().Equal(first.SiloPort);
            var all = await client.Client().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false);
            all.Single(h => h.Key.Endpoint.Port == second.SiloPort).Value.Should().Be(SiloStatus.Dead, "the refused silo writes itself dead rather than staying joining");
            logs.Lines.Count(l => l.Contains("joined cluster", StringComparison.Ordinal)).Should().Be(1, "the refused silo never became active");

            // The client side of the same rule: work of another build is not sent to this cluster.
            var send = () => ClusterBuild.EnsureSameAsync(client.Client(), stranger);
            (await send.Should().ThrowAsync<ClusterBuildMismatchException>()).Which.Message.Should()
                .Be($"refused: the cluster runs build {ClusterBuild.Current.Id} on 127.0.0.1:{first.SiloPort}, this client is build {stranger.Id}; " +
                    "run every silo and client of a cluster from the same valuecore build");
        }
        finally
        {
            await client.StopQuietlyAsync();
            await primary.StopQuietlyAsync();
        }
    }

    [Fact]
    public async Task StartAsync_PortInUse_SiloStartExceptionNamesThePort()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        int busy = ((IPEndPoint)blocker.LocalEndpoint).Port;
        var settings = SiloTestSupport.Loopback(SiloTestSupport.NewClusterId(), new DevSiloMembership("127.0.0.1", busy), busy);

        var act = () => SiloHost.StartAsync(settings);

        (await act.Should().ThrowAsync<SiloStartException>()).Which.Message.Should()
            .Be($"the silo port {busy} is in use on 127.0.0.1: another silo or program listens there; choose another port");
    }

    [Fact]
    public async Task StartAsync_NoPrimaryAtDevAddress_GivesUpAfterTheJoinTimeout()
    {
        int nobody = SiloTestSupport.FreePort();
        var settings = SiloTestSupport.Loopback(SiloTestSupport.NewClusterId(), new DevSiloMembership("127.0.0.1", nobody)) with { JoinTimeout = TimeSpan.FromSeconds(4) };
        var clock = Stopwatch.StartNew();

        var act = () => SiloHost.StartAsync(settings);

        (await act.Should().ThrowAsync<SiloStartException>()).Which.Message.Should()
            .Contain($"no primary silo answered at 127.0.0.1:{nobody}");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void CreateBuilder_Threads_RegisteredAsSiloWorkOptions()
    {
        var settings = SiloTestSupport.Loopback(SiloTestSupport.NewClusterId(), new DevSiloMembership("127.0.0.1", 11111)) with { Threads = 3 };

        using var host = SiloHost.CreateBuilder(settings).Build();

        host.Services.GetService(typeof(SiloWorkOptions)).Should().Be(new SiloWorkOptions { Threads = 3 });
    }
}

[CollectionDefinition("silo", DisableParallelization = true)]
public sealed class SiloTests;
