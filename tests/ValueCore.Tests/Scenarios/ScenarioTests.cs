using ValueCore.Numerics;
using ValueCore.Portfolio;
using ValueCore.Scenarios;

namespace ValueCore.Tests.Scenarios;

public class ScenarioTests
{
    private const double ClosedFormTolerance = 1e-14;

    [Fact]
    public void Apply_IdentityShocks_ValuationBitIdenticalToBaseline()
    {
        var book = ScenarioTestBooks.Mixed();
        var identity = Scenario.Named("identity").Pd.Multiply(1).Lgd.Add(0).Ead.Multiply(1).Rate.ShiftBp(0).FtpRate.ShiftBp(0)
            .Fees.Multiply(1).Opex.Multiply(1).Lgd.Multiply(1).Build();
        var stressed = identity.Apply(book);
        var baseline = PortfolioValuation.Run(book);
        var result = PortfolioValuation.Run(stressed.Book, stressed.Options);
        result.Ec.ToArray().Should().Equal(baseline.Ec.ToArray());
        result.El.ToArray().Should().Equal(baseline.El.ToArray());
        result.Eva.ToArray().Should().Equal(baseline.Eva.ToArray());
        result.Return.ToArray().Should().Equal(baseline.Return.ToArray());
        stressed.Reports.Should().OnlyContain(r => r.LoansSelected == book.Count && r.LoansBounded == 0);
    }

    [Fact]
    public void Apply_PdTimesOneAndLgdPlusZero_ChangeNoInput()
    {
        var book = ScenarioTestBooks.Mixed();
        var stressed = Scenario.Named("noop").Pd.Multiply(1.0).Lgd.Add(0.0).Build().Apply(book);
        stressed.Book.Pd.ToArray().Should().Equal(book.Pd.ToArray());
        stressed.Book.Lgd.ToArray().Should().Equal(book.Lgd.ToArray());
        stressed.Book.Ead.ToArray().Should().Equal(book.Ead.ToArray());
        stressed.Options.Should().Be(ValuationOptions.Default);
    }

    [Fact]
    public void Apply_NoShock_ReturnsTheSameBook()
    {
        var book = ScenarioTestBooks.Mixed();
        Scenario.Baseline.Apply(book).Book.Should().BeSameAs(book);
    }

    [Fact]
    public void Apply_HigherPd_NeverLowersElAndLowersCapitalOnlyPastTheIrbPeak()
    {
        // EL = PD LGD EAD rises with PD for every loan. IRB capital K rises with PD up to a peak (for PDs of tens of percent loss
        // becomes expected rather than unexpected and K falls towards 0 at PD = 1; Basel II para 272), so capital is checked
        // below PD = 0.1, far under the peak of every asset class.
        var book = SampleBook(2_000);
        var baseline = PortfolioValuation.Run(book);
        double[] previousEl = baseline.El.ToArray(), previousEc = baseline.Ec.ToArray();
        foreach (double m in new[] { 1.1, 1.5, 2.0, 3.0 })
        {
            var stressed = Scenario.Named("up").Pd.Multiply(m).Build().Apply(book);
            var r = PortfolioValuation.Run(stressed.Book);
            for (int i = 0; i < book.Count; i++)
            {
                r.El[i].Should().BeGreaterThanOrEqualTo(previousEl[i], "EL at PD x {0}, loan {1}", m, book.LoanId[i]);
                if (r.Pd[i] <= 0.1)
                {
                    r.Ec[i].Should().BeGreaterThanOrEqualTo(previousEc[i], "EC at PD x {0}, loan {1}", m, book.LoanId[i]);
                }
            }

            previousEl = r.El.ToArray();
            previousEc = r.Ec.ToArray();
        }
    }

    [Theory]
    // Reference values: Python 3 statistics.NormalDist (an independent implementation of N and G),
    // N((G(pd) - sqrt(R) z) / sqrt(1 - R)).
    [InlineData(0.01, 0.12, -1.5, 0.027053219766038583)]
    [InlineData(0.002, 0.15, -2.0, 0.011255399985599102)]
    [InlineData(0.05, 0.04, 1.0, 0.029857241986563032)]
    [InlineData(0.2, 0.24, -3.0, 0.7643756115786486)]
    public void ConditionalPd_KnownValues_MatchClosedForm(double pd, double r, double z, double expected) =>
        Scenario.ConditionalPd(pd, r, z).Should().BeApproximately(expected, expected * 1e-13);

