using System.Globalization;
using ValueCore.Capital;
using ValueCore.Portfolio;

namespace ValueCore.Tests.Portfolio;

public class PortfolioValuationTests
{
    // Per-loan reference figures below were computed independently with python3 + mpmath at 50 significant digits
    // from the formulas of issue 2 (Basel II paras 272-273, 328-330 with the Basel II floors, q = 0.999, no 1.06;
    // revenue = EAD (rate - FTP) + fees; pre-tax = revenue - opex - EL + 0.03 EC; return = 0.75 pre-tax;
    // RAROC = return / EC; EVA = return - 0.12 EC), printed to 20 significant digits and pasted here.
    private const double RelativeTolerance = 1e-10;

    private const double DefaultHurdle = 0.12;

    // C1 corporate, PD 1%, LGD 45%, M 2.5, no sales, EAD 1,000,000, rate 6%, FTP 3.5%, fees 2,000, opex 3,000.
    // S1 SME, PD 2%, LGD 40%, M 4, sales EUR 20m, EAD 250,000, rate 7%, FTP 4%, fees 500, opex 1,500.
    // G1 sovereign, PD 0.01% (no floor), LGD 45%, M 1, EAD 2,000,000, rate 3.1%, FTP 3%.
    // M1 mortgage, PD 0.01% floored to 0.03%, LGD 20%, EAD 300,000, rate 3%, FTP 2.2%, opex 400.
    // Q1 QRR, PD 3%, LGD 85%, EAD 5,000, rate 18%, FTP 2.5%, fees 50, opex 120.
    // D1 other retail, defaulted, LGD 60%, BEEL 45%, EAD 20,000, rate 5%, FTP 3%, opex 100: K = 0.15, EL = 9,000.
    // D2 other retail, defaulted, LGD 50%, no BEEL (= LGD), EAD 1,000, rate 5%, FTP 3%, opex 10: K = 0, RAROC undefined.
    private static readonly string[] s_ids = ["C1", "S1", "G1", "M1", "Q1", "D1", "D2"];
    private static readonly double[] s_k = [0.073853441113641111099, 0.08062652958386869223, 0.0025169174847065341555, 0.0014752668712046336113, 0.058425823447295671975, 0.15, 0.0];
    // RWA = 12.5 K EAD at q = 0.999 (mpmath, unscaled) times the Basel II scaling factor 1.06 of para 44 (issue 15
    // item 5: RWA is on the regulatory basis of the default regime basel2, defaulted loans included).
    private const double Basel2Scaling = 1.06;
    private static readonly double[] s_rwaUnscaled = [923168.01392051388874, 251957.90494958966322, 62922.937117663353887, 5532.2507670173760425, 3651.6139654559794984, 37500.0, 0.0];
    private static readonly double[] s_el = [4500.0, 2000.0, 90.0, 18.0, 127.5, 9000.0, 500.0];
    private static readonly double[] s_ec = [73853.441113641111099, 20156.632395967173058, 5033.834969413068311, 442.5800613613900834, 292.12911723647835988, 3000.0, 0.0];
    private static readonly double[] s_revenue = [27000.0, 8000.0, 2000.0, 2400.0, 825.0, 400.0, 20.0];
    private static readonly double[] s_return = [16286.702425056925, 3828.5242289092613938, 1545.761286811794037, 1496.4580513806312769, 439.6979051378207631, -6457.5, -367.5];
    private static readonly double[] s_raroc = [0.22052733331675031653, 0.18993868388824966792, 0.30707428753708738831, 3.3812143429540851898, 1.5051491932654065103, -2.1525, double.NaN];
    private static readonly double[] s_eva = [7424.2894914199916678, 1409.7283413932006269, 941.70109048222583968, 1443.3484440172644669, 404.64241106944335991, -6817.5, -367.5];

