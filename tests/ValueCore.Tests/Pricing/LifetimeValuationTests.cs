using ValueCore.Capital;
using ValueCore.Migration;
using ValueCore.Portfolio;
using ValueCore.Pricing;
using ValueCore.Schedules;

namespace ValueCore.Tests.Pricing;

public class LifetimeValuationTests
{
    // Sums of a few discounted flows computed in another order than the engine's: equal to a few ulps of the total.
    private const double Relative = 1e-12;

    // The issue's break-even criterion: NPV of EVA at the break-even rate is 0 within 1e-8 of PV(revenue).
    private const double BreakEvenNpv = 1e-8;

    // Amounts of the published amortisation table are rounded to cents.
    private const double Cent = 0.005;

    private static readonly ValuationOptions Settings = ValuationOptions.Default;

    private static Loan Corporate(double termYears, Amortisation amortisation = Amortisation.Bullet, double rate = 0.06) => new()
    {
        LoanId = "L1", Segment = "corp", AssetClass = AssetClass.Corporate, Ead = 1_000_000, Pd = 0.02, Lgd = 0.45, Rate = rate,
        FtpRate = 0.035, MaturityYears = Math.Clamp(termYears, 1.0, 5.0), TermYears = termYears, Amortisation = amortisation,
        Fees = 1_500, Opex = 2_000, Classification = "pass",
    };

    private static LoanBook Book(params Loan[] loans)
    {
        var b = new LoanBookBuilder();
        foreach (var l in loans)
        {
            b.Add(l);
        }

        return b.Build();
    }

    private static TransitionMatrix FiveTier() => TransitionMatrix.Create(StateSpace.FiveTier, new double[,]
    {
        // samples/five-tier-matrix.csv
        { 0.93, 0.05, 0.015, 0.004, 0.001 },
        { 0.2, 0.6, 0.12, 0.05, 0.03 },
        { 0.05, 0.1, 0.55, 0.2, 0.1 },
        { 0.01, 0.02, 0.07, 0.6, 0.3 },
        { 0, 0, 0, 0, 1 },
    });

    [Fact]
    public void Run_OneYearBulletLoan_EqualsRarocFiguresExactly()
    {
        // Closed form: a one-year bullet loan lives one year, performing at its start, so its year equals raroc's figures
        // bit for bit, and its NPV of EVA is raroc's EVA discounted one year at the hurdle.
        var book = Book(Corporate(1.0) with { Drawn = 800_000, Undrawn = 400_000, CommitmentFee = 0.004, UndrawnFtpRate = 0.001 });
        var raroc = PortfolioValuation.Run(book, Settings);
        var life = LifetimeValuation.Run(book, new LifetimeOptions { Valuation = Settings, IncludeSchedule = true });

        var s = life.Schedule!;
        s.Count.Should().Be(1);
        s.El[0].Should().Be(raroc.El[0]);
        s.Ec[0].Should().Be(raroc.Ec[0]);
        s.Revenue[0].Should().Be(raroc.Revenue[0]);
        s.Return[0].Should().Be(raroc.Return[0]);
        s.Eva[0].Should().Be(raroc.Eva[0]);
        life.NpvEva[0].Should().BeApproximately(raroc.Eva[0] / 1.12, Relative * Math.Abs(raroc.Eva[0]));
        life.LifetimeRaroc[0].Should().BeApproximately(raroc.Raroc[0], Relative);
    }

    [Fact]
    public void Run_FlatPdBulletLoan_NpvEqualsHandSummedDiscountedEva()
    {
        // Closed form: flat PD, survival S_(t-1) = (1 - PD)^(t-1), M_t = T - (t - 1); each year's EVA from the raroc formulas
        // (IRB K from the public IrbFormula), discounted at the hurdle from the end of its year.
        var loan = Corporate(3.0);
        var life = LifetimeValuation.Run(Book(loan), new LifetimeOptions { Valuation = Settings });

        double h = 0.12, tax = 0.25, c = 0.03, npv = 0, pvEc = 0, pvRet = 0;
        for (int t = 1; t <= 3; t++)
        {
            double survival = Math.Pow(1 - loan.Pd, t - 1);
            double k = IrbFormula.CapitalRequirement(AssetClass.Corporate, loan.Pd, loan.Lgd, 3 - (t - 1), IrbFormula.NoSales, null);
            double el = survival * loan.Pd * loan.Lgd * loan.Ead;
            double ec = survival * k * loan.Ead;
            double revenue = survival * ((loan.Ead * (loan.Rate - 0.035)) + loan.Fees);
            double ret = (revenue - (survival * loan.Opex) - el + (c * ec)) * (1 - tax);
            double df = Math.Pow(1 + h, -t);
            npv += df * (ret - (h * ec));
            pvEc += df * ec;
            pvRet += df * ret;
        }

        life.NpvEva[0].Should().BeApproximately(npv, Relative * Math.Abs(npv));
        life.PvEc[0].Should().BeApproximately(pvEc, Relative * pvEc);
        life.LifetimeRaroc[0].Should().BeApproximately(pvRet / pvEc, Relative);
    }