    [Fact]
    public void ConditionalPd_ZAtMinusG999_EqualsTheIrbConditionalPd()
    {
        // K / (LGD MA) + PD = N((G(PD) + sqrt(R) G(0.999)) / sqrt(1 - R)) (Basel II para 272) with LGD = MA = 1.
        foreach (var (pd, r) in new[] { (0.01, 0.19), (0.001, 0.15), (0.1, 0.12) })
        {
            double k = ValueCore.Capital.IrbFormula.CapitalRequirement(pd, 1.0, r, 1.0, 0.999);
            Scenario.ConditionalPd(pd, r, -NormalDistribution.InverseCdf(0.999)).Should().BeApproximately(k + pd, ClosedFormTolerance);
        }
    }

    [Fact]
    public void Apply_ZShift_GivesConditionalPdWithEachLoansIrbCorrelation()
    {
        var book = ScenarioTestBooks.Mixed();
        var baseline = PortfolioValuation.Run(book);
        var stressed = Scenario.Named("recession").Pd.ConditionOnZ(-1.5).Build().Apply(book);
        for (int i = 0; i < book.Count; i++)
        {
            double p = book.Pd[i];
            double expected = p >= 1 ? 1 : NormalDistribution.Cdf((NormalDistribution.InverseCdf(p) - (Math.Sqrt(baseline.Correlation[i]) * -1.5)) / Math.Sqrt(1 - baseline.Correlation[i]));
            stressed.Book.Pd[i].Should().BeApproximately(expected, ClosedFormTolerance, book.LoanId[i]);
            stressed.Book.Pd[i].Should().BeGreaterThanOrEqualTo(p, "Z < 0 is a downturn");
        }
    }

    [Fact]
    public void Apply_ZShiftWithCorrelation_UsesTheGivenR()
    {
        var book = ScenarioTestBooks.Mixed();
        var stressed = Scenario.Named("z").Pd.ConditionOnZ(-2.0, 0.15).Build().Apply(book);
        stressed.Book.Pd[0].Should().BeApproximately(Scenario.ConditionalPd(0.01, 0.15, -2.0), 0);
        Scenario.ConditionalPd(0.002, 0.15, -2.0).Should().BeApproximately(0.011255399985599102, 1e-15);
    }

    [Fact]
    public void Apply_Filter_ChangesExactlyTheSelectedLoans()
    {
        var book = ScenarioTestBooks.Mixed();
        var scenario = Scenario.Named("cre").Where("segment", "cre").Where("asset_class", "sme", "corporate").Pd.Multiply(2).Build();
        var stressed = scenario.Apply(book);
        var changed = Enumerable.Range(0, book.Count).Where(i => stressed.Book.Pd[i] != book.Pd[i]).Select(i => book.LoanId[i]).ToList();
        changed.Should().Equal("C1", "C2");
        stressed.Reports[0].LoansSelected.Should().Be(2);
    }

    [Fact]
    public void LoanFilter_Select_ListsExactlyTheMatchingRows()
    {
        var book = ScenarioTestBooks.Mixed();
        Ids(book, LoanFilter.Where("region", "north")).Should().Equal("C1", "C3", "R1", "K2");
        Ids(book, LoanFilter.Where("classification", "special_mention")).Should().Equal("C2", "K2");
        Ids(book, LoanFilter.Where("segment", "corp", "retail").And("region", "south")).Should().Equal("R2", "K1", "D1");
        Ids(book, LoanFilter.Where("asset_class", "retail_mortgage", "retail_revolving")).Should().Equal("R1", "R2");
        Ids(book, LoanFilter.Where("segment", "nothing")).Should().BeEmpty();
        Ids(book, LoanFilter.All).Should().HaveCount(book.Count);
    }

