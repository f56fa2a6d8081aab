using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Placement;
using Orleans.Runtime;

namespace ValueCore.Cluster.Work;

/// <summary>
/// Runs one attempt at one block on the silo it is placed on (at random: blocks spread over the silos alive); the
/// simulation runs on the thread pool, off the grain's turn, and stops when the silo shuts down so that the client
/// sends the block elsewhere.
/// </summary>
[RandomPlacement]
internal sealed class BlockGrain(ILocalSiloDetails silo, IHostApplicationLifetime lifetime) : Grain, IBlockGrain
{
    private byte[]? _result;

    private string SiloKey => silo.SiloAddress.ToParsableString();

    /// <inheritdoc/>
    public Task<BlockPlacement> PrepareAsync(JobHeader job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var missing = SiloJobs.Claim(SiloKey, job, out _);
        return Task.FromResult(new BlockPlacement(silo.SiloAddress, missing));
    }

    /// <inheritdoc/>
    public Task PutChunkAsync(string jobId, int index, byte[] bytes)
    {
        SiloJobs.Get(SiloKey, jobId).Put(index, bytes);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<BlockReply> RunAsync(string jobId, BlockSpec block)
    {
        var entry = SiloJobs.Get(SiloKey, jobId);
        var stopping = lifetime.ApplicationStopping;
        var inputs = await entry.Ready.WaitAsync(stopping).ConfigureAwait(true);
        var kind = WorkKinds.Get(entry.Kind);
        var result = await Task.Run(() => kind.Run(inputs, block, stopping), stopping).ConfigureAwait(true);
        _result = result;
        byte[] first = result.AsSpan(0, Math.Min(result.Length, WorkProtocol.ChunkBytes)).ToArray();
        Finish(first.Length);
        return new BlockReply(result.LongLength, first);
    }

    /// <inheritdoc/>
    public Task<byte[]> ReadAsync(long offset)
    {
        var result = _result ?? throw new InvalidOperationException("This attempt holds no result (it was read already or never run).");
        byte[] chunk = result.AsSpan((int)offset, (int)Math.Min(result.Length - offset, WorkProtocol.ChunkBytes)).ToArray();
        Finish(offset + chunk.Length);
        return Task.FromResult(chunk);
    }

    /// <summary>Drops the result and ends the activation once its last byte is read.</summary>
    private void Finish(long readTo)
    {
        if (_result is not null && readTo >= _result.Length)
        {
            _result = null;
            DeactivateOnIdle();
        }
    }
}