    [Fact]
    public void Run_IdentityMatrix_KeepsPdAndCapitalConstant()
    {
        // Limit case: no migration, no default. Every year the loan performs in full; PD is the pass state's 0 floored to
        // the Basel II 0.03% (para 285), so EL = 0.0003 x LGD x EAD and K (retail: no maturity adjustment) the same each year.
        var loan = Corporate(5.0) with { AssetClass = AssetClass.RetailOther, MaturityYears = null };
        var options = new LifetimeOptions { Valuation = Settings, Matrix = TransitionMatrix.Identity(StateSpace.FiveTier), IncludeSchedule = true };
        var s = LifetimeValuation.Run(Book(loan), options).Schedule!;

        double k = IrbFormula.CapitalRequirement(AssetClass.RetailOther, 0.0003, loan.Lgd, 1.0, IrbFormula.NoSales, null);
        s.Count.Should().Be(5);
        for (int t = 0; t < 5; t++)
        {
            s.PerformingShare[t].Should().Be(1.0);
            s.El[t].Should().BeApproximately(0.0003 * loan.Lgd * loan.Ead, Relative * loan.Ead);
            s.Ec[t].Should().BeApproximately(k * loan.Ead, Relative * loan.Ead);
        }
    }

    [Fact]
    public void Run_MatrixSendingEveryLoanToDefault_StopsRevenueAfterYearOne()
    {
        // Limit case: from every performing state the loan defaults within the year; from year 2 nothing performs.
        var states = StateSpace.Create(["a", "b", "d"], ["d"]);
        var matrix = TransitionMatrix.Create(states, new double[,] { { 0, 0, 1 }, { 0, 0, 1 }, { 0, 0, 1 } });
        var loan = Corporate(4.0) with { Classification = "a" };
        var s = LifetimeValuation.Run(Book(loan), new LifetimeOptions { Matrix = matrix, IncludeSchedule = true }).Schedule!;

        s.Revenue[0].Should().BeGreaterThan(0);
        s.El[0].Should().Be(loan.Lgd * loan.Ead); // PD 1 within the year: the whole loss is expected
        for (int t = 1; t < 4; t++)
        {
            s.PerformingShare[t].Should().Be(0);
            s.Revenue[t].Should().Be(0);
            s.El[t].Should().Be(0);
            s.Ec[t].Should().Be(0);
        }
    }

    [Theory]
    [InlineData(Amortisation.Bullet, false)]
    [InlineData(Amortisation.Linear, false)]
    [InlineData(Amortisation.Annuity, false)]
    [InlineData(Amortisation.Annuity, true)]
    [InlineData(Amortisation.Linear, true)]
    public void Run_AtBreakEvenRate_NpvIsZeroAndLifetimeRarocIsHurdle(Amortisation amortisation, bool matrix)
    {
        // Invariant: repricing the loan at its break-even rate gives NPV of EVA 0 and lifetime RAROC = hurdle (the discount
        // rate is the hurdle), and the rate's parts sum to it.
        var loan = Corporate(7.5, amortisation) with { Classification = "special_mention" };
        var options = new LifetimeOptions { Valuation = Settings, Matrix = matrix ? FiveTier() : null };
        var first = LifetimeValuation.Run(Book(loan), options);
        double be = first.BreakEvenRate[0];
        (first.BreakEvenFunding[0] + first.BreakEvenEl[0] + first.BreakEvenCost[0] + first.BreakEvenCapital[0]).Should().Be(be);
        first.BreakEvenFunding[0].Should().Be(0.035);

        var again = LifetimeValuation.Run(Book(loan with { Rate = be }), options);
        Math.Abs(again.NpvEva[0]).Should().BeLessThan(BreakEvenNpv * again.PvRevenue[0]);
        again.LifetimeRaroc[0].Should().BeApproximately(0.12, 1e-9);
        first.NoBreakEvenLoans.Should().Be(0);
    }

    [Fact]
    public void Run_AnnuityLoan_BalancesMatchPublishedAmortisationTable()
    {
        // Ross, Westerfield and Jordan, "Fundamentals of Corporate Finance", ch. 6, "Loan Types and Loan Amortization":
        // the amortisation table of a $5,000 five-year loan at 9% repaid in equal annual payments of $1,285.46; beginning
        // balances 5,000.00, 4,164.54, 3,253.88, 2,261.27, 1,179.32 (to the cent).
        var loan = Corporate(5.0, Amortisation.Annuity, rate: 0.09) with { Ead = 5_000 };
        var s = LifetimeValuation.Run(Book(loan), new LifetimeOptions { IncludeSchedule = true }).Schedule!;

        double[] published = [5_000.00, 4_164.54, 3_253.88, 2_261.27, 1_179.32];
        s.Balance.ToArray().Should().Equal(published, (a, b) => Math.Abs(a - b) <= Cent);
    }

