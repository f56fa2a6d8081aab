using FluentAssertions;
using ValueCore.IO.Csv;
using Xunit;

namespace ValueCore.Tests.Csv;

public class HashSet64Tests
{
    [Fact]
    public void AddRange_SameHashesAsOneByOneAdds_GivesTheSameAnswers()
    {
        // Invariant: the batched add (with its read-ahead) is exactly a sequence of Add calls, through growth of a
        // deliberately undersized table, zero included, repeats inside one batch and across batches.
        var random = new Random(7);
        var hashes = Enumerable.Range(0, 300_000).Select(_ => (ulong)random.NextInt64(0, 200_000) * 0x9E3779B97F4A7C15UL).ToArray();
        var single = new HashSet64();
        var batched = new HashSet64(expectedCount: 10);
        var expected = hashes.Select(single.Add).ToArray();
        var actual = new bool[hashes.Length];

        for (int start = 0; start < hashes.Length; start += 8192)
        {
            int n = Math.Min(8192, hashes.Length - start);
            batched.AddRange(hashes.AsSpan(start, n), actual.AsSpan(start, n));
        }

        actual.Should().Equal(expected);
        batched.Count.Should().Be(single.Count).And.Be(hashes.Distinct().Count());
    }

    [Fact]
    public void Constructor_ExpectedCount_PresizesBelowTheLoadLimit()
    {
        new HashSet64(1_000_000).MemoryBytes.Should().Be(sizeof(ulong) * (1L << 21)); // 1e6 / 0.7 rounded up to 2^21
        new HashSet64().MemoryBytes.Should().Be(sizeof(ulong) * (1L << 16));
    }
}
