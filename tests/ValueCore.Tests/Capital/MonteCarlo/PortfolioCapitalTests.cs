using System.Globalization;
using System.Text;
using System.Text.Json;
using ValueCore.Capital;
using ValueCore.Capital.MonteCarlo;
using ValueCore.Portfolio;
using ValueCore.Profitability;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Capital.MonteCarlo;

/// <summary>
/// <see cref="PortfolioCapital.Run"/> on a book built in memory gives exactly the figures <c>valuecore capital</c> writes for
/// the same book read from a file (issue 16, "Done when"), and the same bits on any thread count.
/// </summary>
public sealed class PortfolioCapitalTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vc-portfolio-capital-" + Guid.NewGuid().ToString("N"));

    public PortfolioCapitalTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A seeded book: customers holding several loans (one PD each), five asset classes, two segments and a region attribute.</summary>
    internal static (LoanBook Book, string Csv) TestBook(int loans, int seed = 5)
    {
        var random = new Random(seed);
        var builder = new LoanBookBuilder("region");
        var csv = new StringBuilder("loan_id,customer_id,segment,region,asset_class,ead,pd,lgd,maturity,sales,rate,ftp_rate,fees,opex\n");
        AssetClass[] classes = [AssetClass.Corporate, AssetClass.Sme, AssetClass.RetailMortgage, AssetClass.RetailRevolving, AssetClass.RetailOther];
        static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var customerPd = new double[(loans / 3) + 1];
        for (int c = 0; c < customerPd.Length; c++)
        {
            customerPd[c] = Math.Round(0.001 + (0.08 * random.NextDouble() * random.NextDouble()), 6);
        }

        for (int i = 0; i < loans; i++)
        {
            // Loans 3k..3k+2 belong to customer Ck (one PD), except every fifth loan, which has no customer and its own PD.
            string customer = i % 5 == 0 ? "" : "C" + (i / 3).ToString(CultureInfo.InvariantCulture);
            double pd = customer.Length == 0 ? Math.Round(0.002 + (0.05 * random.NextDouble()), 6) : customerPd[i / 3];

            var ac = classes[(i / 3) % classes.Length];
            bool wholesale = ac is AssetClass.Corporate or AssetClass.Sme;
            double ead = Math.Round(1_000 + (2_000_000 * Math.Pow(random.NextDouble(), 3)), 2);
            double lgd = Math.Round(0.1 + (0.6 * random.NextDouble()), 4);
            double rate = Math.Round(0.02 + (0.08 * random.NextDouble()), 5);
            double fees = Math.Round(500 * random.NextDouble(), 2);
            double opex = Math.Round(1_500 * random.NextDouble(), 2);
            string segment = i % 7 < 3 ? "corp" : "retail";
            string region = i % 2 == 0 ? "north" : "south";
            double? sales = ac == AssetClass.Sme ? 5 + (i % 40) : null;
            builder.Add(new Loan
            {
                LoanId = "L" + i.ToString(CultureInfo.InvariantCulture), CustomerId = customer, Segment = segment, AssetClass = ac, Ead = ead, Pd = pd,
                Lgd = lgd, MaturityYears = wholesale ? 2.5 : null, SalesEurMillions = sales, Rate = rate, FtpRate = 0.015,
                Fees = fees, Opex = opex,
            }, region);
            csv.Append(CultureInfo.InvariantCulture,
                $"L{i},{customer},{segment},{region},{LoanColumns.AssetClassLabels[(int)ac]},{R(ead)},{R(pd)},{R(lgd)},{(wholesale ? "2.5" : "")},{(sales is double s ? R(s) : "")},{R(rate)},0.015,{R(fees)},{R(opex)}\n");
        }

        return (builder.Build(), csv.ToString());
    }

    private static void Cell(string cell, double? expected, string what)
    {
        if (expected is not double e || double.IsNaN(e))
        {
            cell.Should().BeEmpty(what);
            return;
        }

        double.Parse(cell, CultureInfo.InvariantCulture).Should().Be(e, what);
    }

    private static void Json(JsonElement root, string name, double? expected)
    {
        var v = root.GetProperty(name);
        if (expected is double e && double.IsFinite(e))
        {
            v.GetDouble().Should().Be(e, name);
        }
        else
        {
            v.ValueKind.Should().Be(JsonValueKind.Null, name);
        }
    }

    [Fact]
    public void Run_BookInMemory_EqualsEveryFigureTheCliWritesForTheFile()
    {
        var (book, csv) = TestBook(400);
        string bookPath = Path.Combine(_dir, "book.csv");
        File.WriteAllText(bookPath, csv);
        string outDir = Path.Combine(_dir, "out");
        var (code, _, error) = CliRunner.Run("capital", "--book", bookPath, "--out", outDir, "--mc-scenarios", "3000", "--seed", "11", "--confidence", "0.995",
            "--by", "segment,region", "--allocation", "var", "--hurdle", "0.1", "--tax", "0.3", "--capital-rate", "0.02", "--threads", "2",
            "--quantiles", "0.9,0.995");
        code.Should().Be(0, error);

        var options = new PortfolioCapitalOptions
        {
            MonteCarlo = new MonteCarloOptions { Scenarios = 3000, Seed = 11, Confidence = 0.995, QuantileLevels = [0.9, 0.995], MaxDegreeOfParallelism = 2 },
            Valuation = new ValuationOptions { Profitability = new ProfitabilityParameters { Hurdle = 0.1, TaxRate = 0.3, CapitalRate = 0.02 } },
            Allocation = CapitalAllocation.ValueAtRisk,
            GroupBy = ["segment", "region"],
        };
        var result = PortfolioCapital.Run(book, options);
        var mc = result.MonteCarlo;
        var p = result.Profitability;

        // contributions.csv: every figure of every loan.
        var rows = File.ReadAllLines(Path.Combine(outDir, "contributions.csv"));
        rows.Should().HaveCount(book.Count + 1);
        for (int i = 0; i < book.Count; i++)
        {
            var f = rows[i + 1].Split(',');
            f[0].Should().Be(book.LoanId[i]);
            f[1].Should().Be(book.CustomerId[i]);
            f[2].Should().Be(book.Segment[i]);
            double?[] expected =
            [
                book.Ead[i], result.Valuation.El[i], mc.ElSimulatedContribution[i], mc.EsContribution[i], mc.EsContributionSe[i], mc.VarContribution[i],
                mc.VarContributionSe[i], mc.SdContribution[i], mc.SdContributionSe[i], p.StandaloneEc[i], p.DiversifiedEc[i], p.DiversificationBenefit[i],
                p.StandaloneRaroc[i], p.DiversifiedRaroc[i], p.StandaloneEva[i], p.DiversifiedEva[i],
            ];
            for (int k = 0; k < expected.Length; k++)
            {
                Cell(f[k + 3], expected[k], $"loan {i}, column {k + 3}");
            }
        }

        // by_segment_region.csv: every figure of every group.
        var groups = File.ReadAllLines(Path.Combine(outDir, "by_segment_region.csv"));
        var g = result.Groups;
        g.Count.Should().Be(4);
        groups.Should().HaveCount(g.Count + 1);
        for (int j = 0; j < g.Count; j++)
        {
            var f = groups[j + 1].Split(',');
            f[0].Should().Be(g.Keys[j][0]);
            f[1].Should().Be(g.Keys[j][1]);
            long.Parse(f[2], CultureInfo.InvariantCulture).Should().Be(g.Loans[j]);
            double?[] expected =
            [
                g.Ead[j], g.El[j], g.ElSimulated[j], g.EsContribution[j], g.VarContribution[j], g.SdContribution[j], g.StandaloneEc[j], g.DiversifiedEc[j],
                g.DiversificationBenefit[j], g.StandaloneRaroc[j], g.DiversifiedRaroc[j], g.StandaloneEva[j], g.DiversifiedEva[j],
            ];
            for (int k = 0; k < expected.Length; k++)
            {
                Cell(f[k + 3], expected[k], $"group {j}, column {k + 3}");
            }
        }

        // summary.json: the portfolio figures, standard errors, quantiles and diversified totals.
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        var root = summary.RootElement;
        Json(root, "el", mc.El);
        Json(root, "el_simulated", mc.ElSimulated);
        Json(root, "el_simulated_se", mc.ElSimulatedSe);
        Json(root, "var", mc.Var);
        Json(root, "var_se", mc.VarSe);
        Json(root, "es", mc.Es);
        Json(root, "es_se", mc.EsSe);
        Json(root, "ec", mc.Ec);
        Json(root, "es_ec", mc.EsEc);
        Json(root, "sd", mc.StandardDeviation);
        Json(root, "standalone_irb_ec", p.StandaloneEcTotal);
        Json(root, "diversified_ec", p.DiversifiedEcTotal);
        Json(root, "diversification_benefit", p.DiversificationBenefitTotal);
        Json(root, "standalone_raroc", p.StandaloneRarocTotal);
        Json(root, "diversified_raroc", p.DiversifiedRarocTotal);
        Json(root, "standalone_eva", p.StandaloneEvaTotal);
        Json(root, "diversified_eva", p.DiversifiedEvaTotal);
        root.GetProperty("obligors").GetInt32().Should().Be(mc.Obligors);
        root.GetProperty("allocation").GetString().Should().Be("var");
        foreach (var q in mc.Quantiles)
        {
            Json(root.GetProperty("quantiles"), q.Level.ToString("R", CultureInfo.InvariantCulture), q.Loss);
            Json(root.GetProperty("quantiles_se"), q.Level.ToString("R", CultureInfo.InvariantCulture), q.StandardError);
        }

        // loss_distribution.csv: quantiles, then histogram bins.
        var dist = File.ReadAllLines(Path.Combine(outDir, "loss_distribution.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        dist.Should().HaveCount(mc.Quantiles.Count + mc.Histogram.Count);
        for (int k = 0; k < mc.Quantiles.Count; k++)
        {
            Cell(dist[k][1], mc.Quantiles[k].Level, "level");
            Cell(dist[k][2], mc.Quantiles[k].Loss, "loss");
            Cell(dist[k][3], mc.Quantiles[k].StandardError, "se");
        }

        for (int k = 0; k < mc.Histogram.Count; k++)
        {
            var f = dist[mc.Quantiles.Count + k];
            Cell(f[4], mc.Histogram[k].Lower, "lower");
            Cell(f[5], mc.Histogram[k].Upper, "upper");
            Cell(f[6], mc.Histogram[k].Probability, "probability");
        }
    }

    [Fact]
    public void Run_OneVersusManyThreads_BitIdenticalOnABookOfSeveralValuationChunks()
    {
        var (book, _) = TestBook(PortfolioValuation.ChunkSize + 1_500, seed: 9);
        PortfolioCapitalResult Run(int threads) => PortfolioCapital.Run(book, new PortfolioCapitalOptions
        {
            MonteCarlo = new MonteCarloOptions { Scenarios = 700, Seed = 3, Confidence = 0.99, MaxDegreeOfParallelism = threads },
            GroupBy = ["region"],
        });
        var one = Run(1);
        var many = Run(4);
        many.MonteCarlo.Var.Should().Be(one.MonteCarlo.Var);
        many.MonteCarlo.Es.Should().Be(one.MonteCarlo.Es);
        many.AllocatedCapital.Should().Equal(one.AllocatedCapital);
        many.Profitability.DiversifiedEva.Should().Equal(one.Profitability.DiversifiedEva);
        many.Profitability.StandaloneEc.Should().Equal(one.Profitability.StandaloneEc);
        many.Groups.DiversifiedEc.Should().Equal(one.Groups.DiversifiedEc);
        many.Profitability.DiversifiedEvaTotal.Should().Be(one.Profitability.DiversifiedEvaTotal);
    }

    [Fact]
    public void Run_AllocationsAndGroups_AddUpToThePortfolio()
    {
        var (book, _) = TestBook(300, seed: 2);
        var result = PortfolioCapital.Run(book, new PortfolioCapitalOptions { MonteCarlo = new MonteCarloOptions { Scenarios = 2000, Confidence = 0.99 } });
        const double relative = 1e-9; // sums of a few hundred terms in another order
        result.AllocatedCapital.Sum().Should().BeApproximately(result.MonteCarlo.Ec, relative * result.MonteCarlo.Ec);
        result.Groups.KeyColumns.Should().Equal("segment");
        result.Groups.Keys.Select(k => k[0]).Should().Equal("corp", "retail");
        result.Groups.Loans.Sum().Should().Be(book.Count);
        result.Groups.DiversifiedEc.Sum().Should().BeApproximately(result.MonteCarlo.Ec, relative * result.MonteCarlo.Ec);
        result.Groups.DiversifiedEva.Sum().Should().BeApproximately(result.Profitability.DiversifiedEvaTotal, relative * Math.Abs(result.Profitability.DiversifiedEvaTotal));
    }

    [Fact]
    public void Run_GroupByColumnNotInBook_ThrowsArgumentException()
    {
        var (book, _) = TestBook(10);
        var act = () => PortfolioCapital.Run(book, new PortfolioCapitalOptions { GroupBy = ["desk"] });
        act.Should().Throw<ArgumentException>().WithMessage("*no text column 'desk'*");
    }

    [Fact]
    public void FromBook_CustomersSharingLoans_AreOneObligor()
    {
        var (book, _) = TestBook(30);
        var exposures = CreditExposures.FromBook(book);
        exposures.Count.Should().Be(30);
        exposures.LoanId.ToArray().Should().Equal(book.LoanId.ToArray());
        // Loans 1 and 2 belong to customer C0; loan 0 has no customer; loans 3, 4 to C1; loan 5 has none.
        exposures.Obligor[1].Should().Be(exposures.Obligor[2]);
        exposures.Obligor[0].Should().NotBe(exposures.Obligor[1]);
        exposures.Obligor[3].Should().Be(exposures.Obligor[4]);
        exposures.Obligor[5].Should().NotBe(exposures.Obligor[4]);
    }
}