    [Fact]
    public void Run_LinearLoanWithQuarterlyPayments_RepaysEqualPrincipal()
    {
        // Closed form: 8 quarterly payments over two years; after year 1 four of eight are paid: B_1 = B_0 / 2.
        var loan = Corporate(2.0, Amortisation.Linear);
        var s = LifetimeValuation.Run(Book(loan), new LifetimeOptions { IncludeSchedule = true, PaymentsPerYear = 4 }).Schedule!;
        s.Balance.ToArray().Should().Equal(1_000_000, 500_000);
    }

    [Fact]
    public void Run_WorseStartingState_LowersNpvAndRaisesBreakEven()
    {
        // Monotonicity over the five-tier scale's performing states.
        string[] states = ["pass", "special_mention", "substandard", "doubtful"];
        var book = Book([.. states.Select((s, i) => Corporate(5.0, Amortisation.Annuity) with { LoanId = $"L{i}", Classification = s })]);
        var r = LifetimeValuation.Run(book, new LifetimeOptions { Matrix = FiveTier() });

        for (int i = 1; i < states.Length; i++)
        {
            r.NpvEva[i].Should().BeLessThan(r.NpvEva[i - 1], states[i]);
            r.BreakEvenRate[i].Should().BeGreaterThan(r.BreakEvenRate[i - 1], states[i]);
        }
    }

    [Fact]
    public void Run_LoanStartingInDefault_HasEmptyCellsAndIsCounted()
    {
        var book = Book(Corporate(3.0), Corporate(3.0) with { LoanId = "L2", Classification = "loss" });
        var r = LifetimeValuation.Run(book, new LifetimeOptions { Matrix = FiveTier() });

        r.DefaultedLoans.Should().Be(1);
        double.IsNaN(r.NpvEva[1]).Should().BeTrue();
        double.IsNaN(r.BreakEvenRate[1]).Should().BeTrue();
        r.Total.Loans.Should().Be(1);
        r.Total.NpvEva.Should().Be(r.NpvEva[0]);
    }

    [Fact]
    public void Run_ClassificationNotInMatrix_ListsTheLoan()
    {
        var book = Book(Corporate(3.0) with { Classification = "AAA" });
        var act = () => LifetimeValuation.Run(book, new LifetimeOptions { Matrix = FiveTier() });
        act.Should().Throw<DataValidationException>().Which.Issues.Should().ContainSingle()
            .Which.Rule.Should().Contain("is not a state of the migration matrix");
    }

    [Fact]
    public void Run_OneOrManyThreads_SameBits()
    {
        var rng = new Random(21);
        var b = new LoanBookBuilder();
        for (int i = 0; i < 20_000; i++)
        {
            b.Add(Corporate(0.5 + (rng.NextDouble() * 12), (Amortisation)rng.Next(3), 0.03 + (rng.NextDouble() * 0.05)) with
            {
                LoanId = $"L{i}", Classification = rng.Next(4) switch { 0 => "pass", 1 => "special_mention", 2 => "substandard", _ => "doubtful" },
            });
        }

        var book = b.Build();
        var one = LifetimeValuation.Run(book, new LifetimeOptions { Matrix = FiveTier(), MaxDegreeOfParallelism = 1 });
        var many = LifetimeValuation.Run(book, new LifetimeOptions { Matrix = FiveTier(), MaxDegreeOfParallelism = 4 });
        many.NpvEva.ToArray().Should().Equal(one.NpvEva.ToArray());
        many.BreakEvenRate.ToArray().Should().Equal(one.BreakEvenRate.ToArray());
        many.Total.NpvEva.Should().Be(one.Total.NpvEva);
    }

    [Fact]
    public void GroupBy_Segments_SumToTotal()
    {
        var book = Book(Corporate(3.0), Corporate(4.0) with { LoanId = "L2", Segment = "sme" }, Corporate(2.0) with { LoanId = "L3" });
        var r = LifetimeValuation.Run(book);
        var groups = r.GroupBy(["segment"]);

        groups.Select(g => g.Keys[0]).Should().Equal("corp", "sme");
        groups[0].NpvEva.Should().Be(r.NpvEva[0] + r.NpvEva[2]);
        groups.Sum(g => g.PvEc).Should().BeApproximately(r.Total.PvEc, Relative * r.Total.PvEc);
    }
}
