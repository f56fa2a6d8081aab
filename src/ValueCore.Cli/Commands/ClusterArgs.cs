using System.Text.Json;
#if VALUECORE_CLUSTER
using ValueCore.Capital.MonteCarlo;
using ValueCore.Cluster.Work;
using ValueCore.Portfolio;
#endif

namespace ValueCore.Cli.Commands;

/// <summary>
/// The cluster options of <c>capital</c> (and, later, <c>scenario</c>): <c>--cluster HOST:GATEWAY[,...]</c>,
/// <c>--cluster-id ID</c>, <c>--block-scenarios N</c>. The native (AOT) build has no cluster runtime and refuses them
/// (usage error); docs/cluster.md.
/// </summary>
internal static class ClusterArgs
{
    /// <summary>The options' specs.</summary>
    public static OptionSpec[] Specs() =>
    [
        new OptionSpec("cluster", "HOST:PORT,...", "Run the simulation on a valuecore cluster: the silos' gateway endpoints (framework-dependent build only; results byte-identical to a local run)."),
        new OptionSpec("cluster-id", "ID", "Cluster id of the silos (default valuecore)."),
        new OptionSpec("block-scenarios", "N", "Scenarios per block sent to a silo (default: about 48 blocks)."),
    ];

    /// <summary>The cluster settings, or null without <c>--cluster</c>.</summary>
    /// <exception cref="UsageException">A cluster option without <c>--cluster</c>, a bad value, or the native build.</exception>
    public static ClusterSettings? Read(CliArgs args)
    {
        if (!args.Has("cluster"))
        {
            foreach (var name in new[] { "cluster-id", "block-scenarios" })
            {
                if (args.Has(name))
                {
                    throw new UsageException($"--{name} applies only with --cluster");
                }
            }

            return null;
        }

#if VALUECORE_CLUSTER
        string gateways = args.Require("cluster");
        try
        {
            ClusterConnection.ParseGateways(gateways);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--cluster: {e.Message}");
        }

        string id = args.Get("cluster-id") ?? ClusterConnection.DefaultClusterId;
        long? block = args.Has("block-scenarios") ? args.GetLong("block-scenarios", 0, 1, 1_000_000_000) : null;
        return new ClusterSettings(gateways, id, block);
#else
        throw new UsageException("--cluster: this native build of valuecore has no cluster runtime (Orleans does not run under native AOT); run the framework-dependent build (the ValueCore.Cli.any tool package, or dotnet ValueCore.Cli.dll)");
#endif
    }

#if VALUECORE_CLUSTER
    /// <summary>Runs <c>capital</c>'s simulation on the cluster, with progress in blocks and silos alive.</summary>
    public static PortfolioCapitalResult RunCapital(CliContext ctx, CliArgs args, ClusterSettings cluster, LoanBook book, PortfolioCapitalOptions options,
        CancellationToken cancellationToken, out ClusterRecord record)
    {
        ClusterConnection connection;
        try
        {
            // `valuecore silo` runs with the cluster id as its Orleans service id (SiloHost): the client uses the same.
            connection = ClusterConnection.ConnectAsync(ClusterConnection.ParseGateways(cluster.Gateways), cluster.ClusterId, null, cancellationToken)
                .GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is Orleans.Runtime.OrleansException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            throw new UsageException($"--cluster: no gateway of cluster '{cluster.ClusterId}' at {cluster.Gateways} answered ({e.Message})");
        }

        try
        {
            // Work goes only to silos of this very build (docs/cluster.md, "Versions"): another build could give other bits.
            ValueCore.Cluster.Hosting.ClusterBuild.EnsureSameAsync(connection.Client, null, cancellationToken).GetAwaiter().GetResult();
        }
        catch (ValueCore.Cluster.Hosting.ClusterBuildMismatchException e)
        {
            connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new UsageException($"--cluster: {e.Message}");
        }

        try
        {
            long blockScenarios = cluster.BlockScenarios ?? ClusterMonteCarlo.DefaultBlockScenarios(options.MonteCarlo.Scenarios);
            int blocks = ClusterMonteCarlo.Blocks(options.MonteCarlo.Scenarios, blockScenarios).Count;
            var progress = Progress.For(ctx, args, "capital: simulating on the cluster", blocks, "blocks");
            var onProgress = progress is null ? null : new Progress<ClusterProgress>(p =>
            {
                progress.Detail = $"{p.SilosAlive} silo{(p.SilosAlive == 1 ? "" : "s")} alive";
                progress.Report(p.BlocksDone);
            });
            PortfolioCapitalResult result;
            ClusterJobResult job;
            try
            {
                (result, job) = ClusterMonteCarlo.RunCapital(connection.Client, book, options, blockScenarios, null, onProgress, cancellationToken);
            }
            catch (Exception e) when (e is Orleans.Runtime.OrleansException or TimeoutException)
            {
                // The cluster went away under the run (every gateway lost): reported as a failed run, nothing written.
                throw new InvalidOperationException($"the cluster '{cluster.ClusterId}' at {cluster.Gateways} failed during the run ({e.Message}); nothing was written", e);
            }

            progress?.Done();
            record = new ClusterRecord(cluster, blockScenarios, job);
            return result;
        }
        finally
        {
            connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
#endif
}

/// <summary>The cluster options as given.</summary>
/// <param name="Gateways">The gateway list as given.</param>
/// <param name="ClusterId">The cluster id.</param>
/// <param name="BlockScenarios">Scenarios per block; null for the default.</param>
internal sealed record ClusterSettings(string Gateways, string ClusterId, long? BlockScenarios);

#if VALUECORE_CLUSTER
/// <summary>What the manifest records of a cluster run: the blocks, which silo ran which, and every attempt that did not count.</summary>
internal sealed class ClusterRecord
{
    private readonly ClusterSettings _settings;
    private readonly long _blockScenarios;
    private readonly ClusterJobResult _job;

    public ClusterRecord(ClusterSettings settings, long blockScenarios, ClusterJobResult job)
    {
        _settings = settings;
        _blockScenarios = blockScenarios;
        _job = job;
    }

    /// <summary>Writes the <c>cluster</c> object of manifest.json.</summary>
    public void Write(Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject("cluster");
        json.WriteString("cluster_id", _settings.ClusterId);
        json.WriteString("gateways", _settings.Gateways);
        json.WriteNumber("block_scenarios", _blockScenarios);
        json.WriteNumber("blocks", _job.Results.Count);
        json.WriteNumber("silos_alive_most", _job.MostSilosAlive);
        json.WriteStartArray("silos");
        foreach (var silo in _job.Attempts.Where(a => a.Outcome == "done").GroupBy(a => a.Silo).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("silo", silo.Key);
            json.WriteStartArray("blocks");
            foreach (var a in silo.OrderBy(a => a.Block))
            {
                json.WriteNumberValue(a.Block);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("attempts_not_counted"); // failed, abandoned (silo left) or duplicate: the blocks re-run
        foreach (var a in _job.Attempts.Where(a => a.Outcome != "done").OrderBy(a => a.Block).ThenBy(a => a.Attempt))
        {
            json.WriteStartObject();
            json.WriteNumber("block", a.Block);
            json.WriteNumber("attempt", a.Attempt);
            json.WriteString("silo", a.Silo);
            json.WriteString("outcome", a.Outcome);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
#endif
