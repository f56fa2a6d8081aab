using System.Globalization;
using System.Text;
using ValueCore.Capital;
using ValueCore.Performance;
using ValueCore.Portfolio;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Performance;

/// <summary>Issue 16 item 5: a scorecard over an in-memory valuation (<see cref="ScorecardBuilder.FromValuation"/>) has
/// exactly the figures <c>valuecore scorecard</c> writes from the <c>loans.csv</c> of <c>valuecore raroc</c> for the same book.</summary>
public class ScorecardEngineTests
{
    private static string N(double? v) => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : "";

    private static double D(string s) => s.Length == 0 ? double.NaN : double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void FromValuation_BookInMemory_SameFiguresAsTheScorecardCommandWrites()
    {
        var random = new Random(16);
        var classes = new[] { AssetClass.Corporate, AssetClass.Sme, AssetClass.RetailMortgage, AssetClass.RetailOther };
        var builder = new LoanBookBuilder();
        var csv = new StringBuilder("loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,maturity,fees,opex\n");
        for (int i = 0; i < 40; i++)
        {
            var loan = new Loan
            {
                LoanId = "L" + i.ToString(CultureInfo.InvariantCulture), Segment = "s" + (i % 4).ToString(CultureInfo.InvariantCulture),
                AssetClass = classes[i % classes.Length], Ead = Math.Round(1e4 + (random.NextDouble() * 1e6), 2), Pd = Math.Round(0.001 + (random.NextDouble() * 0.1), 5),
                Lgd = Math.Round(0.1 + (random.NextDouble() * 0.6), 3), Rate = Math.Round(0.02 + (random.NextDouble() * 0.06), 4), FtpRate = 0.025,
                MaturityYears = Math.Round(0.5 + (random.NextDouble() * 5), 2), Fees = Math.Round(random.NextDouble() * 500, 2), Opex = Math.Round(random.NextDouble() * 3000, 2),
            };
            builder.Add(loan);
            csv.Append(CultureInfo.InvariantCulture, $"{loan.LoanId},{loan.Segment},{LoanColumns.AssetClassLabels[(int)loan.AssetClass]},{N(loan.Ead)},{N(loan.Pd)},{N(loan.Lgd)},{N(loan.Rate)},{N(loan.FtpRate)},{N(loan.MaturityYears)},{N(loan.Fees)},{N(loan.Opex)}\n");
        }

        var card = ScorecardBuilder.FromValuation(PortfolioValuation.Run(builder.Build()), LoanColumns.Segment);

        using var tmp = new TempFolder();
        var book = tmp.File("book.csv", csv.ToString());
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("raroc"));
        code.Should().Be(0, error);
        (code, _, error) = CliRunner.Run("scorecard", "--results", tmp.Combine("raroc"), "--by", "segment", "--out", tmp.Combine("sc"));
        code.Should().Be(0, error);

        var lines = File.ReadAllLines(tmp.Combine("sc", "scorecard_by_segment.csv"));
        var head = lines[0].Split(',');
        var rows = lines.Skip(1).Select(l => head.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
        var expected = card.Rows.Append(card.Total).ToList();
        rows.Should().HaveCount(expected.Count);
        for (int r = 0; r < rows.Count; r++)
        {
            var (w, e) = (rows[r], expected[r]);
            if (e.Rank > 0)
            {
                w["segment"].Should().Be(e.Keys[0]);
                w["rank"].Should().Be(e.Rank.ToString(CultureInfo.InvariantCulture));
            }

            w["loans"].Should().Be(e.Loans.ToString(CultureInfo.InvariantCulture));
            D(w["ead"]).Should().Be(e.Figures.Ead);
            D(w["revenue"]).Should().Be(e.Figures.Revenue);
            D(w["el"]).Should().Be(e.Figures.ExpectedLoss);
            D(w["opex"]).Should().Be(e.Figures.OperatingCost);
            D(w["ec"]).Should().Be(e.Figures.EconomicCapital);
            D(w["return"]).Should().Be(e.Figures.Return);
            D(w["eva"]).Should().Be(e.Figures.Eva);
        }

        // Independent: the total's loans and EAD are the book's (40 loans).
        card.Total.Loans.Should().Be(40);
    }
}
