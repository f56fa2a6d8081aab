using ValueCore.Impairment;
using ValueCore.Schedules;

namespace ValueCore.Tests.Impairment;

public class ImpairmentCalculationTests
{
    private const double Tight = 1e-6;
    private static readonly DateOnly s_reporting = new(2017, 12, 31);

    /// <summary>Spiceland, Sepe, Nelson and Thomas, "Intermediate Accounting", 9th edition (McGraw-Hill, 2018), chapter 7,
    /// problem P 7-15 (National Bank / Lyon Company): carrying amount $10.8 million ($10 million principal + $0.8 million
    /// accrued interest), expected $500,000 a year for five years and $8 million at the end, original rate 8%.</summary>
    private static ImpairmentBookBuilder Lyon(ImpairmentBookBuilder b, string scenario = "impaired", double p = 1.0)
    {
        for (int y = 1; y <= 5; y++)
        {
            b.AddCashFlow("LYON", scenario, p, new DateOnly(2017 + y, 12, 31), CashFlowKind.Repayment, y == 5 ? 8_500_000 : 500_000);
        }

        return b;
    }

    private static ImpairmentOptions Thirty360 => new() { DayCount = DayCount.Thirty360 };

    [Fact]
    public void Run_SpicelandLyonNote_MatchesTextbookImpairment()
    {
        var book = Lyon(new ImpairmentBookBuilder(Thirty360).AddLoan("LYON", 10_800_000, s_reporting, 0.08)).Build();
        var r = ImpairmentCalculation.Run(book);

        // Closed form: 500,000 x a(8%, 5) + 8,000,000 x v^5.
        double v5 = Math.Pow(1.08, -5), pv = (500_000 * (1 - v5) / 0.08) + (8_000_000 * v5);
        r.PresentValue[0].Should().BeApproximately(pv, Tight);
        r.Allowance[0].Should().BeApproximately(10_800_000 - pv, Tight);

        // With the book's 5-decimal table factors (PVA(8%, 5) = 3.99271, PV(8%, 5) = 0.68058):
        // 10,800,000 - (1,996,355 + 5,444,640) = 3,359,005.
        double textbook = 10_800_000 - ((500_000 * 3.99271) + (8_000_000 * 0.68058));
        textbook.Should().BeApproximately(3_359_005, 1e-6);
        r.Allowance[0].Should().BeApproximately(textbook, 8_000_000 * 0.5e-5 + 500_000 * 0.5e-5); // table-factor rounding
        r.Coverage[0].Should().BeApproximately(r.Allowance[0] / 10_800_000, 1e-15);
        r.Notes[0].Should().Be(ImpairmentNote.None);
    }

    [Fact]
    public void Run_ProbabilityWeightedScenarios_IsWeightedSumOfScenarioPvs()
    {
        // 40% the Lyon impairment, 60% full recovery of the $10.8 million today (PV = carrying): allowance = 0.4 x impairment.
        var b = Lyon(new ImpairmentBookBuilder(Thirty360).AddLoan("LYON", 10_800_000, s_reporting, 0.08), "impaired", 0.4);
        b.AddCashFlow("LYON", "cure", 0.6, s_reporting, CashFlowKind.Repayment, 10_800_000);
        var r = ImpairmentCalculation.Run(b.Build());
        double v5 = Math.Pow(1.08, -5), impaired = (500_000 * (1 - v5) / 0.08) + (8_000_000 * v5);
        r.Allowance[0].Should().BeApproximately(0.4 * (10_800_000 - impaired), Tight);
        r.ScenarioPresentValues(0).ToArray().Should().HaveCount(2);
        r.ScenarioName(0, 0).Should().Be("impaired");
        r.ScenarioProbability(0, 1).Should().Be(0.6);
    }

    [Fact]
    public void Run_CollateralAndCosts_AreNettedAndDiscounted()
    {
        // Collateral 1,000 x (1 - 0.3) - 50 = 650 in exactly 2 years, cost -20 in 1 year, at 10%: 650 / 1.21 - 20 / 1.1.
        var b = new ImpairmentBookBuilder(Thirty360).AddLoan("C", 900, s_reporting, 0.10);
        b.AddCashFlow("C", "liquidation", 1, new DateOnly(2019, 12, 31), CashFlowKind.Collateral, 1000, haircut: 0.3, costToSell: 50);
        b.AddCashFlow("C", "liquidation", 1, new DateOnly(2018, 12, 31), CashFlowKind.Cost, -20);
        var r = ImpairmentCalculation.Run(b.Build());
        r.PresentValue[0].Should().BeApproximately((650 / 1.21) - (20 / 1.1), 1e-9);
    }

    [Fact]
    public void Run_PvAboveCarrying_ZeroAllowanceAndFlagged()
    {
        var b = new ImpairmentBookBuilder().AddLoan("UP", 100, s_reporting, 0.05);
        b.AddCashFlow("UP", "cure", 1, s_reporting.AddDays(10), CashFlowKind.Repayment, 150);
        var r = ImpairmentCalculation.Run(b.Build());
        r.Allowance[0].Should().Be(0.0);
        r.Notes[0].Should().Be(ImpairmentNote.PvAboveCarrying);
    }

