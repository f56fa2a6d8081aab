namespace ValueCore.IO.Csv;

/// <summary>An open-addressing set of 64-bit hashes (8 bytes a slot, load at most 0.7): the memory of the duplicate-id check.</summary>
internal sealed class HashSet64
{
    private ulong[] _slots = new ulong[1 << 16];
    private bool _hasZero;
    private int _count;

    public int Count => _count + (_hasZero ? 1 : 0);

    public long MemoryBytes => (long)_slots.Length * sizeof(ulong);

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

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Grow()
    {
        var old = _slots;
        _slots = new ulong[old.Length * 2];
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
