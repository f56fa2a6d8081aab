using ValueCore.Risk.Aggregation;

namespace ValueCore.Tests.Risk.Aggregation;

public class RiskAggregationTests
{
    private const double Exact = 1e-12;

    private static CorrelationMatrix Matrix(string[] labels, double[] values) => CorrelationMatrix.Create(labels, values);

    [Fact]
    public void Aggregate_PerfectCorrelation_IsTheSimpleSum()
    {
        var c = Matrix(["credit", "market", "op"], [1, 1, 1, 1, 1, 1, 1, 1, 1]);
        var contribution = new double[3];
        RiskAggregation.Aggregate([100, 30, 20], c, contribution).Should().BeApproximately(150, Exact);

        // With perfect correlation each type contributes its standalone EC.
        contribution.Should().Equal([100, 30, 20], (p, q) => Math.Abs(p - q) < Exact);
    }

    [Fact]
    public void Aggregate_ZeroCorrelation_IsTheRootOfTheSumOfSquares()
    {
        var c = Matrix(["a", "b"], [1, 0, 0, 1]);
        var contribution = new double[2];
        RiskAggregation.Aggregate([3, 4], c, contribution).Should().BeApproximately(5, Exact);

        // x_i^2 / EC: 9/5 and 16/5.
        contribution[0].Should().BeApproximately(1.8, Exact);
        contribution[1].Should().BeApproximately(3.2, Exact);
    }

    [Fact]
    public void Aggregate_HalfCorrelation_MatchesHandValues()
    {
        // e = (3, 4), rho = 0.5: EC^2 = 9 + 16 + 2 x 0.5 x 12 = 37; C e = (5, 5.5); contributions 15/sqrt(37), 22/sqrt(37).
        var contribution = new double[2];
        double total = RiskAggregation.Aggregate([3, 4], Matrix(["a", "b"], [1, 0.5, 0.5, 1]), contribution);
        total.Should().BeApproximately(Math.Sqrt(37), Exact);
        contribution[0].Should().BeApproximately(15 / Math.Sqrt(37), Exact);
        contribution[1].Should().BeApproximately(22 / Math.Sqrt(37), Exact);
    }

    [Fact]
    public void AggregateByType_UnitsShareTypeContributionsByTheirEc()
    {
        var c = Matrix(["credit", "market"], [1, 0.5, 0.5, 1]);

        // credit: U1 1, U2 2 (e = 3); market: U1 4, U2 0 (e = 4).
        var r = RiskAggregation.AggregateByType(["U1", "U2"], [1, 4, 2, 0], c);
        r.TotalEconomicCapital.Should().BeApproximately(Math.Sqrt(37), Exact);
        r.StandaloneSum.Should().Be(7);
        r.DiversificationBenefit.Should().BeApproximately(7 - Math.Sqrt(37), Exact);
        r.TypeStandalone.Should().Equal(3.0, 4.0);
        r.CellContribution(0, 0).Should().BeApproximately(15 / Math.Sqrt(37) / 3, Exact);
        r.CellContribution(1, 0).Should().BeApproximately(2 * 15 / Math.Sqrt(37) / 3, Exact);
        r.CellContribution(0, 1).Should().BeApproximately(22 / Math.Sqrt(37), Exact);
        r.CellContribution(1, 1).Should().Be(0);
        r.UnitContribution.Sum().Should().BeApproximately(r.TotalEconomicCapital, Exact);
    }

    [Fact]
    public void AggregateByType_RandomTables_ContributionsSumToTotal()
    {
        var rng = new Random(3);
        for (int trial = 0; trial < 50; trial++)
        {
            int nt = rng.Next(1, 6), nu = rng.Next(1, 8);

            // A valid correlation matrix: the normalised Gram matrix of random vectors.
            var v = new double[nt, 4];
            for (int i = 0; i < nt; i++)
            {
                for (int k = 0; k < 4; k++)
                {
                    v[i, k] = rng.NextDouble() - 0.3;
                }
            }

            var c = new double[nt * nt];
            for (int i = 0; i < nt; i++)
            {
                for (int j = 0; j < nt; j++)
                {
                    double dot = 0, ni = 0, nj = 0;
                    for (int k = 0; k < 4; k++)
                    {
                        dot += v[i, k] * v[j, k];
                        ni += v[i, k] * v[i, k];
                        nj += v[j, k] * v[j, k];
                    }

                    c[(i * nt) + j] = i == j ? 1.0 : dot / Math.Sqrt(ni * nj);
                }
            }

            var ec = Enumerable.Range(0, nu * nt).Select(_ => rng.NextDouble() * 100).ToArray();
            var r = RiskAggregation.AggregateByType(Enumerable.Range(0, nu).Select(i => $"u{i}").ToArray(), ec,
                Matrix(Enumerable.Range(0, nt).Select(i => $"t{i}").ToArray(), c));
            double tol = 1e-12 * r.StandaloneSum;
            r.TypeContribution.Sum().Should().BeApproximately(r.TotalEconomicCapital, tol);
            r.UnitContribution.Sum().Should().BeApproximately(r.TotalEconomicCapital, tol);
            r.TotalEconomicCapital.Should().BeLessThanOrEqualTo(r.StandaloneSum + tol);
        }
    }

    [Fact]
    public void AggregateByCell_SameCorrelationForEveryUnitPair_EqualsTypeLevelAggregation()
    {
        // Cell correlation corr((u, r), (v, s)) = C(r, s) for all units: x' C_cells x = e' C e.
        double[] typeC = [1, 0.3, 0.3, 1];
        double[] ec = [10, 5, 20, 1];
        var byType = RiskAggregation.AggregateByType(["A", "B"], ec, Matrix(["r", "s"], typeC));
        var cells = new double[16];
        for (int a = 0; a < 4; a++)
        {
            for (int b = 0; b < 4; b++)
            {
                cells[(a * 4) + b] = typeC[((a % 2) * 2) + (b % 2)];
            }
        }

        var byCell = RiskAggregation.AggregateByCell(["A", "B"], ["r", "s"], ec, Matrix(["A:r", "A:s", "B:r", "B:s"], cells));
        byCell.TotalEconomicCapital.Should().BeApproximately(byType.TotalEconomicCapital, Exact);
        for (int t = 0; t < 2; t++)
        {
            byCell.TypeContribution[t].Should().BeApproximately(byType.TypeContribution[t], 1e-10);
        }
    }

    [Fact]
    public void Aggregate_BadInput_Throws()
    {
        var c = Matrix(["a", "b"], [1, 0, 0, 1]);
        FluentActions.Invoking(() => RiskAggregation.Aggregate([1, -1], c, new double[2])).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => RiskAggregation.Aggregate([1], c, new double[1])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => RiskAggregation.AggregateByType(["U"], [1, double.NaN], c)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => RiskAggregation.Aggregate([1, 2], c, new double[1])).Should().Throw<ArgumentException>().WithMessage("*too short*");
        FluentActions.Invoking(() => RiskAggregation.AggregateByCell(["U"], ["a", "b", "c"], [1, 2, 3], c)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Aggregate_AllZero_IsZeroWithZeroContributions()
    {
        var contribution = new double[2];
        RiskAggregation.Aggregate([0, 0], Matrix(["a", "b"], [1, 0.5, 0.5, 1]), contribution).Should().Be(0);
        contribution.Should().Equal(0.0, 0.0);
    }
}