    private static LoanBook HandBook()
    {
        var b = new LoanBookBuilder("region");
        b.Add(new Loan { LoanId = "C1", Segment = "corp", Product = "term", AssetClass = AssetClass.Corporate, Ead = 1_000_000, Pd = 0.01, Lgd = 0.45, MaturityYears = 2.5, Rate = 0.06, FtpRate = 0.035, Fees = 2_000, Opex = 3_000 }, "north");
        b.Add(new Loan { LoanId = "S1", Segment = "corp", Product = "revolver", AssetClass = AssetClass.Sme, Ead = 250_000, Pd = 0.02, Lgd = 0.40, MaturityYears = 4.0, SalesEurMillions = 20, Rate = 0.07, FtpRate = 0.04, Fees = 500, Opex = 1_500 }, "south");
        b.Add(new Loan { LoanId = "G1", Segment = "treasury", Product = "bond", AssetClass = AssetClass.Sovereign, Ead = 2_000_000, Pd = 0.0001, Lgd = 0.45, MaturityYears = 1.0, Rate = 0.031, FtpRate = 0.03 }, "north");
        b.Add(new Loan { LoanId = "M1", Segment = "retail", Product = "mortgage", AssetClass = AssetClass.RetailMortgage, Ead = 300_000, Pd = 0.0001, Lgd = 0.20, Rate = 0.03, FtpRate = 0.022, Opex = 400 }, "south");
        b.Add(new Loan { LoanId = "Q1", Segment = "retail", Product = "card", AssetClass = AssetClass.RetailRevolving, Ead = 5_000, Pd = 0.03, Lgd = 0.85, Rate = 0.18, FtpRate = 0.025, Fees = 50, Opex = 120 }, "north");
        b.Add(new Loan { LoanId = "D1", Segment = "retail", Product = "term", AssetClass = AssetClass.RetailOther, Ead = 20_000, Pd = 1.0, Lgd = 0.60, Beel = 0.45, Rate = 0.05, FtpRate = 0.03, Opex = 100 }, "south");
        b.Add(new Loan { LoanId = "D2", Segment = "retail", Product = "term", AssetClass = AssetClass.RetailOther, Ead = 1_000, Pd = 1.0, Lgd = 0.50, Rate = 0.05, FtpRate = 0.03, Opex = 10 }, "north");
        return b.Build();
    }

    [Fact]
    public void Run_HandBook_MatchesIndependentPerLoanFigures()
    {
        var book = HandBook();
        var result = PortfolioValuation.Run(book);
        result.Count.Should().Be(s_ids.Length);
        for (int i = 0; i < s_ids.Length; i++)
        {
            book.LoanId[i].Should().Be(s_ids[i]);
            Close(result.K[i], s_k[i], $"K {s_ids[i]}");
            Close(result.Rwa[i], Basel2Scaling * s_rwaUnscaled[i], $"RWA {s_ids[i]}");
            Close(result.El[i], s_el[i], $"EL {s_ids[i]}");
            Close(result.Ec[i], s_ec[i], $"EC {s_ids[i]}");
            Close(result.Revenue[i], s_revenue[i], $"revenue {s_ids[i]}");
            Close(result.Return[i], s_return[i], $"return {s_ids[i]}");
            Close(result.Eva[i], s_eva[i], $"EVA {s_ids[i]}");
            if (double.IsNaN(s_raroc[i]))
            {
                double.IsNaN(result.Raroc[i]).Should().BeTrue($"RAROC of {s_ids[i]} is not defined (EC = 0)");
            }
            else
            {
                Close(result.Raroc[i], s_raroc[i], $"RAROC {s_ids[i]}");
            }
        }
    }

    [Fact]
    public void Run_HandBook_ReportsFlooredPdMaturityAdjustmentAndZeroCapital()
    {
        var result = PortfolioValuation.Run(HandBook());
        result.Pd[0].Should().Be(0.01);
        result.Pd[2].Should().Be(0.0001, "sovereigns are not floored");
        result.Pd[3].Should().Be(0.0003, "the Basel II floor lifts the mortgage PD of 0.01%");
        result.Pd[5].Should().Be(1.0);
        result.MaturityAdjustment[2].Should().BeApproximately(1.0, 1e-15, "M = 1 gives MA = 1");
        result.MaturityAdjustment[3].Should().Be(1.0, "retail has no maturity adjustment");
        result.Correlation[3].Should().Be(0.15);
        result.Correlation[4].Should().Be(0.04);
        result.ZeroCapitalCount.Should().Be(1);
        // Defaulted loan with a BEEL: EL + EC = LGD x EAD (20,000 x 0.6).
        (result.El[5] + result.Ec[5]).Should().BeApproximately(12_000.0, 1e-9);
        // Pre-tax return identity.
        for (int i = 0; i < result.Count; i++)
        {
            result.PreTaxReturn[i].Should().BeApproximately(result.Return[i] / 0.75, 1e-9 * (1.0 + Math.Abs(result.Return[i])));
        }
    }

