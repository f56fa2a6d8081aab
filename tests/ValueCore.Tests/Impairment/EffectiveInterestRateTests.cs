using ValueCore.Impairment;
using ValueCore.Schedules;

namespace ValueCore.Tests.Impairment;

public class EffectiveInterestRateTests
{
    private const double RateTolerance = 1e-12;
    private const double PublishedRounding = 0.005; // tables printed to the cent
    private const double UnitRounding = 0.5;       // tables printed to the currency unit

    private static readonly DateOnly[] s_smeDates =
        [new(2019, 12, 31), new(2020, 12, 31), new(2021, 12, 31), new(2022, 12, 31), new(2023, 12, 31), new(2024, 12, 31)];

    [Fact]
    public void Solve_IfrsForSmesSection11Example_MatchesPublishedRateAndTable()
    {
        // IASB, "IFRS for SMEs" (July 2009), Section 11, example after para 11.20 ("determining amortised cost for a
        // five-year loan using the effective interest method"), p. 61: bond bought for CU900 + CU50 costs, CU40 a year,
        // CU1,100 redemption; EIR 6.9583 per cent (printed truncated); carrying amounts 976.11, 1,004.03, 1,033.89, 1,065.83.
        double[] amounts = [-950, 40, 40, 40, 40, 1140];
        double eir = EffectiveInterestRate.Solve("SME-BOND", s_smeDates, amounts, DayCount.Thirty360);
        eir.Should().BeApproximately(0.069583, 2e-6); // exact root 6.958446%: the booklet prints 6.9583% (last digit truncated)
        var schedule = AmortisedCostSchedule.Build(s_smeDates, amounts, eir, DayCount.Thirty360);
        double[] closing = [976.11, 1004.03, 1033.89, 1065.83];
        for (int k = 0; k < 4; k++)
        {
            schedule.Closing[k].Should().BeApproximately(closing[k], PublishedRounding);
        }

        // The published interest column was computed at the printed rate 6.9583%: 66.10, 67.92, 69.86, 71.94, 74.16.
        var printed = AmortisedCostSchedule.Build(s_smeDates, amounts, 0.069583, DayCount.Thirty360);
        double[] interest = [66.10, 67.92, 69.86, 71.94, 74.16];
        for (int k = 0; k < 5; k++)
        {
            printed.Interest[k].Should().BeApproximately(interest[k], PublishedRounding);
        }

        schedule.Closing[^1].Should().BeApproximately(0.0, 1e-9);
    }

    [Fact]
    public void Solve_IfrsForSmesSection22BondExample_GivesSixPercent()
    {
        // IASB, "IFRS for SMEs" (July 2009), Section 22 example (p. 133): CU50,000 bond, 4% coupon, issued to yield 6%,
        // proceeds CU45,788 (= 37,363 + 8,425); net liability 46,535, 47,327, 48,167, 49,057, 50,000.
        double[] amounts = [-45_788, 2000, 2000, 2000, 2000, 52_000];
        double eir = EffectiveInterestRate.Solve("BOND", s_smeDates, amounts, DayCount.Thirty360);
        eir.Should().BeApproximately(0.06, 2e-5); // proceeds printed to the unit
        var schedule = AmortisedCostSchedule.Build(s_smeDates, amounts, 0.06, DayCount.Thirty360);
        double[] closing = [46_535, 47_327, 48_167, 49_057];
        for (int k = 0; k < 4; k++)
        {
            schedule.Closing[k].Should().BeApproximately(closing[k], UnitRounding + 0.5);
        }
    }

    [Theory]
    [InlineData(0.07, 3.25)]
    [InlineData(-0.02, 0.5)]
    [InlineData(1.5, 10.0)]
    public void Solve_SingleCashFlow_MatchesClosedForm(double rate, double years)
    {
        // B = A (1 + r)^-t  =>  r = (A / B)^(1/t) - 1.
        double a = 1_000_000, b = a * Math.Pow(1 + rate, -years);
        double eir = EffectiveInterestRate.Solve("X", [0.0, years], [-b, a]);
        eir.Should().BeApproximately(Math.Pow(a / b, 1 / years) - 1, RateTolerance * 10);
    }

    [Theory]
    [InlineData(0.05, 10)]
    [InlineData(0.005, 360)]
    [InlineData(0.25, 4)]
    public void Solve_LevelAnnuity_RecoversRate(double rate, int n)
    {
        // PV of a level annuity: P = A (1 - (1 + r)^-n) / r.
        double payment = 1000, pv = payment * (1 - Math.Pow(1 + rate, -n)) / rate;
        var times = Enumerable.Range(0, n + 1).Select(k => (double)k).ToArray();
        var amounts = Enumerable.Range(0, n + 1).Select(k => k == 0 ? -pv : payment).ToArray();
        EffectiveInterestRate.Solve("ANN", times, amounts).Should().BeApproximately(rate, RateTolerance);
    }

