using ValueCore.Capital;
using ValueCore.Capital.MonteCarlo;
using ValueCore.Numerics;

namespace ValueCore.Tests.Capital.MonteCarlo;

public class PortfolioMonteCarloTests
{
    private const double SumTolerance = 1e-10;      // relative: contributions add to the portfolio figure up to rounding
    private const double StandardErrors = 4.0;      // statistical tests pass within 4 standard errors
    private const double GranularityAllowance = 0.02; // relative gap allowed between a 4,000-obligor pool and the infinite pool

    [Fact]
    public void Run_LargeHomogeneousPool_MatchesVasicekQuantile()
    {
        // Vasicek (2002), "The distribution of loan portfolio value", Risk 15(12): as n grows the loss fraction of a
        // homogeneous pool has quantile LGD N((G(PD) + sqrt(R) G(q)) / sqrt(1 - R)).
        const int n = 4_000;
        const double pd = 0.01, lgd = 0.45, q = 0.99;
        var book = MonteCarloTestData.Homogeneous(n, pd, lgd);
        var result = PortfolioMonteCarlo.Run(book, new MonteCarloOptions { Scenarios = 4_000, Confidence = q, Seed = 11 });
        double r = IrbFormula.Correlation(AssetClass.Corporate, pd, IrbFormula.NoSales);
        double lhp = n * lgd * NormalDistribution.Cdf((NormalDistribution.InverseCdf(pd) + (Math.Sqrt(r) * NormalDistribution.InverseCdf(q))) / Math.Sqrt(1 - r));
        Math.Abs(result.Var - lhp).Should().BeLessThan((StandardErrors * result.VarSe) + (GranularityAllowance * lhp));
        result.VarSe.Should().BeGreaterThan(0.0);
        result.El.Should().BeApproximately(n * pd * lgd, SumTolerance * n * pd * lgd);
        Math.Abs(result.ElSimulated - result.El).Should().BeLessThan(StandardErrors * result.ElSimulatedSe);
    }

    [Fact]
    public void Run_MultiFactorHomogeneousPool_MatchesVasicekWithSystematicVariance()
    {
        // Loadings b = (0.3, 0.4) on factors with correlation 0.5: b' Sigma b = 0.09 + 0.16 + 2 x 0.5 x 0.12 = 0.37 is the
        // asset correlation, so the pool converges to the Vasicek quantile with R = 0.37.
        const int n = 4_000;
        const double pd = 0.02, lgd = 1.0, q = 0.99, r = 0.37;
        var factors = FactorModel.Create(["f1", "f2"], new[,] { { 1.0, 0.5 }, { 0.5, 1.0 } },
            new Dictionary<string, double[]> { ["s"] = [0.3, 0.4] }, new Dictionary<string, double[]>());
        var result = PortfolioMonteCarlo.Run(MonteCarloTestData.Homogeneous(n, pd, lgd),
            new MonteCarloOptions { Scenarios = 3_000, Confidence = q, Factors = factors, Seed = 5 });
        double lhp = n * lgd * NormalDistribution.Cdf((NormalDistribution.InverseCdf(pd) + (Math.Sqrt(r) * NormalDistribution.InverseCdf(q))) / Math.Sqrt(1 - r));
        Math.Abs(result.Var - lhp).Should().BeLessThan((StandardErrors * result.VarSe) + (GranularityAllowance * lhp));
    }

    [Fact]
    public void Run_SingleObligor_IsBernoulli()
    {
        // One obligor: L = EAD LGD with probability PD, else 0. P(L > 0) = 0.02 > 1 - 0.99, so VaR_0.99 = ES_0.99 = 50;
        // P(L > 0) <= 1 - 0.97, so VaR_0.97 = 0.
        var book = MonteCarloTestData.Homogeneous(1, 0.02, 0.5, ead: 100.0);
        var result = PortfolioMonteCarlo.Run(book, new MonteCarloOptions { Scenarios = 20_000, Confidence = 0.99, QuantileLevels = [0.97, 0.99] });
        result.Var.Should().Be(50.0);
        result.Es.Should().Be(50.0);
        result.Quantiles[0].Loss.Should().Be(0.0);
        double bernoulliSe = 50.0 * Math.Sqrt(0.02 * 0.98 / 20_000);
        result.ElSimulatedSe.Should().BeApproximately(bernoulliSe, 0.1 * bernoulliSe);
        Math.Abs(result.ElSimulated - 1.0).Should().BeLessThan(StandardErrors * bernoulliSe);
        result.El.Should().BeApproximately(1.0, SumTolerance);
        result.Ec.Should().BeApproximately(49.0, SumTolerance);
        result.EsContribution[0].Should().Be(50.0);
        result.SdContribution[0].Should().BeApproximately(result.StandardDeviation, SumTolerance * result.StandardDeviation);
    }