    [Fact]
    public void Run_MatchesIrbFormulaLoanByLoan()
    {
        // The batch path must give the same K as the public scalar function with the same options.
        var book = HandBook();
        foreach (var irb in new[] { IrbOptions.Default, new IrbOptions { Confidence = 0.9995 }, new IrbOptions { Regime = CapitalRegime.Basel3 } })
        {
            var result = PortfolioValuation.Run(book, new ValuationOptions { Irb = irb });
            for (int i = 0; i < book.Count; i++)
            {
                double expected = book.Pd[i] >= 1.0
                    ? IrbFormula.DefaultedCapitalRequirement(book.Lgd[i], book.Beel[i])
                    : IrbFormula.CapitalRequirement(book.AssetClass[i], book.Pd[i], book.Lgd[i], book.MaturityYears[i], book.SalesEurMillions[i], irb);
                result.K[i].Should().BeApproximately(expected, 1e-16, $"{book.LoanId[i]} with {irb}");
                double regulatory = book.Pd[i] >= 1.0
                    ? IrbFormula.RegulatoryScalingFactor(irb.Regime) * IrbFormula.DefaultedCapitalRequirement(book.Lgd[i], book.Beel[i])
                    : IrbFormula.RegulatoryCapitalRequirement(book.AssetClass[i], book.Pd[i], book.Lgd[i], book.MaturityYears[i], book.SalesEurMillions[i], irb);
                result.Rwa[i].Should().Be(12.5 * (regulatory * book.Ead[i]), $"RWA of {book.LoanId[i]} with {irb}: the same bits as the scalar path");
            }
        }
    }

    [Fact]
    public void GroupBy_Segment_SumsEqualTheLoanFigures()
    {
        var result = PortfolioValuation.Run(HandBook());
        var table = result.GroupBy(LoanColumns.Segment);
        table.KeyColumns.Should().Equal(LoanColumns.Segment);
        table.Rows.Select(r => r.Keys[0]).Should().Equal("corp", "retail", "treasury");
        CheckGroup(table.Rows[0], [0, 1]);
        CheckGroup(table.Rows[1], [3, 4, 5, 6]);
        CheckGroup(table.Rows[2], [2]);
        CheckGroup(table.Total, [0, 1, 2, 3, 4, 5, 6]);
        table.Total.Keys.Should().BeEmpty();

        // Group sums also equal sums of the per-loan result columns.
        var retail = table.Rows[1];
        retail.Ec.Should().BeApproximately(result.Ec[3] + result.Ec[4] + result.Ec[5] + result.Ec[6], 1e-9);
        retail.Return.Should().BeApproximately(result.Return[3] + result.Return[4] + result.Return[5] + result.Return[6], 1e-9);
    }

    [Fact]
    public void GroupBy_TwoColumns_GroupsByTheKeyTuple()
    {
        var table = PortfolioValuation.Run(HandBook()).GroupBy(LoanColumns.Segment, LoanColumns.Product);
        table.KeyColumns.Should().Equal(LoanColumns.Segment, LoanColumns.Product);
        table.Rows.Select(r => string.Join('/', r.Keys)).Should().Equal(
            "corp/revolver", "corp/term", "retail/card", "retail/mortgage", "retail/term", "treasury/bond");
        CheckGroup(table.Rows[0], [1]);
        CheckGroup(table.Rows[1], [0]);
        CheckGroup(table.Rows[2], [4]);
        CheckGroup(table.Rows[3], [3]);
        CheckGroup(table.Rows[4], [5, 6]);
        CheckGroup(table.Rows[5], [2]);
        table.Rows.Should().OnlyContain(r => r.Keys.Count == 2);
    }

