using FluentAssertions;
using ValueCore.IO.Csv;
using Xunit;

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
        new HashSet64(1_000_000).MemoryBytes.Should().Be(sizeof(ulong) * (1L << 21)); // 1e6 / 0.7 rounded up to 2^21
        new HashSet64().MemoryBytes.Should().Be(sizeof(ulong) * (1L << 16));
    }
}
