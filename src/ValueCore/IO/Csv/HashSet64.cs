namespace ValueCore.IO.Csv;

/// <summary>An open-addressing set of 64-bit hashes (8 bytes a slot, load at most 0.7): the memory of the duplicate-id check.</summary>
internal sealed class HashSet64
{
    private const int MinSlots = 1 << 16;
    private const int MaxPresizedSlots = 1 << 25; // 256 MiB: beyond ~23 million ids the table grows as it fills

    private ulong[] _slots;
    private bool _hasZero;
    private int _count;

    /// <summary>An empty set sized for about <paramref name="expectedCount"/> hashes (it grows past that as needed).</summary>
    public HashSet64(long expectedCount = 0)
    {
        long wanted = Math.Clamp(expectedCount * 10 / 7 + 1, MinSlots, MaxPresizedSlots);
        _slots = NewTable((int)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)wanted));
    }

    public int Count => _count + (_hasZero ? 1 : 0);

    public long MemoryBytes => (long)_slots.Length * sizeof(ulong);

    /// <summary>
    /// A set sized for the records a CSV file probably holds: its length over the first chunk's bytes per record, plus
    /// 10% so that a book whose later rows run a little shorter does not force a doubling.
    /// </summary>
    public static HashSet64 ForFile(long fileLength, CsvChunk first) =>
        new(first.Count > 1 && first.Length > 0 ? (long)(fileLength * 1.1 * first.Count / first.Length) : 0);

    /// <summary>Adds a hash; false when it was already present.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool Add(ulong h)
    {
        if (h == 0)
        {
            bool added = !_hasZero;
            _hasZero = true;
            return added;
        }

        if (_count + 1 > _slots.Length * 7L / 10)
        {
            Grow();
        }

        int mask = _slots.Length - 1;
        int i = (int)(h >> 20) & mask;
        while (true)
        {
            ulong s = _slots[i];
            if (s == 0)
            {
                _slots[i] = h;
                _count++;
                return true;
            }

            if (s == h)
            {
                return false;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>
    /// A zeroed table whose pages are already the process's own: a large array comes from fresh, untouched memory,
    /// and a probe reads a slot before it writes one, so each page would first be mapped to the kernel's shared zero
    /// page and then copied on the first write, a second fault whose TLB flush interrupts every other core running
    /// the process (measured: 2-4% of a one-million-loan raroc run's CPU, in the kernel's
    /// smp_call_function_many_cond and the interrupts' MSR writes). One store per 4 KiB page makes the first touch
    /// a write.
    /// </summary>
    private static ulong[] NewTable(int slots)
    {
        var table = new ulong[slots];
        for (int i = 0; i < table.Length; i += 4096 / sizeof(ulong))
        {
            System.Threading.Volatile.Write(ref table[i], 0UL);
        }

        return table;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Grow()
    {
        var old = _slots;
        _slots = NewTable(old.Length * 2);
        int mask = _slots.Length - 1;
        foreach (ulong h in old)
        {
            if (h == 0)
            {
                continue;
            }

            int i = (int)(h >> 20) & mask;
            while (_slots[i] != 0)
            {
                i = (i + 1) & mask;
            }

            _slots[i] = h;
        }
    }
}