    [Fact]
    public void Run_CostsExceedRecoveries_AllowanceCappedAtCarryingAndFlagged()
    {
        var b = new ImpairmentBookBuilder().AddLoan("NEG", 100, s_reporting, 0.05);
        b.AddCashFlow("NEG", "liquidation", 1, s_reporting.AddDays(100), CashFlowKind.Cost, -30);
        var r = ImpairmentCalculation.Run(b.Build());
        r.PresentValue[0].Should().BeLessThan(0.0);
        r.Allowance[0].Should().Be(100.0);
        r.Notes[0].Should().Be(ImpairmentNote.NegativePvCapped);
    }

    [Fact]
    public void Run_RandomBook_AllowanceWithinZeroAndCarrying_AndThreadCountDoesNotMatter()
    {
        var book = RandomBook(3000, seed: 20261128);
        var one = ImpairmentCalculation.Run(book, 1);
        var many = ImpairmentCalculation.Run(book, 4);
        for (int i = 0; i < book.Count; i++)
        {
            one.Allowance[i].Should().BeInRange(0.0, book.CarryingAmount[i]);
            if (one.PresentValue[i] < 0.0)
            {
                one.Notes[i].Should().HaveFlag(ImpairmentNote.NegativePvCapped);
            }
            double.IsNaN(one.PresentValue[i]).Should().BeFalse();
        }

        many.PresentValue.ToArray().Should().Equal(one.PresentValue.ToArray());
        BitConverter.DoubleToInt64Bits(many.TotalAllowance).Should().Be(BitConverter.DoubleToInt64Bits(one.TotalAllowance));
    }

    [Fact]
    public void Run_UnimpairedLoanExpectedAsContracted_HasNoAllowance()
    {
        // Invariant: expected flows = remaining contractual flows and carrying = amortised cost at the EIR => PV = carrying.
        var terms = new LoanTerms
        {
            StartDate = new(2020, 6, 30), MaturityDate = new(2027, 6, 30), Principal = 500_000, AnnualRate = 0.048,
            Amortisation = Amortisation.Linear, Frequency = PaymentFrequency.Monthly,
        };
        var s = ContractualSchedule.Build(terms);
        var dates = new[] { terms.StartDate }.Concat(s.Dates.ToArray()).ToArray();
        var amounts = new[] { -(500_000 - 4_000.0) }.Concat(Enumerable.Range(0, s.Count).Select(s.Payment)).ToArray();
        double eir = EffectiveInterestRate.Solve("U", dates, amounts, DayCount.Act365Fixed);
        var ac = AmortisedCostSchedule.Build(dates, amounts, eir, DayCount.Act365Fixed);
        int k = 30; // reporting at the 31st payment date, after the payment
        var b = new ImpairmentBookBuilder().AddLoanFromTerms("U", ac.Closing[k], ac.Dates[k], terms, 4_000, line: 0);
        for (int j = k + 2; j < dates.Length; j++)
        {
            b.AddCashFlow("U", "contractual", 1, dates[j], CashFlowKind.Repayment, amounts[j]);
        }

        var book = b.Build();
        book.Rejections.Should().BeEmpty();
        book.Eir[0].Should().BeApproximately(eir, 1e-12);
        var r = ImpairmentCalculation.Run(book);
        r.PresentValue[0].Should().BeApproximately(ac.Closing[k], 1e-6);
    }

    internal static ImpairmentBook RandomBook(int loans, int seed, ImpairmentOptions? options = null)
    {
        var rng = new Random(seed);
        var b = new ImpairmentBookBuilder(options);
        var start = new DateOnly(2024, 12, 31);
        for (int i = 0; i < loans; i++)
        {
            string id = "L" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            double carrying = 1000 + (rng.NextDouble() * 1e6);
            b.AddLoan(id, carrying, start, 0.01 + (rng.NextDouble() * 0.15));
            int scenarios = 1 + rng.Next(4);
            double left = 1.0;
            for (int s = 0; s < scenarios; s++)
            {
                double p = s == scenarios - 1 ? left : Math.Round(left * rng.NextDouble(), 6);
                left -= p;
                string name = "s" + s.ToString(System.Globalization.CultureInfo.InvariantCulture);
                for (int c = 0; c < 1 + rng.Next(8); c++)
                {
                    var date = start.AddDays(rng.Next(1, 3000));
                    switch (rng.Next(3))
                    {
                        case 0: b.AddCashFlow(id, name, p, date, CashFlowKind.Repayment, carrying * rng.NextDouble() * 0.4); break;
                        case 1: b.AddCashFlow(id, name, p, date, CashFlowKind.Collateral, carrying * rng.NextDouble(), rng.NextDouble() * 0.5, 1000); break;
                        default: b.AddCashFlow(id, name, p, date, CashFlowKind.Cost, -rng.NextDouble() * 5000); break;
                    }
                }
            }
        }

        return b.Build();
    }
}
