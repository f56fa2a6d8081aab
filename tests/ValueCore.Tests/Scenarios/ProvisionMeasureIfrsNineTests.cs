using ValueCore.Capital;
using ValueCore.Migration;
using ValueCore.Numerics;
using ValueCore.Portfolio;
using ValueCore.Provisions;
using ValueCore.Scenarios;

namespace ValueCore.Tests.Scenarios;

/// <summary>The scenario provision measure with an ECL LGD (IFRS 9 5.5.17(a)) and the reversion of a Z forecast (IFRS 9 B5.5.50).</summary>
public class ProvisionMeasureIfrsNineTests
{
    /// <summary>Closed forms of a few products against the measure's sums: agreement to rounding.</summary>
    private const double ClosedFormTolerance = 1e-12;

    private static readonly StateSpace s_abd = StateSpace.Create(["A", "B", "D"], ["D"]);

    private static TransitionMatrix ThreeStates() => TransitionMatrix.Create(s_abd, new[,] { { 0.9, 0.08, 0.02 }, { 0.1, 0.7, 0.2 }, { 0, 0, 1 } });

    private static LoanBook Book(params (string Id, string Segment, double Lgd)[] loans)
    {
        var b = new LoanBookBuilder();
        foreach (var (id, segment, lgd) in loans)
        {
            b.Add(new Loan { LoanId = id, Segment = segment, AssetClass = AssetClass.RetailOther, Ead = 1000, Pd = 0.01, Lgd = lgd, Rate = 0.05, FtpRate = 0.02, Classification = "A" });
        }

        return b.Build();
    }

    [Fact]
    public void Measure_EclLgd_UsedForEclAndShockedLikeTheBooksLgd()
    {
        // One-year bullet loans: 12-month ECL = LGD x 1000 x 0.02 / 1.05. L1 has ECL LGD 0.25, L2 none (the book's 0.4). A scenario
        // multiplying LGD by 1.2 on segment x: L1 0.3, L2 (segment y) unchanged; the book's LGD itself is not the ECL's for L1.
        var book = Book(("L1", "x", 0.4), ("L2", "y", 0.4));
        var terms = ProvisionTerms.Create([0.05, 0.05], [EadProfile.Bullet, EadProfile.Bullet], [1, 1]).WithEclLgd([0.25, double.NaN]);
        terms.EclLgdFallbacks.Should().Be(1);
        var measure = new ProvisionMeasure(terms, new ProvisionMeasureOptions { Matrix = ThreeStates() });
        var baseline = measure.Measure(Scenario.Baseline.Apply(book));
        baseline.Ecl[0].Should().BeApproximately(0.25 * 1000 * 0.02 / 1.05, ClosedFormTolerance);
        baseline.Ecl[1].Should().BeApproximately(0.4 * 1000 * 0.02 / 1.05, ClosedFormTolerance);
        var stressed = measure.Measure(Scenario.Named("lgd").Where(LoanColumns.Segment, "x").Lgd.Multiply(1.2).Build().Apply(book));
        stressed.Ecl[0].Should().BeApproximately(0.3 * 1000 * 0.02 / 1.05, ClosedFormTolerance);
        stressed.Ecl[1].Should().BeApproximately(0.4 * 1000 * 0.02 / 1.05, ClosedFormTolerance);
    }

    [Fact]
    public void Measure_ZShiftWithZeroReversionYears_SecondYearUsesTheUnconditionalMatrix()
    {
        // Two-year loan: C(2) = p_AD(Z) + p_AA(Z) 0.02 + p_AB(Z) 0.2 (year 2 under the TTC matrix), p from Belkin-Suchower-Forest.
        const double Rho = 0.1, Z = -1.5;
        static double Tail(double c) => NormalDistribution.Cdf((NormalDistribution.InverseCdf(c) - (Math.Sqrt(Rho) * Z)) / Math.Sqrt(1 - Rho));
        var book = Book(("L1", "x", 0.4));
        var terms = ProvisionTerms.Create([0.05], [EadProfile.Bullet], [2]);
        var measure = new ProvisionMeasure(terms, new ProvisionMeasureOptions { Matrix = ThreeStates(), Rho = Rho, ReversionYears = 0 });
        var p = measure.Measure(Scenario.Named("down").MigrationZShift(Z).Build().Apply(book));
        double expected = Tail(0.02) + ((1 - Tail(0.10)) * 0.02) + ((Tail(0.10) - Tail(0.02)) * 0.2);
        p.PDLifetime[0].Should().BeApproximately(expected, ClosedFormTolerance);
    }
}
