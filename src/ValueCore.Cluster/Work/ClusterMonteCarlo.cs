using Orleans;
using ValueCore.Capital.MonteCarlo;
using ValueCore.Portfolio;

namespace ValueCore.Cluster.Work;

/// <summary>
/// The portfolio Monte Carlo on a cluster: the client builds the model, the silos simulate scenario blocks, the client
/// merges them in scenario order (<see cref="PortfolioMonteCarlo.Combine"/>: losses and weights copied in place, the
/// per-obligor integer sums added exactly) and finishes (quantiles, tail replay, Euler contributions) as a local run
/// does: the result is the local run's, bit for bit, for any split and any placement.
/// </summary>
internal static class ClusterMonteCarlo
{
    /// <summary>The block size when none is given: about 48 blocks, a multiple of 64 scenarios (the kernel's chunk), at least 64.</summary>
    public static long DefaultBlockScenarios(long scenarios) => Math.Max(64, (((scenarios + 47) / 48) + 63) / 64 * 64);

    /// <summary>Cuts <paramref name="scenarios"/> into consecutive blocks of <paramref name="blockScenarios"/> (the last one shorter).</summary>
    public static IReadOnlyList<BlockSpec> Blocks(long scenarios, long blockScenarios)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockScenarios, 1);
        var blocks = new List<BlockSpec>();
        for (long first = 0; first < scenarios; first += blockScenarios)
        {
            blocks.Add(new BlockSpec(first, Math.Min(blockScenarios, scenarios - first)));
        }

        return blocks;
    }

    /// <summary>Runs the simulation on the cluster.</summary>
    /// <param name="client">A connected cluster client.</param>
    /// <param name="exposures">The loans and obligors.</param>
    /// <param name="options">Settings (as for <see cref="PortfolioMonteCarlo.Run"/>).</param>
    /// <param name="blockScenarios">Scenarios per block; null for <see cref="DefaultBlockScenarios"/>.</param>
    /// <param name="runOptions">How the job runs; null for the defaults.</param>
    /// <param name="progress">Where the job stands; may be null.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The result (equal to the local run's) and the job's attempts.</returns>
    public static (MonteCarloResult Result, ClusterJobResult Job) Run(IClusterClient client, CreditExposures exposures, MonteCarloOptions options,
        long? blockScenarios, ClusterRunOptions? runOptions, IProgress<ClusterProgress>? progress, CancellationToken cancellationToken)
    {
        var model = ObligorModel.Build(exposures, options);
        var job = new ClusterJob(MonteCarloWork.KindName, MonteCarloWork.WriteModel(model),
            Blocks(options.Scenarios, blockScenarios ?? DefaultBlockScenarios(options.Scenarios)));
        var run = new ClusterJobRunner(client, runOptions).RunAsync(job, progress, cancellationToken).GetAwaiter().GetResult();
        var blocks = run.Results.Select(MonteCarloWork.ReadBlock).ToList();
        var merged = PortfolioMonteCarlo.Combine(blocks);
        blocks.Clear();
        return (PortfolioMonteCarlo.Finish(exposures, options, model, merged, cancellationToken), run);
    }

    /// <summary><see cref="PortfolioCapital.Run(LoanBook, PortfolioCapitalOptions?, IProgress{long}?, CancellationToken)"/> with the simulation on the cluster.</summary>
    /// <returns>The result (equal to the local run's) and the job's attempts.</returns>
    public static (PortfolioCapitalResult Result, ClusterJobResult Job) RunCapital(IClusterClient client, LoanBook book, PortfolioCapitalOptions options,
        long? blockScenarios, ClusterRunOptions? runOptions, IProgress<ClusterProgress>? progress, CancellationToken cancellationToken)
    {
        ClusterJobResult? job = null;
        var result = PortfolioCapital.RunWith(book, options, (exposures, mcOptions) =>
        {
            var (mc, run) = Run(client, exposures, mcOptions, blockScenarios, runOptions, progress, cancellationToken);
            job = run;
            return mc;
        });
        return (result, job!);
    }
}
