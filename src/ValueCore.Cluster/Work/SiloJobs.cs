using System.Collections.Concurrent;

namespace ValueCore.Cluster.Work;

/// <summary>
/// The job inputs a silo holds, keyed by silo and job: sent once per silo (by the first attempt there), read once,
/// shared by every block that silo runs. Keyed by silo too so that the silos of one process (the in-process test
/// cluster) each receive their own copy, as separate machines do.
/// </summary>
internal static class SiloJobs
{
    private static readonly ConcurrentDictionary<(string Silo, string Job), Entry> s_entries = new();

    /// <summary>The entry of a job on a silo, created if new; the chunks the caller must send.</summary>
    public static int[] Claim(string silo, JobHeader job, out Entry entry)
    {
        entry = s_entries.GetOrAdd((silo, job.JobId), _ => new Entry(job));
        entry.LastUsed = Environment.TickCount64;
        Trim(silo);
        return entry.ClaimMissing();
    }

    /// <summary>The entry of a job on a silo.</summary>
    public static Entry Get(string silo, string jobId) =>
        s_entries.TryGetValue((silo, jobId), out var e) ? e : throw new InvalidOperationException($"This silo holds no inputs of job {jobId}.");

    private static void Trim(string silo)
    {
        var mine = s_entries.Where(p => p.Key.Silo == silo).OrderByDescending(p => p.Value.LastUsed).Skip(WorkProtocol.JobsKept).ToList();
        foreach (var p in mine)
        {
            s_entries.TryRemove(p.Key, out _);
        }
    }

    /// <summary>One job's inputs on one silo: the chunks as they arrive, then the loaded inputs.</summary>
    internal sealed class Entry(JobHeader job)
    {
        private readonly object _gate = new();
        private readonly byte[]?[] _chunks = new byte[job.Chunks][];
        private readonly long[] _claimed = new long[job.Chunks];
        private readonly TaskCompletionSource<object> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _complete;

        public long LastUsed { get; set; }

        /// <summary>The job's work kind.</summary>
        public string Kind => job.Kind;

        /// <summary>The loaded inputs, once every chunk is in.</summary>
        public Task<object> Ready => _ready.Task;

        /// <summary>The chunks not yet in and not claimed by another attempt in the last <see cref="WorkProtocol.UploadClaim"/>; claims them.</summary>
        public int[] ClaimMissing()
        {
            lock (_gate)
            {
                long now = Environment.TickCount64;
                var missing = new List<int>();
                for (int i = 0; i < _chunks.Length && !_complete; i++)
                {
                    if (_chunks[i] is null && (_claimed[i] == 0 || now - _claimed[i] > WorkProtocol.UploadClaim.TotalMilliseconds))
                    {
                        _claimed[i] = now;
                        missing.Add(i);
                    }
                }

                return [.. missing];
            }
        }

        /// <summary>Stores a chunk; the last one loads the inputs.</summary>
        public void Put(int index, byte[] bytes)
        {
            byte[]? all = null;
            lock (_gate)
            {
                if (_complete || _chunks[index] is not null)
                {
                    return;
                }

                _chunks[index] = bytes;
                if (_chunks.All(c => c is not null))
                {
                    all = new byte[job.Bytes];
                    long at = 0;
                    foreach (var c in _chunks)
                    {
                        c!.CopyTo(all, at);
                        at += c!.Length;
                    }

                    Array.Clear(_chunks);
                    _complete = true;
                }
            }

            if (all is not null)
            {
                try
                {
                    _ready.TrySetResult(WorkKinds.Get(job.Kind).Load(all));
                }
                catch (Exception e) when (e is InvalidOperationException or InvalidDataException or ArgumentException)
                {
                    _ready.TrySetException(e);
                }
            }
        }
    }
}