    [Fact]
    public void GroupBy_ExtraAttributeAndAssetClass_Groups()
    {
        var result = PortfolioValuation.Run(HandBook());
        var byRegion = result.GroupBy("region");
        byRegion.Rows.Select(r => r.Keys[0]).Should().Equal("north", "south");
        CheckGroup(byRegion.Rows[0], [0, 2, 4, 6]);
        CheckGroup(byRegion.Rows[1], [1, 3, 5]);

        var byClass = result.GroupBy(LoanColumns.AssetClass, "region");
        byClass.Rows.Select(r => string.Join('/', r.Keys)).Should().Equal(
            "corporate/north", "retail_mortgage/south", "retail_other/north", "retail_other/south", "retail_revolving/north", "sme/south", "sovereign/north");
    }

    [Fact]
    public void GroupBy_NoColumns_GivesOneGroupWithNoKeys()
    {
        var table = PortfolioValuation.Run(HandBook()).GroupBy();
        table.KeyColumns.Should().BeEmpty();
        table.Rows.Should().ContainSingle();
        table.Rows[0].Keys.Should().BeEmpty("a group's keys follow KeyColumns, which is empty");
        CheckGroup(table.Rows[0], [0, 1, 2, 3, 4, 5, 6]);
    }

    [Fact]
    public void GroupBy_UnknownColumn_Throws()
    {
        var result = PortfolioValuation.Run(HandBook());
        ((Action)(() => result.GroupBy("nope"))).Should().Throw<ArgumentException>().WithMessage("*nope*");
    }

    [Fact]
    public void GroupRow_ZeroCapital_HasNoRaroc()
    {
        var table = PortfolioValuation.Run(HandBook()).GroupBy(LoanColumns.LoanId);
        var d2 = table.Rows.Single(r => r.Keys[0] == "D2");
        d2.Ec.Should().Be(0.0);
        d2.Raroc.Should().BeNull();
    }

    [Fact]
    public void Run_HurdleBySegment_AppliesPerSegment()
    {
        var options = new ValuationOptions { HurdleBySegment = new Dictionary<string, double> { ["corp"] = 0.15, ["retail"] = 0.08 } };
        options.HurdleFor("corp").Should().Be(0.15);
        options.HurdleFor("treasury").Should().Be(DefaultHurdle);
        var result = PortfolioValuation.Run(HandBook(), options);
        double[] hurdle = [0.15, 0.15, DefaultHurdle, 0.08, 0.08, 0.08, 0.08];
        for (int i = 0; i < s_ids.Length; i++)
        {
            Close(result.Eva[i], s_return[i] - (hurdle[i] * s_ec[i]), $"EVA {s_ids[i]}");
            if (!double.IsNaN(s_raroc[i]))
            {
                Close(result.Raroc[i], s_raroc[i], $"RAROC {s_ids[i]} does not depend on the hurdle");
            }
        }

        var bySegment = result.GroupBy(LoanColumns.Segment);
        bySegment.Rows[0].Eva.Should().BeApproximately(result.Eva[0] + result.Eva[1], 1e-9);
    }

    [Fact]
    public void ValuationOptions_HurdleOutOfRange_Throws()
    {
        var act = () => new ValuationOptions { HurdleBySegment = new Dictionary<string, double> { ["corp"] = double.NaN } };
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*corp*");
    }

    [Fact]
    public void Run_Basel2_ScalesRwaOfEveryLoanBy106AndEcOfNone()
    {
        // Basel II para 44 (1.06 on IRB risk-weighted assets) and para 272 (defaulted: RWA = 12.5 x K x EAD): under
        // basel2 RWA is exactly 1.06 times basel3's for performing and defaulted loans alike; K and EC do not move.
        var book = HandBook();
        var basel2 = PortfolioValuation.Run(book, new ValuationOptions { Irb = new IrbOptions { Regime = CapitalRegime.Basel2, PdFloor = 0.0003 } });
        var basel3 = PortfolioValuation.Run(book, new ValuationOptions { Irb = new IrbOptions { Regime = CapitalRegime.Basel3, PdFloor = 0.0003 } });
        for (int i = 0; i < book.Count; i++)
        {
            basel2.Rwa[i].Should().BeApproximately(1.06 * basel3.Rwa[i], 1e-12 * basel2.Rwa[i], s_ids[i]);
            basel2.K[i].Should().Be(basel3.K[i]);
            basel2.Ec[i].Should().Be(basel3.Ec[i]);
        }

        basel2.Rwa[5].Should().BeApproximately(12.5 * 1.06 * 0.15 * 20_000, 1e-9, "D1: LGD 60%, BEEL 45%, EAD 20,000");
    }

