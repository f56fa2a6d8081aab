using System.Globalization;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Performance;

public class PerformanceCommandsTests
{
    private const double Exact = 1e-9;

    private const string Header = "loan_id,customer_id,segment,branch,asset_class,ead,pd,lgd,maturity,rate,ftp_rate,fees,opex\n";

    private const string Current = Header +
        "A1,C1,corporate,north,corporate,1000000,0.01,0.45,3,0.06,0.03,2000,5000\n" +
        "A2,C1,corporate,south,corporate,2000000,0.02,0.45,4,0.045,0.03,0,8000\n" +
        "A3,C2,retail,north,retail_other,30000,0.02,0.6,,0.09,0.025,50,300\n" +
        "A4,C3,retail,south,retail_other,20000,0.05,0.7,,0.06,0.025,0,400\n";

    private const string Previous = Header +
        "A1,C1,corporate,north,corporate,900000,0.012,0.45,3,0.055,0.03,2000,5000\n" +
        "A2,C1,corporate,south,corporate,2500000,0.02,0.45,4,0.05,0.03,0,8000\n" +
        "A3,C2,retail,north,retail_other,30000,0.02,0.6,,0.09,0.025,50,300\n";

    private static string[][] Rows(string file) => File.ReadAllLines(file).Select(l => l.Split(',')).ToArray();

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static (string Now, string Before) Results(TempFolder temp)
    {
        CliRunner.Run("raroc", "--book", temp.File("now.csv", Current), "--keep", "customer_id,branch", "--out", temp.Combine("now")).Code.Should().Be(0);
        CliRunner.Run("raroc", "--book", temp.File("before.csv", Previous), "--keep", "customer_id,branch", "--out", temp.Combine("before")).Code.Should().Be(0);
        return (temp.Combine("now"), temp.Combine("before"));
    }

    [Fact]
    public void Scorecard_ByBranch_RanksAndExplainsChange()
    {
        using var temp = new TempFolder();
        var (now, before) = Results(temp);
        var (code, output, error) = CliRunner.Run("scorecard", "--results", now, "--by", "branch", "--previous", before, "--pool-share", "0.1",
            "--pool-basis", "improvement", "--out", temp.Combine("s"));
        code.Should().Be(0, error);
        output.Should().Contain("EVA change");

        var card = Rows(temp.Combine("s", "scorecard_by_branch.csv"));
        var head = card[0].ToList();
        var evas = card.Skip(1).SkipLast(1).Select(r => D(r[head.IndexOf("eva")])).ToList();
        evas.Should().BeInDescendingOrder();
        foreach (var r in card.Skip(1))
        {
            // spread = RAROC - hurdle with the single 12% hurdle.
            D(r[head.IndexOf("spread")]).Should().BeApproximately(D(r[head.IndexOf("raroc")]) - 0.12, Exact);
        }

        // The by_branch EVA of raroc itself equals the scorecard's.
        var raroc = Rows(Path.Combine(now, "loans.csv"));
        var rh = raroc[0].ToList();
        double north = raroc.Skip(1).Where(r => r[rh.IndexOf("branch")] == "north").Sum(r => D(r[rh.IndexOf("eva")]));
        D(card.Single(r => r[1] == "north")[head.IndexOf("eva")]).Should().BeApproximately(north, Exact);

        var change = Rows(temp.Combine("s", "eva_change_by_branch.csv"));
        var ch = change[0].ToList();
        foreach (var r in change.Skip(1))
        {
            double effects = new[] { "volume", "margin", "expected_loss", "operating_cost", "capital" }.Sum(c => D(r[ch.IndexOf(c)]));
            effects.Should().BeApproximately(D(r[ch.IndexOf("change")]), 1e-6);
            D(r[ch.IndexOf("change")]).Should().BeApproximately(D(r[ch.IndexOf("eva_current")]) - D(r[ch.IndexOf("eva_previous")]), 1e-6);
        }

        var pools = Rows(temp.Combine("s", "pools_by_branch.csv"));
        var ph = pools[0].ToList();
        foreach (var r in pools.Skip(1).SkipLast(1))
        {
            D(r[ph.IndexOf("pool")]).Should().Be(Math.Max(0, 0.1 * D(r[ph.IndexOf("improvement")])));
        }

        D(pools[^1][ph.IndexOf("pool")]).Should().BeApproximately(pools.Skip(1).SkipLast(1).Sum(r => D(r[ph.IndexOf("pool")])), Exact);
    }

    [Fact]
    public void Scorecard_Relationships_AddOtherRevenueAfterTax()
    {
        using var temp = new TempFolder();
        var (now, _) = Results(temp);
        string revenue = temp.File("relationship_revenue.csv", "customer_id,kind,amount\nC2,deposits,1000\nC2,fees,200\nC3,fees,50\n");
        var (code, _, error) = CliRunner.Run("scorecard", "--results", now, "--relationship", revenue, "--out", temp.Combine("s"));
        code.Should().Be(0, error);
        var rel = Rows(temp.Combine("s", "relationships.csv"));
        var h = rel[0].ToList();
        h.Should().Contain(["revenue_deposits", "revenue_fees"]);
        var c2 = rel.Single(r => r[1] == "C2");
        D(c2[h.IndexOf("eva")]).Should().BeApproximately(D(c2[h.IndexOf("loan_eva")]) + (0.75 * 1200), Exact);
        D(c2[h.IndexOf("other_revenue")]).Should().Be(1200);
    }

