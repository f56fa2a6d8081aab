using FluentAssertions;
using ValueCore.IO.Csv;
using Xunit;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Csv;

public class HashSet64Tests
{
    [Fact]
    public void Add_UndersizedAndPresizedTables_GiveTheSameAnswersAsADistinctCount()
    {
        // Invariant: whatever the starting size (a deliberately undersized table that doubles several times, or one
        // presized for every hash), Add says "new" exactly once per distinct hash, zero included.
        var random = new Random(7);
        var hashes = Enumerable.Range(0, 300_000).Select(_ => (ulong)random.NextInt64(0, 200_000) * 0x9E3779B97F4A7C15UL).ToArray();
        var seen = new HashSet<ulong>();
        var expected = hashes.Select(seen.Add).ToArray();
        var small = new HashSet64(expectedCount: 10);
        var presized = new HashSet64(expectedCount: hashes.Length);

        hashes.Select(small.Add).Should().Equal(expected);
        hashes.Select(presized.Add).Should().Equal(expected);
        small.Count.Should().Be(seen.Count);
        presized.Count.Should().Be(seen.Count);
    }

    [Fact]
    public void Constructor_ExpectedCount_PresizesBelowTheLoadLimit()
    {
        new HashSet64(1_000_000).MemoryBytes.Should().Be(sizeof(uint) * (1L << 21)); // 1e6 / 0.7 rounded up to 2^21
        new HashSet64().MemoryBytes.Should().Be(sizeof(uint) * (1L << 16));
    }

    [Fact]
    public void Add_PastTheFirstTable_KeepsEveryEarlierHashAndAddsTables()
    {
        // Invariant: no false negatives across growth. 400,000 random 64-bit hashes into a set made for 10 fill
        // tables of 2^16, 2^17, 2^18 and 2^19 slots; every hash is then seen, whichever table holds it, and the
        // fingerprints' chance coincidences (2^-32 per occupied slot probed) stay near their expectation of 0.
        // After every addition an earlier hash (or the one just added) comes again, so repeats meet each growth step.
        var random = new Random(3);
        var hashes = Enumerable.Range(0, 400_000).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 63)).Distinct().ToArray();
        var set = new HashSet64(expectedCount: 10);
        int seenAsNew = 0, repeatsTakenForNew = 0;
        for (int i = 0; i < hashes.Length; i++)
        {
            seenAsNew += set.Add(hashes[i]) ? 1 : 0;
            repeatsTakenForNew += set.Add(hashes[random.Next(i + 1)]) ? 1 : 0;
        }

        repeatsTakenForNew.Should().Be(0, "a hash added before is never new");
        set.Tables.Should().Be(4);
        hashes.Should().OnlyContain(h => !set.Add(h), "a hash added before is never new");
        seenAsNew.Should().BeGreaterThanOrEqualTo(hashes.Length - 1);
        set.Count.Should().Be(seenAsNew);
        set.MemoryBytes.Should().Be(sizeof(uint) * ((1L << 16) + (1L << 17) + (1L << 18) + (1L << 19)));
    }

    [Fact]
    public void Add_SameSlotBitsAndFingerprint_IsTakenForARepeat()
    {
        // The documented price of fingerprints: two different hashes that agree in the slot bits (from bit 33 up) and
        // in the low 32 bits are one to the set, and the caller's text check must settle them.
        var set = new HashSet64();
        const ulong First = 0xABCD_EF01_2345_6789UL;
        set.Add(First).Should().BeTrue();
        set.Add(First ^ (1UL << 32)).Should().BeFalse("bit 32 is neither slot nor fingerprint");
        set.Add(First ^ 1UL).Should().BeTrue("the fingerprint differs");
        set.Add(First ^ (1UL << 33)).Should().BeTrue("the slot differs");
    }
}