    [Fact]
    public void Run_StudentTSingleObligor_DefaultsWithItsPd()
    {
        // Thresholds from the t distribution keep each obligor's default probability at its PD.
        var book = MonteCarloTestData.Homogeneous(1, 0.05, 1.0);
        var result = PortfolioMonteCarlo.Run(book, new MonteCarloOptions { Scenarios = 20_000, Copula = CopulaKind.StudentT, DegreesOfFreedom = 4 });
        Math.Abs(result.ElSimulated - 0.05).Should().BeLessThan(StandardErrors * result.ElSimulatedSe);
    }

    [Fact]
    public void Build_StudentT_ThresholdIsTQuantile()
    {
        // t_5 quantile at 0.01 = -3.36493 (standard t table, e.g. Abramowitz and Stegun table 26.10: t_0.99,5 = 3.365).
        const double TableTolerance = 5e-5;
        var book = MonteCarloTestData.Homogeneous(1, 0.01, 1.0);
        var model = ObligorModel.Build(book, new MonteCarloOptions { Copula = CopulaKind.StudentT, DegreesOfFreedom = 5 });
        double r = IrbFormula.Correlation(AssetClass.Corporate, 0.01, IrbFormula.NoSales);
        (model.A[0] * Math.Sqrt(1 - r)).Should().BeApproximately(-3.36493, TableTolerance);
        model.B[0].Should().BeApproximately(-Math.Sqrt(r / (1 - r)), 1e-15);
    }

