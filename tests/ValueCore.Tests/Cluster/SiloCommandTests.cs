using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ValueCore.Cli;
using ValueCore.Cli.Commands;
using ValueCore.Cluster.Hosting;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Cluster;

/// <summary>The options of <c>valuecore silo</c>, and the command as a child process stopped by SIGTERM.</summary>
[Collection("silo")]
public sealed class SiloCommandTests
{
    private static SiloHostSettings Parse(params string[] args) =>
        SiloCommand.Settings(CliArgs.Parse(args, SiloCommand.Spec), name => name == "VC_PG" ? "Host=db;Database=risk;Username=orleans;Password=pw" : null);

    [Fact]
    public void Settings_MembershipOnly_Defaults()
    {
        var settings = Parse("--membership", "dev:10.0.0.5:11111");

        settings.Should().BeEquivalentTo(new SiloHostSettings { Membership = new DevSiloMembership("10.0.0.5", 11111) });
        settings.ClusterId.Should().Be("valuecore");
        settings.SiloPort.Should().Be(11111);
        settings.GatewayPort.Should().Be(30000);
        settings.Threads.Should().BeNull();
        settings.AdvertisedHost.Should().BeNull();
        settings.Build.Should().Be(ClusterBuild.Current);
    }

    [Fact]
    public void Settings_EveryOption_Read()
    {
        var settings = Parse("--membership", "postgres:env:VC_PG", "--cluster-id", "risk-prod", "--port", "12000", "--gateway-port", "32000",
            "--threads", "8", "--advertise", "silo-3.bank.internal");

        settings.Membership.Should().Be(new PostgresSiloMembership("Host=db;Database=risk;Username=orleans;Password=pw"));
        settings.ClusterId.Should().Be("risk-prod");
        settings.SiloPort.Should().Be(12000);
        settings.GatewayPort.Should().Be(32000);
        settings.Threads.Should().Be(8);
        settings.AdvertisedHost.Should().Be("silo-3.bank.internal");
    }

    [Theory]
    [InlineData("valuecore silo: 'silo' needs --membership dev:HOST:PORT or postgres:CONNECTION")]
    [InlineData("valuecore silo: --membership: membership 'zookeeper:...': expected dev:HOST:PORT or postgres:CONNECTION (or postgres:env:NAME)", "--membership", "zookeeper:zk1:2181")]
    [InlineData("valuecore silo: --membership: membership 'dev:h:99999': port '99999' is not an integer in [1, 65535]", "--membership", "dev:h:99999")]
    [InlineData("valuecore silo: --port = 0 must be an integer in [1, 65535]", "--membership", "dev:h:1", "--port", "0")]
    [InlineData("valuecore silo: --threads = 0 must be an integer in [1, 4096]", "--membership", "dev:h:1", "--threads", "0")]
    [InlineData("valuecore silo: --gateway-port: the gateway port and the silo port must differ (both 11111)", "--membership", "dev:h:1", "--gateway-port", "11111")]
    [InlineData("valuecore silo: --cluster-id: cluster id 'risk prod' must be 1 to 100 letters, digits, '.', '_' or '-'", "--membership", "dev:h:1", "--cluster-id", "risk prod")]
    [InlineData("valuecore silo: --advertise: the advertised host must not be empty", "--membership", "dev:h:1", "--advertise", "")]
    public void Run_BadOption_Exit2WithTheRule(string expected, params string[] options)
    {
        var (code, _, error) = CliRunner.Run(["silo", .. options]);

        code.Should().Be(ExitCodes.Usage);
        error.Should().Be(expected + "\n");
    }

    [Fact]
    public void Run_PortInUse_Exit2()
    {
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        int busy = ((IPEndPoint)blocker.LocalEndpoint).Port;

        var (code, _, error) = CliRunner.Run("silo", "--membership", $"dev:127.0.0.1:{SiloTestSupport.FreePort()}", "--port", busy.ToString(System.Globalization.CultureInfo.InvariantCulture));

        code.Should().Be(ExitCodes.Usage);
        error.Should().Be($"valuecore silo: the silo port {busy} is in use on 127.0.0.1: another silo or program listens there; choose another port\n");
    }

    [Fact]
    public async Task Silo_ChildProcessGetsSigterm_LeavesTheClusterAndExits0()
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "ValueCore.Cli.dll");
        int port = SiloTestSupport.FreePort(), gateway = SiloTestSupport.FreePort();
        string clusterId = SiloTestSupport.NewClusterId();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in new[] { cli, "silo", "--cluster-id", clusterId, "--port", $"{port}", "--gateway-port", $"{gateway}", "--membership", $"dev:127.0.0.1:{port}", "--threads", "1" })
        {
            psi.ArgumentList.Add(a);
        }

        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = Process.Start(psi)!;
        try
        {
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { } line)
                {
                    lines.Enqueue(line);
                    if (line.Contains($"joined cluster '{clusterId}'", StringComparison.Ordinal))
                    {
                        joined.TrySetResult();
                    }
                }
            };
            process.BeginErrorReadLine();
            var exited = process.WaitForExitAsync();
            var first = await Task.WhenAny(joined.Task, exited, Task.Delay(TimeSpan.FromSeconds(90)));
            first.Should().Be(joined.Task, "the silo logs that it joined: " + string.Join("\n", lines));

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
                kill.ExitCode.Should().Be(0);
            }

            (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(60)))).Should().Be(exited, "SIGTERM stops the silo");

            process.WaitForExit(); // drains stderr
            process.ExitCode.Should().Be(0, string.Join("\n", lines));
            var log = lines.ToList();
            log.Should().Contain(l => l.Contains("info: ValueCore.Cluster.Silo", StringComparison.Ordinal) && l.Contains("starting silo valuecore-" + ClusterBuild.Current.Id, StringComparison.Ordinal));
            log.Should().Contain(l => l.Contains($"leaving cluster '{clusterId}'", StringComparison.Ordinal));
            log[^1].Should().EndWith($"left cluster '{clusterId}'; silo stopped");
            log.Should().NotContain(l => l.Contains("info: Orleans", StringComparison.Ordinal), "Orleans logs at warning and above only");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
