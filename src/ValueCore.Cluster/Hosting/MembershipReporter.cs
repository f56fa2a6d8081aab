using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace ValueCore.Cluster.Hosting;

/// <summary>Logs, once this silo is active, that it joined its cluster and which silos are alive, and again whenever the
/// set of active silos changes.</summary>
internal sealed partial class MembershipReporter(IClusterMembershipService membership, ILocalSiloDetails local, SiloHostSettings settings, ILoggerFactory loggers)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger(SiloHost.LogCategory);
    private readonly CancellationTokenSource _stop = new();
    private Task _watch = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(MembershipReporter), ServiceLifecycleStage.Active, OnActiveAsync, OnStopAsync);

    /// <summary>The active silos of a snapshot, as "address (name)", sorted.</summary>
    internal static IReadOnlyList<string> Alive(ClusterMembershipSnapshot snapshot) =>
        [.. snapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => m.SiloAddress.Endpoint.ToString())
            .Order(StringComparer.Ordinal)];

    private Task OnActiveAsync(CancellationToken cancellationToken)
    {
        var alive = Alive(membership.CurrentSnapshot);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            string silo = local.SiloAddress.ToString();
            string silos = string.Join(", ", alive);
            LogJoined(_logger, settings.ClusterId, silo, settings.Build.Id, alive.Count, silos);
        }

        _watch = WatchAsync(alive, _stop.Token);
        return Task.CompletedTask;
    }

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        LogLeaving(_logger, settings.ClusterId);
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _watch.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _stop.Dispose();

    private async Task WatchAsync(IReadOnlyList<string> last, CancellationToken cancellationToken)
    {
        await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var alive = Alive(snapshot);
            if (!alive.SequenceEqual(last, StringComparer.Ordinal) && _logger.IsEnabled(LogLevel.Information))
            {
                string silos = string.Join(", ", alive);
                LogAlive(_logger, alive.Count, silos);
                last = alive;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "joined cluster '{ClusterId}' as {Silo} (build {Build}); silos alive: {Count} ({Silos})")]
    private static partial void LogJoined(ILogger logger, string clusterId, string silo, string build, int count, string silos);

    [LoggerMessage(Level = LogLevel.Information, Message = "silos alive: {Count} ({Silos})")]
    private static partial void LogAlive(ILogger logger, int count, string silos);

    [LoggerMessage(Level = LogLevel.Information, Message = "leaving cluster '{ClusterId}'")]
    private static partial void LogLeaving(ILogger logger, string clusterId);
}
