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
        string? refusal = ClusterBuild.Refusal(active, settings.Build, $"cluster '{settings.ClusterId}'", "this silo");
        if (refusal is not null)
        {
            LogRefused(_logger, refusal);
            await MarkDeadAsync(data, cancellationToken).ConfigureAwait(false);
            throw new ClusterBuildMismatchException(refusal);
        }
    }

    /// <summary>Writes this silo's row as dead, so that the members do not wait for a silo that stays joining (a silo
    /// whose start fails is otherwise left joining until the others declare it dead). Retried on a version race.</summary>
    private async Task MarkDeadAsync(MembershipTableData data, CancellationToken cancellationToken)
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var row = data.Members.FirstOrDefault(m => m.Item1.SiloAddress.Equals(local.SiloAddress));
            if (row is null)
            {
                return;
            }

            var (entry, etag) = row;
            entry.Status = SiloStatus.Dead;
            if (await table.UpdateRowAsync(entry, etag, data.Version.Next(), cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            data = await table.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Refusal}")]
    private static partial void LogRefused(ILogger logger, string refusal);
}
