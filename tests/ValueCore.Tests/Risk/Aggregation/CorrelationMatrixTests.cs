using ValueCore.Risk.Aggregation;

namespace ValueCore.Tests.Risk.Aggregation;

public class CorrelationMatrixTests
{
    private const double EigenTolerance = 1e-12;

    [Fact]
    public void Validate_ValidMatrix_HasNoIssues()
    {
        var v = CorrelationMatrix.Validate([1, 0.5, 0.2, 0.5, 1, 0.2, 0.2, 0.2, 1], 3);
        v.IsValid.Should().BeTrue();
        v.SmallestEigenvalue.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Validate_HugeFiniteElements_ReportsRangeWithoutEigenvalue()
    {
        // Fuzz case aggregate-correlation-1e308-exception: a column of -1e308 (finite, far outside [-1, 1]) crashed the eigenvalue
        // decomposition (IndexOutOfRangeException). The range rule names each element; no eigenvalue is computed.
        var v = CorrelationMatrix.Validate([1, -1e308, 0.2, 0.5, -1e308, 0.2, 0.2, -1e308, 1], 3);
        v.IsValid.Should().BeFalse();
        v.Issues.Should().Contain(i => i.Row == 0 && i.Column == 1 && i.Rule == "is outside [-1, 1]");
        v.Issues.Should().Contain(i => i.Row == 1 && i.Column == 1 && i.Rule == "is on the diagonal and is not 1");
        double.IsNaN(v.SmallestEigenvalue).Should().BeTrue();
    }

    [Fact]
    public void Validate_PerfectCorrelation_IsValidAlthoughSingular()
    {
        // The all-ones matrix has eigenvalues 3, 0, 0: singular but positive semi-definite.
        var v = CorrelationMatrix.Validate([1, 1, 1, 1, 1, 1, 1, 1, 1], 3);
        v.IsValid.Should().BeTrue();
        v.SmallestEigenvalue.Should().BeApproximately(0.0, EigenTolerance);
    }

    [Fact]
    public void Validate_NotPositiveSemiDefinite_ReportsSmallestEigenvalue()
    {
        // I + 0.9 S with S = [0 1 -1; 1 0 1; -1 1 0], whose eigenvalues are 1, 1, -2 (S (1, -1, 1) = -2 (1, -1, 1), trace 0,
        // trace S^2 = 6): the smallest eigenvalue is 1 - 1.8 = -0.8.
        var v = CorrelationMatrix.Validate([1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1], 3);
        v.IsValid.Should().BeFalse();
        v.Issues.Should().ContainSingle();
        v.Issues[0].Row.Should().Be(-1);
        v.SmallestEigenvalue.Should().BeApproximately(-0.8, EigenTolerance);
        v.Issues[0].Value.Should().BeApproximately(-0.8, EigenTolerance);
    }

    [Fact]
    public void Validate_EveryElementRule_IsReportedInOnePass()
    {
        double[] m =
        [
            1.0, 0.3, 1.5,
            0.2, 0.9, 0.0,
            1.5, 0.0, double.NaN,
        ];
        var v = CorrelationMatrix.Validate(m, 3);
        v.Issues.Should().Contain(i => i.Row == 0 && i.Column == 1 && i.Rule.Contains("not symmetric"));
        v.Issues.Should().Contain(i => i.Row == 1 && i.Column == 1 && i.Rule.Contains("diagonal"));
        v.Issues.Should().Contain(i => i.Row == 0 && i.Column == 2 && i.Rule.Contains("[-1, 1]"));
        v.Issues.Should().Contain(i => i.Row == 2 && i.Column == 2 && i.Rule.Contains("finite"));
        double.IsNaN(v.SmallestEigenvalue).Should().BeTrue();
    }

    [Fact]
    public void Create_InvalidMatrix_ThrowsWithTheRules()
    {
        FluentActions.Invoking(() => CorrelationMatrix.Create(["a", "b"], [1, 2, 2, 1])).Should().Throw<ArgumentException>().WithMessage("*[-1, 1]*");
        FluentActions.Invoking(() => CorrelationMatrix.Create(["a", "a"], [1, 0, 0, 1])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => CorrelationMatrix.Validate([1, 0, 0], 2)).Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData(2.5e-11, true)] // smallest eigenvalue -5e-11: inside the -1e-10 tolerance
    [InlineData(5e-10, false)] // smallest eigenvalue -1e-9: outside
    public void Validate_SmallestEigenvalueNearTolerance_AppliesMinusOneE10(double delta, bool valid)
    {
        // Equicorrelation rho = -0.5 - delta in 3 x 3: eigenvalues 1 + 2 rho = -2 delta and 1 - rho (twice).
        double rho = -0.5 - delta;
        var v = CorrelationMatrix.Validate([1, rho, rho, rho, 1, rho, rho, rho, 1], 3);
        v.IsValid.Should().Be(valid);
        v.SmallestEigenvalue.Should().BeApproximately(1 + (2 * rho), 1e-14);
    }
}
