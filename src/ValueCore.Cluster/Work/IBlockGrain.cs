using Orleans;
using Orleans.Runtime;

namespace ValueCore.Cluster.Work;

/// <summary>
/// One attempt at one block of a job (a range of Monte Carlo scenarios, one scenario of a grid): a grain keyed
/// <c>job/block/attempt</c>, placed at random, whose silo holds the job's inputs once for all its blocks.
/// </summary>
/// <remarks>
/// Protocol (docs/cluster.md): <see cref="PrepareAsync"/> says which silo runs the attempt and whether that silo still
/// needs the job's inputs; the client then sends the missing chunks with <see cref="PutChunkAsync"/>; <see cref="RunAsync"/>
/// runs the block and returns the first chunk of its result, <see cref="ReadAsync"/> the rest (results and inputs
/// travel in chunks of at most <see cref="WorkProtocol.ChunkBytes"/>, below Orleans' message size limit).
/// </remarks>
[Alias("ValueCore.Cluster.Work.IBlockGrain")]
internal interface IBlockGrain : IGrainWithStringKey
{
    /// <summary>Activates the attempt on its silo; the reply names the silo and the input chunks it lacks.</summary>
    [Alias("Prepare")]
    Task<BlockPlacement> PrepareAsync(JobHeader job);

    /// <summary>Stores one chunk of the job's inputs on this silo.</summary>
    [Alias("PutChunk")]
    Task PutChunkAsync(string jobId, int index, byte[] bytes);

    /// <summary>Runs the block; returns the result's length and its first chunk.</summary>
    [Alias("Run")]
    Task<BlockReply> RunAsync(string jobId, BlockSpec block);

    /// <summary>A chunk of the result from <paramref name="offset"/>; the attempt ends after its last chunk.</summary>
    [Alias("Read")]
    Task<byte[]> ReadAsync(long offset);
}

/// <summary>What a silo needs to know of a job before its inputs arrive.</summary>
/// <param name="JobId">Unique per run.</param>
/// <param name="Kind">The work kind (<see cref="WorkKinds"/>): how the inputs are read and a block is run.</param>
/// <param name="Bytes">Length of the inputs.</param>
/// <param name="Chunks">Number of chunks the inputs come in.</param>
[GenerateSerializer, Immutable, Alias("ValueCore.Cluster.Work.JobHeader")]
internal sealed record JobHeader([property: Id(0)] string JobId, [property: Id(1)] string Kind, [property: Id(2)] long Bytes, [property: Id(3)] int Chunks);

/// <summary>One block: for a Monte Carlo, scenarios [First, First + Count); for a grid, scenario First (Count 1).</summary>
[GenerateSerializer, Immutable, Alias("ValueCore.Cluster.Work.BlockSpec")]
internal readonly record struct BlockSpec([property: Id(0)] long First, [property: Id(1)] long Count);

/// <summary>The silo an attempt runs on and the input chunks that silo lacks (empty when it holds them or another attempt sends them).</summary>
[GenerateSerializer, Immutable, Alias("ValueCore.Cluster.Work.BlockPlacement")]
internal sealed record BlockPlacement([property: Id(0)] SiloAddress Silo, [property: Id(1)] int[] MissingChunks);

/// <summary>A block's result: its total length and its first chunk.</summary>
[GenerateSerializer, Immutable, Alias("ValueCore.Cluster.Work.BlockReply")]
internal sealed record BlockReply([property: Id(0)] long Length, [property: Id(1)] byte[] First);
