using System.Buffers.Binary;
using System.Numerics;

namespace ValueCore.IO.Csv;

/// <summary>A fixed (unseeded, hence reproducible) 64-bit hash of short byte strings, for the duplicate-identifier check.</summary>
internal static class Hash64
{
    private const ulong M1 = 0x9E3779B97F4A7C15UL;
    private const ulong M2 = 0xBF58476D1CE4E5B9UL;

    /// <summary>Test hook: when set, every identifier of a given length hashes alike, to exercise the collision path.</summary>
    internal static volatile bool CollideForTesting;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static ulong Of(ReadOnlySpan<byte> data)
    {
        if (CollideForTesting)
        {
            return (ulong)data.Length;
        }

        ulong h = M1 ^ (ulong)data.Length;
        while (data.Length >= 8)
        {
            h = BitOperations.RotateLeft((h ^ BinaryPrimitives.ReadUInt64LittleEndian(data)) * M2, 29) * M1;
            data = data[8..];
        }

        ulong tail = 0;
        for (int i = 0; i < data.Length; i++)
        {
            tail |= (ulong)data[i] << (8 * i);
        }

        h = BitOperations.RotateLeft((h ^ tail) * M2, 29) * M1;
        // Final avalanche (the finaliser of MurmurHash3 / SplitMix64).
        h ^= h >> 30;
        h *= M2;
        h ^= h >> 27;
        h *= 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return h;
    }
}