    [Fact]
    public void LoanFilter_UnknownColumnOrAssetClass_Throws()
    {
        var book = ScenarioTestBooks.Mixed();
        FluentActions.Invoking(() => LoanFilter.Where("country", "de").Select(book)).Should().Throw<ArgumentException>().WithMessage("*country*");
        FluentActions.Invoking(() => LoanFilter.Where("asset_class", "corporates")).Should().Throw<ArgumentException>().WithMessage("*corporates*");
        FluentActions.Invoking(() => LoanFilter.Where("segment", "a").And("segment", "b")).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void LoanFilter_Equality_IgnoresOrderOfColumnsAndValues()
    {
        LoanFilter.Where("segment", "b", "a").And("region", "x").Should().Be(LoanFilter.Where("region", "x").And("segment", "a", "b"));
        LoanFilter.Where("segment", "a").Should().NotBe(LoanFilter.Where("segment", "b"));
    }

    [Fact]
    public void Apply_LgdAdd_BoundsToOneAndCountsTheBoundedLoans()
    {
        var book = ScenarioTestBooks.Mixed();
        var stressed = Scenario.Named("lgd").Lgd.Add(0.3).Build().Apply(book);
        stressed.Book.Lgd.ToArray().Should().Equal(book.Lgd.ToArray().Select(l => Math.Min(1.0, l + 0.3)));
        stressed.Reports[0].LoansBounded.Should().Be(1, "R2 (0.85 + 0.3) is bounded to 1");
        Scenario.Named("down").Lgd.Add(-0.3).Build().Apply(book).Reports[0].LoansBounded.Should().Be(1, "R1 (0.2 - 0.3) is bounded to 0");
    }

    [Fact]
    public void Apply_PdMultiply_BoundsAtOneAndKeepsDefaultedLoans()
    {
        var book = ScenarioTestBooks.Mixed();
        var stressed = Scenario.Named("pd").Pd.Multiply(3).Build().Apply(book);
        stressed.Book.Pd[6].Should().Be(1.0, "0.5 x 3 is bounded to 1");
        stressed.Book.Pd[7].Should().Be(1.0, "a defaulted loan stays defaulted");
        stressed.Reports[0].LoansBounded.Should().Be(1);
        Scenario.Named("half").Pd.Multiply(0.5).Build().Apply(book).Book.Pd[7].Should().Be(1.0);
    }

    [Fact]
    public void Apply_Parameters_ReplaceTheBaselineOptions()
    {
        var s = Scenario.Named("p").Hurdle(0.15).Tax(0.3).CapitalRate(0.01).Confidence(0.9995).Build().Apply(ScenarioTestBooks.Mixed());
        s.Options.Profitability.Hurdle.Should().Be(0.15);
        s.Options.Profitability.TaxRate.Should().Be(0.3);
        s.Options.Profitability.CapitalRate.Should().Be(0.01);
        s.Options.Irb.Confidence.Should().Be(0.9995);
    }

    [Fact]
    public void Apply_RateShift_AddsBasisPoints()
    {
        var book = ScenarioTestBooks.Mixed();
        var s = Scenario.Named("rates").Rate.ShiftBp(200).FtpRate.ShiftBp(-50).Build().Apply(book);
        s.Book.Rate.ToArray().Should().OnlyContain(r => r == 0.05 + 0.02);
        s.Book.FtpRate.ToArray().Should().OnlyContain(r => r == 0.03 - 0.005);
    }

    [Fact]
    public void Apply_RateOutOfRange_ThrowsDataValidation() =>
        FluentActions.Invoking(() => Scenario.Named("r").Rate.ShiftBp(-9_000).Rate.ShiftBp(-9_000).Build().Apply(ScenarioTestBooks.Mixed()))
            .Should().Throw<DataValidationException>().Which.TotalIssues.Should().Be(8);

    [Fact]
    public void Shock_InvalidOperationOrValue_Throws()
    {
        FluentActions.Invoking(() => new Shock(ShockTarget.Ead, ShockOperation.Add, 1)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new Shock(ShockTarget.Pd, ShockOperation.Multiply, -1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new Shock(ShockTarget.Pd, ShockOperation.Set, 0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new Shock(ShockTarget.Lgd, ShockOperation.Set, 1.1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new Shock(ShockTarget.Pd, ShockOperation.Multiply, 2, 0.1)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new Shock(ShockTarget.Pd, ShockOperation.ConditionOnZ, double.NaN)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Scenario.Named("bad name")).Should().Throw<ArgumentException>();
    }

    internal static LoanBook SampleBook(int rows)
    {
        using var tmp = new TempFolder();
        string path = tmp.Combine("book.csv");
        using (var s = File.Create(path))
        {
            IO.SampleLoanBook.Write(s, rows, 7);
        }

        return IO.LoanBookCsv.Read(path);
    }

    private static List<string> Ids(LoanBook book, LoanFilter filter) => filter.Select(book).Select(i => book.LoanId[i]).ToList();
}
