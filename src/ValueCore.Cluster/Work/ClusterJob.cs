namespace ValueCore.Cluster.Work;

/// <summary>A job for the cluster: its work kind, its inputs (sent once to each silo that runs a block) and its blocks, in merge order.</summary>
/// <param name="Kind">The work kind (<see cref="WorkKinds"/>).</param>
/// <param name="Inputs">The inputs in the kind's encoding.</param>
/// <param name="Blocks">The blocks; results come back in this order whatever the order they finish in.</param>
internal sealed record ClusterJob(string Kind, byte[] Inputs, IReadOnlyList<BlockSpec> Blocks);

/// <summary>Where a job stands: blocks done of the total, silos alive, and the blocks running now by silo.</summary>
internal sealed record ClusterProgress(int BlocksDone, int BlocksTotal, int SilosAlive, IReadOnlyDictionary<string, int> RunningBySilo);

/// <summary>One attempt at a block: the silo it ran on (empty if it never reached one) and how it ended.</summary>
/// <param name="Block">The block's index.</param>
/// <param name="Attempt">1 for the first attempt, 2 for the first re-run, ...</param>
/// <param name="Silo">The silo (<c>host:port@generation</c>).</param>
/// <param name="Outcome"><c>done</c>, <c>duplicate</c> (done after another attempt), <c>silo left</c>, <c>stalled</c>, <c>no silo took it</c> or <c>failed: message</c>.</param>
internal sealed record BlockAttempt(int Block, int Attempt, string Silo, string Outcome);

/// <summary>A finished job: every block's result in block order, and every attempt (for the manifest).</summary>
internal sealed record ClusterJobResult(IReadOnlyList<byte[]> Results, IReadOnlyList<BlockAttempt> Attempts, int MostSilosAlive);
