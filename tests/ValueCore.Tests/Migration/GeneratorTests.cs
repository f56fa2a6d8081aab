using ValueCore.Migration;

namespace ValueCore.Tests.Migration;

public class GeneratorTests
{
    private static readonly StateSpace TwoState = StateSpace.Create(["performing", "default"]);

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(3.75)]
    public void CumulativePD_ConstantIntensity_IsOneMinusExp(double years)
    {
        // Closed form: with default intensity lambda the cumulative PD is 1 - exp(-lambda t), fractional t included.
        const double lambda = 0.02;
        var g = Generator.Create(TwoState, new double[,] { { -lambda, lambda }, { 0, 0 } });
        g.CumulativePD(0, years).Should().BeApproximately(1 - Math.Exp(-lambda * years), 1e-15);
    }

    [Fact]
    public void Create_NegativeOffDiagonal_Throws()
    {
        var act = () => Generator.Create(MigrationTestData.Abd, new double[,] { { -0.1, 0.2, -0.1 }, { 0, 0, 0 }, { 0, 0, 0 } });
        act.Should().Throw<ArgumentException>().WithMessage("*negative*");
    }

    [Fact]
    public void Create_AbsorbingRowNotZero_Throws()
    {
        var act = () => Generator.Create(TwoState, new double[,] { { -0.1, 0.1 }, { 0.1, -0.1 } });
        act.Should().Throw<ArgumentException>().WithMessage("*Absorbing*");
    }

    [Fact]
    public void Over_SemigroupProperty_Holds()
    {
        var g = Generator.Create(MigrationTestData.Abd, new double[,] { { -0.3, 0.2, 0.1 }, { 0.4, -0.6, 0.2 }, { 0, 0, 0 } });
        var p1 = g.Over(0.7);
        var p2 = g.Over(1.8);
        p1.Then(p2).MaxAbsDifference(g.Over(2.5)).Should().BeLessThan(1e-14);
    }
}
