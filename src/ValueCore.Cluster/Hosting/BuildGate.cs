using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace ValueCore.Cluster.Hosting;

/// <summary>Refuses to let this silo become active in a cluster whose active silos run another build: after the silo
/// has registered as joining and before it becomes active (so no grain is ever placed on it), it reads the membership
/// table and, on a mismatch, fails the silo's start with <see cref="ClusterBuildMismatchException"/>.</summary>
internal sealed partial class BuildGate(IMembershipTable table, ILocalSiloDetails local, SiloHostSettings settings, ILoggerFactory loggers)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly ILogger _logger = loggers.CreateLogger(SiloHost.LogCategory);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(BuildGate), ServiceLifecycleStage.ApplicationServices, CheckAsync);

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var data = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var active = data.Members
            .Select(m => m.Item1)
            .Where(e => e.Status == SiloStatus.Active && !e.SiloAddress.Equals(local.SiloAddress))
            .Select(e => new SiloBuild(e.SiloAddress.Endpoint.ToString(), e.SiloName, ClusterBuild.FromSiloName(e.SiloName)))
            .OrderBy(s => s.Address, StringComparer.Ordinal)
            .ToList();
        string? refusal = ClusterBuild.Refusal(active, settings.Build, "this silo");
        if (refusal is not null)
        {
            LogRefused(_logger, refusal);
            throw new ClusterBuildMismatchException(refusal.Replace("refused: the cluster", $"refused: cluster '{settings.ClusterId}'", StringComparison.Ordinal));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Refusal}")]
    private static partial void LogRefused(ILogger logger, string refusal);
}