    [Fact]
    public void Scorecard_UnknownRelationshipCustomers_Exit3NamingLines()
    {
        using var temp = new TempFolder();
        var (now, _) = Results(temp);
        string revenue = temp.File("rel.csv", "customer_id,kind,amount\nC2,deposits,1000\nC9,fees,200\nC8,fees,x\n");
        var (code, _, error) = CliRunner.Run("scorecard", "--results", now, "--relationship", revenue, "--out", temp.Combine("s"));
        code.Should().Be(3);
        error.Should().Contain("rel.csv:3: customer_id = C9 is not a customer of the results");
        error.Should().Contain("rel.csv:4: customer_id = C8 is not a customer");
        error.Should().Contain("rel.csv:4: amount = x is not a number");
        File.Exists(temp.Combine("s", "relationships.csv")).Should().BeFalse();
    }

    [Fact]
    public void Scorecard_MissingGroupingColumn_Exit3()
    {
        using var temp = new TempFolder();
        var (now, _) = Results(temp);
        var (code, _, error) = CliRunner.Run("scorecard", "--results", now, "--by", "manager", "--out", temp.Combine("s"));
        code.Should().Be(3);
        error.Should().Contain("required column 'manager' is missing (asked by --by; run valuecore raroc with --keep manager)");
    }

    [Fact]
    public void Eva_Statements_WritesEachAdjustment()
    {
        using var temp = new TempFolder();
        string statements = temp.File("statements.csv",
            "item,amount\nnopat,66.54\ncapital,320\ncost_of_capital,0.12\ntax_rate,0.4\nprovision_charge,30\nnet_write_offs,22\nloan_loss_reserve,100\n");
        var (code, output, error) = CliRunner.Run("eva", "--statements", statements, "--out", temp.Combine("e"));
        code.Should().Be(0, error);
        output.Should().Contain("loan_loss_provisions");
        var lines = Rows(temp.Combine("e", "eva.csv")).ToDictionary(r => r[0], r => r[1]);
        D(lines["nopat_adjustment:loan_loss_provisions"]).Should().BeApproximately(4.8, Exact);
        D(lines["capital_adjustment:loan_loss_provisions"]).Should().Be(100);
        D(lines["eva"]).Should().BeApproximately((66.54 + 4.8) - (0.12 * 420), Exact);
        D(lines["reported_eva"]).Should().BeApproximately(28.14, Exact);
    }

    [Fact]
    public void Eva_MissingAndBadItems_Exit3NamingLines()
    {
        using var temp = new TempFolder();
        string statements = temp.File("s.csv", "item,amount\nnopat,10\nnopat,11\nprofit,5\ncost_of_capital,abc\n");
        var (code, _, error) = CliRunner.Run("eva", "--statements", statements, "--out", temp.Combine("e"));
        code.Should().Be(3);
        error.Should().Contain("s.csv:3: item = nopat repeats the item of line 2");
        error.Should().Contain("s.csv:4: item = profit is not a statement item");
        error.Should().Contain("s.csv:5: amount = abc is not a number");
        error.Should().Contain("s.csv: the required item 'capital' is missing");

        string pair = temp.File("p.csv", "item,amount\nnopat,10\ncapital,100\ncost_of_capital,0.1\ntax_rate,0.3\nprovision_charge,5\n");
        var (code2, _, error2) = CliRunner.Run("eva", "--statements", pair, "--out", temp.Combine("e"));
        code2.Should().Be(3);
        error2.Should().Contain("p.csv:6: provision_charge is given but net_write_offs is missing");
    }

    [Fact]
    public void Scorecard_AllocatedCapitalColumn_GivesAllocatedFigures()
    {
        using var temp = new TempFolder();
        string book = temp.File("book.csv",
            "loan_id,segment,branch,asset_class,ead,pd,lgd,maturity,rate,ftp_rate,opex,allocated_capital\n" +
            "A1,corporate,north,corporate,1000000,0.01,0.45,3,0.06,0.03,5000,40000\n" +
            "A2,corporate,north,corporate,2000000,0.02,0.45,4,0.045,0.03,8000,150000\n");
        CliRunner.Run("raroc", "--book", book, "--keep", "branch,allocated_capital", "--out", temp.Combine("r")).Code.Should().Be(0);
        var (code, _, error) = CliRunner.Run("scorecard", "--results", temp.Combine("r"), "--by", "branch", "--out", temp.Combine("s"));
        code.Should().Be(0, error);
        var rows = Rows(temp.Combine("s", "scorecard_by_branch.csv"));
        var h = rows[0].ToList();
        h.Should().Contain(["allocated_capital", "allocated_raroc", "allocated_eva"]);
        var north = rows[1];
        double ret = D(north[h.IndexOf("return")]);
        D(north[h.IndexOf("allocated_capital")]).Should().Be(190000);
        D(north[h.IndexOf("allocated_raroc")]).Should().BeApproximately(ret / 190000, Exact);
        D(north[h.IndexOf("allocated_eva")]).Should().BeApproximately(ret - (0.12 * 190000), Exact);
    }
}
