using ValueCore.Capital.MonteCarlo;
using ValueCore.Numerics;

namespace ValueCore.Tests.Capital.MonteCarlo;

public class Philox4x32Tests
{
    // Known-answer vectors of Philox4x32-10 from the Random123 distribution (tests/kat_vectors), the reference
    // implementation of Salmon et al., SC11 (2011): counter (4 words), key (2 words) -> output (4 words).
    [Theory]
    [InlineData(0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x00000000u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void Block_Random123KnownAnswers_Match(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint e0, uint e1, uint e2, uint e3)
    {
        Philox4x32.Block(c0, c1, c2, c3, k0, k1, out uint x0, out uint x1, out uint x2, out uint x3);
        new[] { x0, x1, x2, x3 }.Should().Equal(e0, e1, e2, e3);
    }

    [Fact]
    public void OpenUniform_Extremes_StayInsideOpenInterval()
    {
        Philox4x32.OpenUniform(0UL).Should().BeGreaterThan(0.0);
        Philox4x32.OpenUniform(ulong.MaxValue).Should().BeLessThan(1.0);
    }

    [Fact]
    public void Defaults_TableBracket_EqualsFullComparison()
    {
        // The table shortcut must decide exactly as U < N(x) computed in full, including U right at N(x).
        var rng = new Random(7);
        for (int i = 0; i < 200_000; i++)
        {
            double x = (rng.NextDouble() * 20.0) - 10.0;
            double n = NormalDistribution.Cdf(x);
            double u = (i % 3) switch
            {
                0 => rng.NextDouble(),
                1 => n,
                _ => Math.BitIncrement(n),
            };
            if (!(u > 0.0 && u < 1.0))
            {
                continue;
            }

            ScenarioEngine.Defaults(u, x).Should().Be(u < n);
        }
    }

    [Fact]
    public void FillUniforms_Vectorised_EqualsScalarLayout()
    {
        var u = new double[5 * Philox4x32.GroupSize];
        Philox4x32.FillUniforms(u, 3, 5, 123u, 7u, 0u, 0xdeadbeefu, 42u);
        for (int i = 0; i < u.Length; i++)
        {
            u[i].Should().Be(Philox4x32.Uniform((3 * Philox4x32.GroupSize) + i, 123u, 7u, 0u, 0xdeadbeefu, 42u));
        }

        // Item 16 g + l (l < 8) is word a of block 8 g + l.
        Philox4x32.Block64(8 * 3, 123u, 7u, 0u, 0xdeadbeefu, 42u, out ulong a, out _);
        u[0].Should().Be(Philox4x32.OpenUniform(a));
    }
}
