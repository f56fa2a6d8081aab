using ValueCore.Internal;

namespace ValueCore.Tests.Migration;

public class DenseMatrixTests
{
    private const double Tolerance = 1e-13;

    [Theory]
    [InlineData(0.3, 0.7, 1.0)]
    [InlineData(0.05, 0.01, 10.0)]
    [InlineData(2.0, 3.0, 25.0)]
    public void Exp_TwoStateGenerator_MatchesClosedForm(double a, double b, double t)
    {
        // Q = [[-a, a], [b, -b]]: exp(tQ) = (1/(a+b)) [[b + a e, a - a e], [b - b e, a + b e]], e = exp(-(a+b)t).
        double[] q = [-a * t, a * t, b * t, -b * t];
        var p = DenseMatrix.Exp(q, 2);
        double e = Math.Exp(-(a + b) * t);
        double s = a + b;
        p[0].Should().BeApproximately((b + (a * e)) / s, Tolerance);
        p[1].Should().BeApproximately((a - (a * e)) / s, Tolerance);
        p[2].Should().BeApproximately((b - (b * e)) / s, Tolerance);
        p[3].Should().BeApproximately((a + (b * e)) / s, Tolerance);
    }

    [Fact]
    public void Exp_DiagonalMatrix_IsElementwiseExp()
    {
        var p = DenseMatrix.Exp([-3.0, 0, 0, 0, 0.5, 0, 0, 0, 12.0], 3);
        p[0].Should().BeApproximately(Math.Exp(-3.0), Tolerance);
        p[4].Should().BeApproximately(Math.Exp(0.5), Tolerance);
        p[8].Should().BeApproximately(Math.Exp(12.0), Math.Exp(12.0) * 1e-14);
        p[1].Should().Be(0);
    }

    [Fact]
    public void Log_OfExpOfGenerator_ReturnsGenerator()
    {
        double[] q = [-0.2, 0.15, 0.05, 0.1, -0.3, 0.2, 0, 0, 0];
        var p = DenseMatrix.Exp(q, 3);
        DenseMatrix.TryLog(p, 3, out var l, out _).Should().BeTrue();
        for (int k = 0; k < 9; k++)
        {
            l[k].Should().BeApproximately(q[k], 1e-12);
        }
    }

    [Fact]
    public void Log_LargeGeneratorNeedingSquareRoots_RoundTrips()
    {
        double[] q = [-2.0, 1.5, 0.5, 0.7, -1.2, 0.5, 0, 0, 0];
        var p = DenseMatrix.Exp(q, 3);
        DenseMatrix.TryLog(p, 3, out var l, out int roots).Should().BeTrue();
        roots.Should().BeGreaterThan(0);
        for (int k = 0; k < 9; k++)
        {
            l[k].Should().BeApproximately(q[k], 1e-10);
        }
    }
}
