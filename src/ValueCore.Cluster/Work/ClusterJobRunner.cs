using System.Diagnostics;
using Orleans;
using Orleans.Runtime;

namespace ValueCore.Cluster.Work;

/// <summary>
/// The client side of a job: keeps a queue of blocks, keeps a few attempts running per silo alive, re-sends a block
/// whose attempt failed or whose silo left the membership, and returns the results in block order.
/// </summary>
/// <remarks>
/// Each attempt is its own grain (<c>job/block/attempt</c>), so a re-sent block gets a fresh activation on a silo
/// alive. The first result of a block wins; a late result of an abandoned attempt is the same bytes (the work is
/// deterministic) and is dropped. Silo liveness is Orleans' own membership (<see cref="IManagementGrain.GetHosts(bool)"/>),
/// polled every <see cref="ClusterRunOptions.PollInterval"/>. docs/cluster.md.
/// </remarks>
internal sealed class ClusterJobRunner(IClusterClient client, ClusterRunOptions? options = null)
{
    private readonly ClusterRunOptions _options = options ?? ClusterRunOptions.Default;

    /// <summary>Runs a job to the end.</summary>
    /// <param name="job">The job.</param>
    /// <param name="progress">Receives where the job stands after every change and poll; may be null.</param>
    /// <param name="cancellationToken">Stops waiting (attempts running on silos finish there and are dropped).</param>
    /// <returns>Every block's result in block order and every attempt.</returns>
    /// <exception cref="InvalidOperationException">A block failed <see cref="ClusterRunOptions.MaxAttempts"/> times (the last error given), or no silo is alive.</exception>
    public async Task<ClusterJobResult> RunAsync(ClusterJob job, IProgress<ClusterProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        int n = job.Blocks.Count;
        string jobId = job.Kind + "-" + Guid.NewGuid().ToString("N");
        var chunks = WorkProtocol.Chunks(job.Inputs);
        var header = new JobHeader(jobId, job.Kind, job.Inputs.LongLength, chunks.Length);
        var results = new byte[n][];
        var tries = new int[n];
        var failures = new int[n];
        var log = new List<BlockAttempt>();
        var queue = new SortedSet<int>(Enumerable.Range(0, n)); // re-sent blocks (low indices) go first
        var running = new List<Attempt>();
        var management = client.GetGrain<IManagementGrain>(0);
        var alive = await AliveAsync(management).ConfigureAwait(false);
        int mostAlive = alive.Count;
        int done = 0;
        var longest = TimeSpan.Zero; // the longest attempt that counted: the yardstick of a stalled one
        var poll = Stopwatch.StartNew();
        while (done < n)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (alive.Count == 0)
            {
                throw new InvalidOperationException("No silo of the cluster is alive.");
            }

            int limit = Math.Max(2, alive.Count * _options.AttemptsPerSilo);
            while (queue.Count > 0 && running.Count < limit)
            {
                int b = queue.Min;
                queue.Remove(b);
                var a = new Attempt(b, ++tries[b]);
                a.Task = RunAttemptAsync(a, jobId, header, chunks, job.Blocks[b]);
                running.Add(a);
            }

            var wait = Task.Delay(_options.PollInterval, cancellationToken);
            await Task.WhenAny(running.Select(r => (Task)r.Task).Append(wait)).ConfigureAwait(false);
            foreach (var a in running.Where(r => r.Task.IsCompleted).ToList())
            {
                running.Remove(a);
                if (a.Task.IsCompletedSuccessfully)
                {
                    bool first = results[a.Block] is null;
                    longest = a.Started.Elapsed > longest ? a.Started.Elapsed : longest;
                    results[a.Block] ??= a.Task.Result;
                    done += first ? 1 : 0;
                    log.Add(new BlockAttempt(a.Block, a.Number, a.SiloText, first ? "done" : "duplicate"));
                    continue;
                }

                var error = a.Task.Exception?.InnerException ?? new OperationCanceledException();
                log.Add(new BlockAttempt(a.Block, a.Number, a.SiloText, "failed: " + error.Message));
                if (!IsSiloFault(error))
                {
                    failures[a.Block]++;
                }

                Requeue(a.Block, error.Message);
            }

            if (poll.Elapsed >= _options.PollInterval || wait.IsCompleted)
            {
                poll.Restart();
                alive = await AliveAsync(management).ConfigureAwait(false);
                mostAlive = Math.Max(mostAlive, alive.Count);
                foreach (var a in running.Where(r => Lost(r, alive) || (done > 0 && r.Started.Elapsed > (longest * 4) + _options.StallGrace)).ToList())
                {
                    // The silo left the membership (or the attempt never reached one): run the block elsewhere. The
                    // abandoned call ends on its own (a timeout or a rejection); its outcome is observed and dropped.
                    running.Remove(a);
                    _ = a.Task.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    string why = a.Silo is null ? "no silo took it" : alive.Contains(a.Silo) ? "stalled" : "silo left";
                    log.Add(new BlockAttempt(a.Block, a.Number, a.SiloText, why));
                    Requeue(a.Block, why);
                }
            }

            progress?.Report(new ClusterProgress(done, n, alive.Count,
                running.Where(r => r.Silo is not null).GroupBy(r => r.SiloText).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal)));
        }

        foreach (var a in running)
        {
            _ = a.Task.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return new ClusterJobResult(results, log, mostAlive);

        void Requeue(int block, string why)
        {
            if (results[block] is not null)
            {
                return;
            }

            // A block that fails on its own (not through a silo stopping or leaving) fails the job after MaxAttempts
            // such failures; silo faults alone re-send it up to MaxAttempts x 4 times (a cluster losing silo after silo).
            if (failures[block] >= _options.MaxAttempts || tries[block] >= _options.MaxAttempts * 4)
            {
                throw new InvalidOperationException($"Block {block} of the cluster job failed {tries[block]} times; last: {why}");
            }

            queue.Add(block);
        }
    }

    /// <summary>Whether an attempt failed through its silo (stopping, gone, unreachable) rather than through the work itself.</summary>
    private static bool IsSiloFault(Exception error) =>
        error is OperationCanceledException or TimeoutException or SiloUnavailableException or OrleansMessageRejectionException
            or GatewayTooBusyException;

    private bool Lost(Attempt a, HashSet<SiloAddress> alive) =>
        a.Silo is SiloAddress s ? !alive.Contains(s) : a.Started.Elapsed > _options.PlacementTimeout;

    private static async Task<HashSet<SiloAddress>> AliveAsync(IManagementGrain management)
    {
        var hosts = await management.GetHosts(onlyActive: true).ConfigureAwait(false);
        return [.. hosts.Keys];
    }

    private async Task<byte[]> RunAttemptAsync(Attempt a, string jobId, JobHeader header, byte[][] chunks, BlockSpec block)
    {
        await Task.Yield();
        var grain = client.GetGrain<IBlockGrain>($"{jobId}/{a.Block}/{a.Number}");
        var placement = await grain.PrepareAsync(header).ConfigureAwait(false);
        a.Silo = placement.Silo;
        foreach (int i in placement.MissingChunks)
        {
            await grain.PutChunkAsync(jobId, i, chunks[i]).ConfigureAwait(false);
        }

        var reply = await grain.RunAsync(jobId, block).ConfigureAwait(false);
        if (reply.First.LongLength == reply.Length)
        {
            return reply.First;
        }

        var all = new byte[reply.Length];
        reply.First.CopyTo(all, 0);
        long at = reply.First.Length;
        while (at < reply.Length)
        {
            var chunk = await grain.ReadAsync(at).ConfigureAwait(false);
            chunk.CopyTo(all, at);
            at += chunk.Length;
        }

        return all;
    }

    /// <summary>One attempt in flight.</summary>
    private sealed class Attempt(int block, int number)
    {
        private volatile SiloAddress? _silo;

        public int Block { get; } = block;

        public int Number { get; } = number;

        public Stopwatch Started { get; } = Stopwatch.StartNew();

        public Task<byte[]> Task { get; set; } = null!;

        public SiloAddress? Silo
        {
            get => _silo;
            set => _silo = value;
        }

        public string SiloText => _silo is SiloAddress s ? SiloName(s) : "";
    }

    /// <summary>A silo as the manifest names it: <c>host:port@generation</c>.</summary>
    public static string SiloName(SiloAddress silo) => silo.ToParsableString();
}

/// <summary>How the client runs a job on the cluster.</summary>
internal sealed record ClusterRunOptions
{
    /// <summary>The defaults.</summary>
    public static ClusterRunOptions Default { get; } = new();

    /// <summary>Attempts kept running per silo alive (default 2: one computing while the next one's request travels).</summary>
    public int AttemptsPerSilo { get; init; } = 2;

    /// <summary>Failures of one block's work (not of its silo) before the job fails (default 4).</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>How often the membership is read for silos that left (default 0.5 s).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>An attempt running longer than 4 times the longest one that counted plus this is sent again, the
    /// first result winning (default 30 s): a reply lost with a gateway that died never arrives otherwise.</summary>
    public TimeSpan StallGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an attempt may take to reach a silo before it is sent again (default 60 s).</summary>
    public TimeSpan PlacementTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
