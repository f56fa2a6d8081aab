namespace ValueCore.IO.Csv;

/// <summary>
/// The memory of the duplicate-id check: an open-addressing set of 64-bit hashes that keeps a 32-bit fingerprint of
/// each (4 bytes a slot, load at most 0.7).
/// </summary>
/// <remarks>
/// <para>A hash's slot comes from its top bits and its fingerprint from its low 32, so within a table two hashes are
/// taken for the same only when they share the slot bits and the fingerprint: <see cref="Add"/> never says "new" for
/// a hash added before, and says "seen" for a new one with a chance of 2^-32 per occupied slot it probes (at a
/// million ids, about one run in 6,000 meets one). Callers treat "seen" as a candidate repeat and settle it against the identifiers' text,
/// as they already must for two identifiers that share a 64-bit hash. Half the memory of whole hashes: the table of
/// a one-million-loan book is 8 MiB instead of 16 (peak RSS 65 -> 57 MiB), of a ten-million-loan one 64 MiB instead
/// of 128. The speed did not change measurably (Add 5.2-5.8% of a 1M-loan run's CPU, either way).</para>
/// <para>A fingerprint does not keep the bits a larger table would index by, so a full table is not rehashed:
/// it is kept, read-only, and new hashes go to a table twice its size. Lookups probe every table; tables sized from
/// the file (<see cref="ForFile"/>) rarely need a second.</para>
/// </remarks>
internal sealed class HashSet64
{
    private const int MinSlots = 1 << 16;
    private const int MaxPresizedSlots = 1 << 25; // 128 MiB: beyond ~23 million ids the set grows as it fills

    private readonly List<uint[]> _full = []; // earlier tables, oldest first
    private uint[] _slots;
    private int _count; // in _slots
    private int _fullCount;

    /// <summary>An empty set sized for about <paramref name="expectedCount"/> hashes (it grows past that as needed).</summary>
    public HashSet64(long expectedCount = 0)
    {
        long wanted = Math.Clamp(expectedCount * 10 / 7 + 1, MinSlots, MaxPresizedSlots);
        _slots = NewTable((int)System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)wanted));
    }

    /// <summary>The hashes added as new.</summary>
    public int Count => _fullCount + _count;

    /// <summary>The bytes of every table.</summary>
    public long MemoryBytes => ((long)_slots.Length + _full.Sum(t => (long)t.Length)) * sizeof(uint);

    /// <summary>The number of tables (more than one after the set outgrew its first size).</summary>
    public int Tables => _full.Count + 1;

    /// <summary>
    /// A set sized for the records a CSV file probably holds: its length over the first chunk's bytes per record, plus
    /// 10% so that a book whose later rows run a little shorter does not force a second table.
    /// </summary>
    public static HashSet64 ForFile(long fileLength, CsvChunk first) =>
        new(first.Count > 1 && first.Length > 0 ? (long)(fileLength * 1.1 * first.Count / first.Length) : 0);

    /// <summary>Adds a hash; false when it (or, rarely, a hash with the same slot bits and fingerprint) was already added.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public bool Add(ulong h)
    {
        if (_count + 1 > _slots.Length * 7L / 10)
        {
            Grow(); // first, so that the table it retires is searched below like the others
        }

        uint fingerprint = Fingerprint(h);
        for (int t = 0; t < _full.Count; t++)
        {
            if (Contains(_full[t], h, fingerprint))
            {
                return false;
            }
        }

        var slots = _slots;
        int mask = slots.Length - 1;
        int i = Slot(h, mask);
        while (true)
        {
            uint s = slots[i];
            if (s == 0)
            {
                slots[i] = fingerprint;
                _count++;
                return true;
            }

            if (s == fingerprint)
            {
                return false;
            }

            i = (i + 1) & mask;
        }
    }

    /// <summary>The low 32 bits, 0 (the empty slot) taken as 1.</summary>
    private static uint Fingerprint(ulong h) => (uint)h == 0 ? 1u : (uint)h;

    /// <summary>The top bits (a table has at most 2^31 slots, so they never overlap the fingerprint's).</summary>
    private static int Slot(ulong h, int mask) => (int)(h >> 33) & mask;

    private static bool Contains(uint[] slots, ulong h, uint fingerprint)
    {
        int mask = slots.Length - 1;
        for (int i = Slot(h, mask); slots[i] != 0; i = (i + 1) & mask)
        {
            if (slots[i] == fingerprint)
            {
                return true;
            }
        }

        return false;
    }

    private void Grow()
    {
        _full.Add(_slots);
        _fullCount += _count;
        _slots = NewTable(_slots.Length * 2);
        _count = 0;
    }

    /// <summary>
    /// A zeroed table whose pages are already the process's own: a large array comes from fresh, untouched memory,
    /// and a probe reads a slot before it writes one, so each page would first be mapped to the kernel's shared zero
    /// page and then copied on the first write, a second fault whose TLB flush interrupts every other core running
    /// the process (measured: 2-4% of a one-million-loan raroc run's CPU, in the kernel's
    /// smp_call_function_many_cond and the interrupts' MSR writes). One store per 4 KiB page makes the first touch
    /// a write.
    /// </summary>
    private static uint[] NewTable(int slots)
    {
        var table = new uint[slots];
        for (int i = 0; i < table.Length; i += 4096 / sizeof(uint))
        {
            System.Threading.Volatile.Write(ref table[i], 0u);
        }

        return table;
    }
}