    [Fact]
    public void Run_InvalidDegreeOfParallelism_Throws()
    {
        var book = HandBook();
        ((Action)(() => PortfolioValuation.Run(book, null, 0))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => PortfolioValuation.Run(book, null, -2))).Should().Throw<ArgumentOutOfRangeException>();
        PortfolioValuation.Run(book, null, -1).Count.Should().Be(book.Count);
    }

    [Fact]
    public void Run_EmptyBook_GivesEmptyResultAndZeroTotals()
    {
        var result = PortfolioValuation.Run(LoanBook.Empty);
        result.Count.Should().Be(0);
        result.ZeroCapitalCount.Should().Be(0);
        var table = result.GroupBy(LoanColumns.Segment);
        table.Rows.Should().BeEmpty();
        table.Total.Loans.Should().Be(0);
        table.Total.Ec.Should().Be(0.0);
        table.Total.Raroc.Should().BeNull();
    }

    [Fact]
    public void Run_OneVersusManyThreads_GivesBitIdenticalResults()
    {
        var book = RandomBook(50_000, seed: 20261128);
        var one = PortfolioValuation.Run(book, null, maxDegreeOfParallelism: 1);
        var all = PortfolioValuation.Run(book);
        var three = PortfolioValuation.Run(book, null, maxDegreeOfParallelism: 3);
        foreach (var other in new[] { all, three })
        {
            // SequenceEqual on double compares with double.Equals: bit-for-bit equal values, NaN equal to NaN.
            other.Pd.SequenceEqual(one.Pd).Should().BeTrue();
            other.Correlation.SequenceEqual(one.Correlation).Should().BeTrue();
            other.MaturityAdjustment.SequenceEqual(one.MaturityAdjustment).Should().BeTrue();
            other.K.SequenceEqual(one.K).Should().BeTrue();
            other.Rwa.SequenceEqual(one.Rwa).Should().BeTrue();
            other.El.SequenceEqual(one.El).Should().BeTrue();
            other.Ec.SequenceEqual(one.Ec).Should().BeTrue();
            other.Revenue.SequenceEqual(one.Revenue).Should().BeTrue();
            other.PreTaxReturn.SequenceEqual(one.PreTaxReturn).Should().BeTrue();
            other.Return.SequenceEqual(one.Return).Should().BeTrue();
            other.Raroc.SequenceEqual(one.Raroc).Should().BeTrue();
            other.Eva.SequenceEqual(one.Eva).Should().BeTrue();
            other.ZeroCapitalCount.Should().Be(one.ZeroCapitalCount);
            other.GroupBy(LoanColumns.Segment, LoanColumns.Product).Rows.Should().Equal(one.GroupBy(LoanColumns.Segment, LoanColumns.Product).Rows, SameRow);
        }

        one.ZeroCapitalCount.Should().BeGreaterThan(0, "the random book holds defaulted loans without BEEL");
    }

    [Fact]
    public void Run_RandomBook_GroupTotalsEqualColumnSums()
    {
        var book = RandomBook(20_000, seed: 7);
        var result = PortfolioValuation.Run(book);
        var table = result.GroupBy(LoanColumns.Segment);
        table.Total.Loans.Should().Be(book.Count);
        table.Rows.Sum(r => r.Loans).Should().Be(book.Count);
        Sum(result.Ec).Should().BeApproximately(table.Total.Ec, 1e-9 * table.Total.Ec);
        Sum(result.El).Should().BeApproximately(table.Total.El, 1e-9 * table.Total.El);
        Sum(result.Rwa).Should().BeApproximately(table.Total.Rwa, 1e-9 * table.Total.Rwa);
        Sum(book.Ead).Should().BeApproximately(table.Total.Ead, 1e-9 * table.Total.Ead);
        Sum(result.Return).Should().BeApproximately(table.Total.Return, 1e-12 * SumAbs(result.Return));
        Sum(result.Eva).Should().BeApproximately(table.Total.Eva, 1e-12 * SumAbs(result.Eva));
        table.Total.Rwa.Should().BeApproximately(Basel2Scaling * 12.5 * table.Total.Ec, 1e-9 * table.Total.Rwa, "q = 0.999: RWA = 1.06 x 12.5 x EC");
        table.Total.Raroc!.Value.Should().BeApproximately(table.Total.Return / table.Total.Ec, 1e-15);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // LoanBookBuilder validation: every problem reported in one pass.
    // ---------------------------------------------------------------------------------------------------------------
    [Fact]
    public void LoanBookBuilder_InvalidLoans_ReportsEveryIssueWithRecordAndColumn()
    {
        var b = new LoanBookBuilder();
        b.Add(Valid("A") with { Pd = 1.5 });                                   // record 1
        b.Add(Valid("B") with { Lgd = -0.1, Ead = -5.0 });                     // record 2: two issues
        b.Add(Valid("A"));                                                     // record 3: duplicate of record 1
        b.Add(Valid("C") with { MaturityYears = null });                 // record 4: corporate needs maturity
        b.Add(Valid("D") with { Rate = double.NaN });                          // record 5
        b.Add(Valid("") with { Pd = 0.02 });                                   // record 6: empty id
        b.Add(Valid("E") with { AssetClass = AssetClass.RetailOther, MaturityYears = null }); // valid: retail needs none
        var act = () => b.Build();
        var ex = act.Should().Throw<DataValidationException>().Which;
        ex.TotalIssues.Should().Be(7);
        ex.Issues.Select(i => (i.Line, i.Column)).Should().Equal(
            (1L, LoanColumns.Pd), (2L, LoanColumns.Ead), (2L, LoanColumns.Lgd), (3L, LoanColumns.LoanId),
            (4L, LoanColumns.Maturity), (5L, LoanColumns.Rate), (6L, LoanColumns.LoanId));
        ex.Issues[0].Value.Should().Be("1.5");
        ex.Issues[0].Rule.Should().Be("is outside (0, 1]");
        ex.Issues[3].Rule.Should().Contain("record 1");
    }

    [Fact]
    public void LoanBookBuilder_AttributeMisuse_Throws()
    {
        ((Action)(() => _ = new LoanBookBuilder(LoanColumns.Segment))).Should().Throw<ArgumentException>();
        ((Action)(() => _ = new LoanBookBuilder("region", "region"))).Should().Throw<ArgumentException>();
        ((Action)(() => new LoanBookBuilder("region").Add(Valid("A")))).Should().Throw<ArgumentException>();
    }

    private static Loan Valid(string id) => new()
    {
        LoanId = id, Segment = "s", AssetClass = AssetClass.Corporate, Ead = 100.0, Pd = 0.01, Lgd = 0.45, MaturityYears = 2.0, Rate = 0.05, FtpRate = 0.03,
    };

    private static LoanBook RandomBook(int n, int seed)
    {
        var rng = new Random(seed);
        var classes = Enum.GetValues<AssetClass>();
        string[] segments = ["retail", "sme", "corporate", "treasury", "private"];
        string[] products = ["term", "revolver", "mortgage"];
        var b = new LoanBookBuilder();
        for (int i = 0; i < n; i++)
        {
            var ac = classes[rng.Next(classes.Length)];
            double pd = rng.Next(50) == 0 ? 1.0 : Math.Pow(10, -4.5 + (4.0 * rng.NextDouble()));
            b.Add(new Loan
            {
                LoanId = "L" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Segment = segments[rng.Next(segments.Length)],
                Product = products[rng.Next(products.Length)],
                AssetClass = ac,
                Ead = Math.Exp(8.0 + (4.0 * rng.NextDouble())),
                Pd = pd,
                Lgd = rng.NextDouble(),
                MaturityYears = IrbFormula.HasMaturityAdjustment(ac) ? 0.25 + (7.0 * rng.NextDouble()) : null,
                SalesEurMillions = rng.Next(3) == 0 ? 70.0 * rng.NextDouble() : null,
                Rate = 0.01 + (0.15 * rng.NextDouble()),
                FtpRate = 0.005 + (0.04 * rng.NextDouble()),
                Fees = 100.0 * rng.NextDouble(),
                Opex = 200.0 * rng.NextDouble(),
                Beel = pd == 1.0 && rng.Next(2) == 0 ? 0.3 * rng.NextDouble() : null,
            });
        }

        return b.Build();
    }

    private static void CheckGroup(GroupRow row, int[] loans)
    {
        row.Loans.Should().Be(loans.Length);
        double ead = 0, el = 0, ec = 0, rwa = 0, revenue = 0, ret = 0, eva = 0;
        var book = HandBook();
        foreach (int i in loans)
        {
            ead += book.Ead[i];
            el += s_el[i];
            ec += s_ec[i];
            rwa += Basel2Scaling * s_rwaUnscaled[i];
            revenue += s_revenue[i];
            ret += s_return[i];
            eva += s_eva[i];
        }

        Close(row.Ead, ead, "EAD");
        Close(row.El, el, "EL");
        Close(row.Ec, ec, "EC");
        Close(row.Rwa, rwa, "RWA");
        Close(row.Revenue, revenue, "revenue");
        Close(row.Return, ret, "return");
        Close(row.Eva, eva, "EVA");
        if (ec > 0)
        {
            Close(row.Raroc!.Value, ret / ec, "group RAROC = sum(return) / sum(EC)");
        }
    }

    [Fact]
    public void Run_SharedAndCollidingRiskTerms_GiveTheScalarFormulasBits()
    {
        // Invariant: the kernel remembers the terms that depend only on (PD, class, sales); every loan's correlation,
        // maturity adjustment and K must still be bit for bit what the public scalar formulas give for it alone. The
        // book repeats keys in runs (a borrower's loans), revisits them later, uses more keys than the memo has slots
        // (so entries are evicted), and shares PDs across classes and sales.
        var random = new Random(5);
        var pds = Enumerable.Range(0, 700).Select(i => 0.0001 + (i * 0.0007)).ToArray();
        double[] sales = [IrbFormula.NoSales, 7.5, 20, 49.9, 60];
        var b = new LoanBookBuilder();
        int n = 0;
        while (n < 6_000)
        {
            var ac = (AssetClass)random.Next((int)AssetClass.RetailOther + 1);
            double pd = pds[random.Next(pds.Length)], s = sales[random.Next(sales.Length)];
            for (int j = random.Next(1, 6); j > 0 && n < 6_000; j--, n++)
            {
                b.Add(new Loan
                {
                    LoanId = "L" + n.ToString(CultureInfo.InvariantCulture), Segment = "s", AssetClass = ac, Ead = 1000 + n, Pd = pd,
                    Lgd = 0.1 + (0.8 * random.NextDouble()), MaturityYears = 0.5 + (6 * random.NextDouble()), SalesEurMillions = double.IsPositiveInfinity(s) ? null : s,
                    Rate = 0.05, FtpRate = 0.03,
                });
            }
        }

        var book = b.Build();
        var result = PortfolioValuation.Run(book, ValuationOptions.Default, maxDegreeOfParallelism: 1);
        for (int i = 0; i < book.Count; i++)
        {
            var (ac, pd, lgd, m, s) = (book.AssetClass[i], result.Pd[i], book.Lgd[i], book.MaturityYears[i], book.SalesEurMillions[i]);
            result.Correlation[i].Should().Be(IrbFormula.Correlation(ac, pd, s));
            result.MaturityAdjustment[i].Should().Be(IrbFormula.MaturityAdjustment(ac, pd, m));
            result.K[i].Should().Be(IrbFormula.CapitalRequirement(ac, book.Pd[i], lgd, m, s, IrbOptions.Default), $"loan {i}");
        }
    }

    private static bool SameRow(GroupRow a, GroupRow b) =>
        a.Keys.SequenceEqual(b.Keys) && a.Loans == b.Loans && a.Ead.Equals(b.Ead) && a.El.Equals(b.El) && a.Ec.Equals(b.Ec)
        && a.Rwa.Equals(b.Rwa) && a.Revenue.Equals(b.Revenue) && a.Return.Equals(b.Return) && a.Eva.Equals(b.Eva);

    private static double Sum(ReadOnlySpan<double> values)
    {
        double s = 0;
        foreach (double v in values)
        {
            s += v;
        }

        return s;
    }

    private static double SumAbs(ReadOnlySpan<double> values)
    {
        double s = 0;
        foreach (double v in values)
        {
            s += Math.Abs(v);
        }

        return s;
    }

    private static void Close(double actual, double expected, string because) =>
        actual.Should().BeApproximately(expected, (RelativeTolerance * Math.Abs(expected)) + 1e-12, because);
}
