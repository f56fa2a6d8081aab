#if VALUECORE_CLUSTER
using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using ValueCore.Cluster.Hosting;
#endif

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore silo</c>: runs one silo of a <c>valuecore</c> cluster (Orleans) until SIGINT or SIGTERM, then
/// leaves the cluster gracefully and exits 0; logs on stderr (docs/cluster.md). The native (AOT) build has no cluster
/// runtime and exits 2 with the way to the framework-dependent build.</summary>
internal static class SiloCommand
{
    public static CommandSpec Spec { get; } = new(
        "silo",
        "Run one silo of a valuecore cluster (framework-dependent build only) until stopped by SIGINT or SIGTERM.",
        [
            new OptionSpec("membership", "SPEC", "how silos find each other: dev:HOST:PORT (the primary silo's address; the primary names its own) or postgres:CONNECTION (postgres:env:NAME reads it from the variable NAME); required"),
            new OptionSpec("cluster-id", "ID", $"the cluster's id, shared by its silos and clients (default {DefaultClusterId})"),
            new OptionSpec("port", "P", $"silo-to-silo port (default {DefaultSiloPort})"),
            new OptionSpec("gateway-port", "G", $"port clients connect to (default {DefaultGatewayPort})"),
            new OptionSpec("threads", "N", "blocks this silo works on at once (default: its processor count)"),
            new OptionSpec("advertise", "HOST", "the address other silos and clients reach this silo at (default: the dev primary's address when it is this machine's, else the machine's first IPv4 address)"),
        ],
        Run,
        "Every silo and client of a cluster must run the same valuecore build: a silo of another build is refused (exit 2).\n" +
        "Exit codes: 0 after a graceful stop, 2 for bad options, a port in use, a membership that cannot be reached or a refused build.\n" +
        "Operators' guide: docs/cluster.md.");

    // The defaults, stated here too so that the native build (without the cluster assembly) prints the same help.
    private const string DefaultClusterId = "valuecore";
    private const int DefaultSiloPort = 11111;
    private const int DefaultGatewayPort = 30000;

    /// <summary>What the native build says: it has no cluster runtime, and how to get the build that has.</summary>
    internal const string NativeMessage =
        "valuecore silo: this is the native (AOT) build of valuecore, which has no cluster runtime (Orleans does not run under native AOT). " +
        "Run silos with the framework-dependent build: install its package in place of this one " +
        "(dotnet tool uninstall --global ValueCore.Cli, then dotnet tool install --global --add-source nupkg ValueCore.Cli.any), " +
        "or run it from a source tree (dotnet run --project src/ValueCore.Cli -c Release -- silo ...); docs/cluster.md, \"Installing the silo build\".";

#if VALUECORE_CLUSTER
    private static int Run(CliArgs args, CliContext ctx)
    {
        var settings = Settings(args, Environment.GetEnvironmentVariable);
        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext signal)
        {
            signal.Cancel = true; // leave the cluster first: the process ends when Run returns
            stop.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        IHost host;
        try
        {
            host = SiloHost.StartAsync(settings, Logging, stop.Token).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is SiloStartException or ClusterBuildMismatchException)
        {
            ctx.Error.WriteLine($"valuecore silo: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            ctx.Error.WriteLine("valuecore silo: stopped before it joined the cluster");
            return ExitCodes.Success;
        }

        using (host)
        {
            stop.Token.WaitHandle.WaitOne();
            SiloHost.StopAsync(host).GetAwaiter().GetResult();
        }

        return ExitCodes.Success;
    }

    /// <summary>The silo's settings from the options (usage errors name the option).</summary>
    internal static SiloHostSettings Settings(CliArgs args, Func<string, string?> environment)
    {
        string spec = args.Get("membership") ?? throw new UsageException("'silo' needs --membership dev:HOST:PORT or postgres:CONNECTION");
        SiloMembership membership;
        try
        {
            membership = SiloMembership.Parse(spec, environment);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--membership: {e.Message}");
        }

        var settings = new SiloHostSettings
        {
            Membership = membership,
            ClusterId = args.Get("cluster-id") ?? SiloHostSettings.DefaultClusterId,
            SiloPort = args.GetInt("port", SiloHostSettings.DefaultSiloPort, 1, 65535),
            GatewayPort = args.GetInt("gateway-port", SiloHostSettings.DefaultGatewayPort, 1, 65535),
            Threads = args.Has("threads") ? args.GetInt("threads", 0, 1, 4096) : null,
            AdvertisedHost = args.Get("advertise"),
        };
        try
        {
            settings.Validate();
        }
        catch (ArgumentException e)
        {
            string option = e.ParamName switch
            {
                nameof(SiloHostSettings.ClusterId) => "--cluster-id",
                nameof(SiloHostSettings.GatewayPort) => "--gateway-port",
                nameof(SiloHostSettings.AdvertisedHost) => "--advertise",
                _ => "--" + e.ParamName,
            };
            throw new UsageException($"{option}: {PlainText.Message(e)}");
        }

        return settings;
    }

    /// <summary>Console logs on stderr, one line each with a UTC timestamp.</summary>
    private static void Logging(ILoggingBuilder logging)
    {
        logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
    }
#else
    private static int Run(CliArgs args, CliContext ctx)
    {
        ctx.Error.WriteLine(NativeMessage);
        return ExitCodes.Usage;
    }
#endif
}