    [Fact]
    public void Solve_NoSignChange_ThrowsNamingTheLoan()
    {
        var act = () => EffectiveInterestRate.Solve("L-42", [0.0, 1.0], [100.0, 50.0]);
        act.Should().Throw<EffectiveInterestRateException>().Where(e => e.LoanId == "L-42" && e.Failure == EirFailure.InvalidCashFlows && e.Message.Contains("L-42"));
    }

    [Fact]
    public void TrySolve_NpvNeverCrossesZero_ReportsNoSignChangeNotNaN()
    {
        // -100 now, +100 at t = 1, -100 at t = 2: NPV = -100 + 100 v - 100 v^2 < 0 for every v > 0.
        var failure = EffectiveInterestRate.TrySolve([0.0, 1.0, 2.0], [-100.0, 100.0, -100.0], out double eir, out _);
        failure.Should().Be(EirFailure.NoSignChange);
        double.IsNaN(eir).Should().BeFalse();
        FluentActions.Invoking(() => EffectiveInterestRate.Solve("L-7", [0.0, 1.0, 2.0], [-100.0, 100.0, -100.0]))
            .Should().Throw<EffectiveInterestRateException>().WithMessage("*L-7*NoSignChange*");
    }

    [Fact]
    public void TrySolve_NonFiniteOrUnsortedFlows_IsInvalid()
    {
        EffectiveInterestRate.TrySolve([0.0, 1.0], [-1.0, double.NaN], out _, out _).Should().Be(EirFailure.InvalidCashFlows);
        EffectiveInterestRate.TrySolve([1.0, 0.0], [-1.0, 2.0], out _, out _).Should().Be(EirFailure.InvalidCashFlows);
    }

    [Fact]
    public void Solve_IrregularDates_DiscountsToZero()
    {
        DateOnly[] dates = [new(2024, 3, 15), new(2024, 7, 1), new(2025, 1, 20), new(2025, 11, 30)];
        double[] amounts = [-98_500, 2500, 3000, 101_000];
        foreach (var dc in new[] { DayCount.Act365Fixed, DayCount.Thirty360, DayCount.Act360 })
        {
            double eir = EffectiveInterestRate.Solve("IRR", dates, amounts, dc);
            var times = dates.Select(d => DayCounts.YearFraction(dc, dates[0], d)).ToArray();
            EffectiveInterestRate.NetPresentValue(times, amounts, eir).Should().BeApproximately(0.0, 1e-6);
            EffectiveInterestRate.NetPresentValue(times, amounts, eir + 1e-9).Should().BeLessThan(0.0);
        }
    }

    [Fact]
    public void Solve_UnimpairedLoanWithFees_PvOfRemainingFlowsEqualsAmortisedCost()
    {
        // Invariant: discounting the remaining contractual flows at the EIR gives back the amortised cost at any date.
        var terms = new LoanTerms
        {
            StartDate = new(2022, 3, 15), MaturityDate = new(2029, 3, 15), Principal = 250_000, AnnualRate = 0.055,
            Amortisation = Amortisation.Annuity, Frequency = PaymentFrequency.Quarterly,
        };
        var s = ContractualSchedule.Build(terms);
        var dates = new[] { terms.StartDate }.Concat(s.Dates.ToArray()).ToArray();
        var amounts = new[] { -(250_000 - 3_000.0) }.Concat(Enumerable.Range(0, s.Count).Select(s.Payment)).ToArray();
        double eir = EffectiveInterestRate.Solve("FEE", dates, amounts, DayCount.Act365Fixed);
        eir.Should().BeGreaterThan(Math.Pow(1 + 0.055 / 4, 4) - 1); // fees raise the EIR above the contractual yield
        var ac = AmortisedCostSchedule.Build(dates, amounts, eir, DayCount.Act365Fixed);
        for (int k = 0; k < ac.Count - 1; k += 5)
        {
            var rest = Enumerable.Range(k + 2, dates.Length - k - 2).ToArray();
            double pv = PresentValue.Of(eir, rest.Select(j => DayCounts.YearFraction(DayCount.Act365Fixed, ac.Dates[k], dates[j])).ToArray(),
                rest.Select(j => amounts[j]).ToArray());
            pv.Should().BeApproximately(ac.Closing[k], 1e-6);
        }
    }
}