    [Fact]
    public void Run_ZeroCorrelation_LossIsBinomial()
    {
        // Zero loadings: independent defaults, so the number of defaults among 50 unit losses is Binomial(50, 0.05).
        const int n = 50, s = 50_000;
        const double pd = 0.05;
        var factors = FactorModel.Create(["f"], new[,] { { 1.0 } }, new Dictionary<string, double[]> { ["s"] = [0.0] }, new Dictionary<string, double[]>());
        var options = new MonteCarloOptions { Scenarios = s, Factors = factors, Confidence = 0.99 };
        var book = MonteCarloTestData.Homogeneous(n, pd, 1.0);
        var result = PortfolioMonteCarlo.Run(book, options);
        var pmf = new double[n + 1];
        for (int k = 0; k <= n; k++)
        {
            pmf[k] = Math.Exp(LogChoose(n, k) + (k * Math.Log(pd)) + ((n - k) * Math.Log(1 - pd)));
        }

        // Exact binomial 0.99 quantile: smallest k with P(L > k) <= 0.01.
        double above = 1.0;
        int exact = 0;
        for (int k = 0; k <= n; k++)
        {
            above -= pmf[k];
            if (above <= 0.01)
            {
                exact = k;
                break;
            }
        }

        result.Var.Should().Be(exact);
        var block = PortfolioMonteCarlo.SimulateBlock(ObligorModel.Build(book, options), 0, s, -1, null, default);
        for (int k = 0; k <= 8; k++)
        {
            double freq = block.Loss.Count(l => l == k) / (double)s;
            Math.Abs(freq - pmf[k]).Should().BeLessThan(StandardErrors * Math.Sqrt(pmf[k] * (1 - pmf[k]) / s), $"P(L = {k})");
        }

        result.StandardDeviation.Should().BeApproximately(Math.Sqrt(n * pd * (1 - pd)), 0.02 * Math.Sqrt(n * pd * (1 - pd)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_Contributions_SumToPortfolioFigures(bool importanceSampling)
    {
        var result = PortfolioMonteCarlo.Run(MonteCarloTestData.Concentrated(),
            new MonteCarloOptions { Scenarios = 4_000, Confidence = 0.99, ImportanceSampling = importanceSampling });
        result.Var.Should().BeGreaterThan(0.0);
        result.EsContribution.ToArray().Sum().Should().BeApproximately(result.Es, SumTolerance * result.Es);
        result.VarContribution.ToArray().Sum().Should().BeApproximately(result.Var, SumTolerance * result.Var);
        result.SdContribution.ToArray().Sum().Should().BeApproximately(result.StandardDeviation, SumTolerance * result.StandardDeviation);
        result.ElContribution.ToArray().Sum().Should().BeApproximately(result.El, SumTolerance * result.El);
        result.ElSimulatedContribution.ToArray().Sum().Should().BeApproximately(result.ElSimulated, SumTolerance * result.ElSimulated);
        foreach (var method in Enum.GetValues<CapitalAllocation>())
        {
            result.AllocatedCapital(method).Sum().Should().BeApproximately(result.Ec, SumTolerance * result.Ec, method.ToString());
        }

        result.EsContributionSe.ToArray().Should().OnlyContain(v => v >= 0.0 && double.IsFinite(v));
        result.VarContributionSe.ToArray().Should().OnlyContain(v => v >= 0.0 && double.IsFinite(v));
        result.SdContributionSe.ToArray().Should().OnlyContain(v => v >= 0.0 && double.IsFinite(v));
    }

    [Fact]
    public void Run_LoansOfOneCustomer_DefaultTogether()
    {
        // Customer C0 holds 3 loans (EAD 400, 800, 1200): their ES contributions are in proportion to EAD x LGD.
        var book = MonteCarloTestData.Concentrated();
        var result = PortfolioMonteCarlo.Run(book, new MonteCarloOptions { Scenarios = 2_000, Confidence = 0.99 });
        var idx = Enumerable.Range(0, book.Count).Where(i => book.CustomerId[i] == "C0").ToArray();
        idx.Should().HaveCount(3);
        double ratio0 = result.ElSimulatedContribution[idx[0]] / book.EadColumn[idx[0]] / book.LgdColumn[idx[0]];
        double ratio2 = result.ElSimulatedContribution[idx[2]] / book.EadColumn[idx[2]] / book.LgdColumn[idx[2]];
        ratio0.Should().BeApproximately(ratio2, 1e-12);
    }

    [Theory]
    [InlineData(false, CopulaKind.Gaussian)]
    [InlineData(true, CopulaKind.Gaussian)]
    [InlineData(false, CopulaKind.StudentT)]
    public void Run_ThreadCountsAndBlockSplits_BitIdentical(bool importanceSampling, CopulaKind copula)
    {
        var book = MonteCarloTestData.Concentrated();
        var options = new MonteCarloOptions { Scenarios = 3_000, Confidence = 0.99, ImportanceSampling = importanceSampling, Copula = copula, Seed = 99 };
        var one = PortfolioMonteCarlo.Run(book, options with { MaxDegreeOfParallelism = 1 });
        var many = PortfolioMonteCarlo.Run(book, options with { MaxDegreeOfParallelism = 4 });
        var model = ObligorModel.Build(book, options);
        var split = PortfolioMonteCarlo.Combine([
            PortfolioMonteCarlo.SimulateBlock(model, 0, 1_000, 2, null, default),
            PortfolioMonteCarlo.SimulateBlock(model, 1_000, 777, 3, null, default),
            PortfolioMonteCarlo.SimulateBlock(model, 1_777, 1_223, 1, null, default)]);
        var blocks = PortfolioMonteCarlo.Finish(book, options, model, split, default);
        foreach (var other in new[] { many, blocks })
        {
            other.Var.Should().Be(one.Var);
            other.Es.Should().Be(one.Es);
            other.ElSimulated.Should().Be(one.ElSimulated);
            other.VarSe.Should().Be(one.VarSe);
            other.EsContribution.ToArray().Should().Equal(one.EsContribution.ToArray());
            other.VarContribution.ToArray().Should().Equal(one.VarContribution.ToArray());
            other.SdContribution.ToArray().Should().Equal(one.SdContribution.ToArray());
            other.SdContributionSe.ToArray().Should().Equal(one.SdContributionSe.ToArray());
        }

        var otherSeed = PortfolioMonteCarlo.Run(book, options with { Seed = 100 });
        otherSeed.ElSimulated.Should().NotBe(one.ElSimulated);
    }

    [Fact]
    public void Run_ImportanceSampling_AgreesWithPlainWithinStandardErrors()
    {
        var book = MonteCarloTestData.Concentrated();
        var plain = PortfolioMonteCarlo.Run(book, new MonteCarloOptions { Scenarios = 40_000, Confidence = 0.999, Seed = 1 });
        var sampled = PortfolioMonteCarlo.Run(book, new MonteCarloOptions { Scenarios = 10_000, Confidence = 0.999, Seed = 2, ImportanceSampling = true });
        Math.Abs(plain.Var - sampled.Var).Should().BeLessThan(StandardErrors * Math.Sqrt((plain.VarSe * plain.VarSe) + (sampled.VarSe * sampled.VarSe)));
        Math.Abs(plain.Es - sampled.Es).Should().BeLessThan(StandardErrors * Math.Sqrt((plain.EsSe * plain.EsSe) + (sampled.EsSe * sampled.EsSe)));
        Math.Abs(plain.ElSimulated - sampled.ElSimulated).Should().BeLessThan(StandardErrors * Math.Sqrt((plain.ElSimulatedSe * plain.ElSimulatedSe) + (sampled.ElSimulatedSe * sampled.ElSimulatedSe)));
        sampled.FactorShift[0].Should().BeApproximately(NormalDistribution.InverseCdf(0.001), 1e-12, "one factor: mu = G(1 - q)");

        // At the same number of scenarios the importance-sampled tail estimate is tighter.
        var plainSame = PortfolioMonteCarlo.Run(book, new MonteCarloOptions { Scenarios = 10_000, Confidence = 0.999, Seed = 3 });
        sampled.EsSe.Should().BeLessThan(plainSame.EsSe);
    }

    [Fact]
    public void Run_EmptyBook_AllZero()
    {
        var result = PortfolioMonteCarlo.Run(MonteCarloTestData.Homogeneous(0, 0.01, 0.5), new MonteCarloOptions { Scenarios = 100 });
        result.Var.Should().Be(0.0);
        result.Es.Should().Be(0.0);
        result.El.Should().Be(0.0);
        result.Obligors.Should().Be(0);
    }

    [Fact]
    public void Run_DefaultedLoan_LosesInEveryScenario()
    {
        // PD = 1: the obligor defaults in every scenario, so its loss shifts the whole distribution and its ES, VaR
        // and EL contributions all equal EAD x LGD, with zero standard deviation contribution.
        var ids = new[] { "D", "P" };
        var book = CreditExposures.Create(ids, ["", ""], ["s", "s"], [AssetClass.Corporate, AssetClass.Corporate], [100.0, 50.0], [1.0, 0.05],
            [0.4, 1.0], [IrbFormula.NoSales, IrbFormula.NoSales]);
        var result = PortfolioMonteCarlo.Run(book, new MonteCarloOptions { Scenarios = 5_000, Confidence = 0.99 });
        result.Var.Should().Be(90.0);
        result.EsContribution[0].Should().Be(40.0);
        result.VarContribution[0].Should().BeApproximately(40.0, 1e-12);
        result.ElContribution[0].Should().Be(40.0);
        result.SdContribution[0].Should().BeApproximately(0.0, 1e-9);
        result.ElSimulatedContribution[0].Should().Be(40.0);
    }

    [Fact]
    public void Workers_ManyChunks_OneStatePerWorkerEveryChunkOnce()
    {
        // Each worker state holds per-obligor arrays: a loop of many chunks must create at most one per worker (Parallel.For's
        // thread-local overload makes one per replacement task) and merge each once, running every chunk exactly once.
        const int Chunks = 5_000;
        int created = 0, merged = 0;
        var runs = new int[Chunks];
        var po = new ParallelOptions { MaxDegreeOfParallelism = 3 };
        PortfolioMonteCarlo.Workers(Chunks, po, () => { Interlocked.Increment(ref created); return new object(); },
            (c, _) =>
            {
                Interlocked.Increment(ref runs[c]);
                Thread.SpinWait(20_000);
            },
            _ => Interlocked.Increment(ref merged));
        created.Should().BeInRange(1, 3);
        merged.Should().Be(created);
        runs.Should().AllSatisfy(r => r.Should().Be(1));
    }

    [Fact]
    public void Run_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var act = () => PortfolioMonteCarlo.Run(MonteCarloTestData.Concentrated(), new MonteCarloOptions { Scenarios = 100_000 }, null, cts.Token);
        act.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void FactorModel_InvalidInputs_ListEveryProblem()
    {
        var act = () => FactorModel.Create(["a", "b"], new[,] { { 1.0, 0.9 }, { 0.8, 1.0 } },
            new Dictionary<string, double[]> { ["x"] = [0.9, 0.9], ["y"] = [0.1] }, new Dictionary<string, double[]>());
        act.Should().Throw<ArgumentException>().WithMessage("*symmetric*").WithMessage("*'y'*expected 2*");
        var notPd = () => FactorModel.Create(["a", "b", "c"], new[,] { { 1.0, 0.9, -0.9 }, { 0.9, 1.0, 0.9 }, { -0.9, 0.9, 1.0 } },
            new Dictionary<string, double[]>(), new Dictionary<string, double[]>());
        notPd.Should().Throw<ArgumentException>().WithMessage("*positive definite*");
        var tooMuch = () => FactorModel.Create(["a"], new[,] { { 1.0 } }, new Dictionary<string, double[]> { ["s"] = [1.0] }, new Dictionary<string, double[]>());
        tooMuch.Should().Throw<ArgumentException>().WithMessage("*below 1*");
    }

    [Fact]
    public void CreditExposures_CustomerWithTwoPds_IsRejected()
    {
        var act = () => CreditExposures.Create(["a", "b"], ["C", "C"], ["s", "s"], [AssetClass.Corporate, AssetClass.Corporate], [1.0, 1.0],
            [0.01, 0.02], [0.5, 0.5], [IrbFormula.NoSales, IrbFormula.NoSales]);
        act.Should().Throw<DataValidationException>().Which.Issues[0].Line.Should().Be(2);
    }

    private static double LogChoose(int n, int k) => MathNet.Numerics.SpecialFunctions.FactorialLn(n) - MathNet.Numerics.SpecialFunctions.FactorialLn(k) - MathNet.Numerics.SpecialFunctions.FactorialLn(n - k);
}
