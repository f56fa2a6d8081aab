using System.Globalization;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Pricing;

public class PricingCommandsTests
{
    private const double RoundTrip = 1e-12;

    private const string Deals =
        "loan_id,segment,asset_class,ead,pd,lgd,maturity,ftp_rate,fees,opex,allocated_capital,rate\n" +
        "D1,corporate,corporate,1000000,0.01,0.45,3,0.03,2000,5000,,0.05\n" +
        "D2,cards,retail_revolving,5000,0.03,0.8,,0.025,0,100,,\n" +
        "D3,corporate,sme,250000,0.02,0.4,2,0.031,0,1500,20000,0.06\n";

    private static string[] Columns(string line) => line.Split(',');

    private static Dictionary<string, string> Row(string file, string id)
    {
        var lines = File.ReadAllLines(file);
        var head = Columns(lines[0]);
        var row = Columns(lines.Single(l => l.StartsWith(id + ",", StringComparison.Ordinal)));
        return head.Zip(row).ToDictionary(p => p.First, p => p.Second);
    }

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void Price_Book_RoundTripsThroughRaroc()
    {
        using var temp = new TempFolder();
        string deals = temp.File("deals.csv", Deals);
        var (code, _, error) = CliRunner.Run("price", "--book", deals, "--out", temp.Combine("p"));
        code.Should().Be(0, error);
        string prices = temp.Combine("p", "prices.csv");
        var d1 = Row(prices, "D1");
        d1["method"].Should().Be("closed_form");
        d1["capital"].Should().Be("standalone");
        Row(prices, "D3")["capital"].Should().Be("allocated");
        double sum = new[] { "funding", "expected_loss", "operating_cost", "fees", "capital_charge", "tax" }.Sum(c => D(d1[c]));
        sum.Should().BeApproximately(D(d1["min_rate"]), 1e-15);
        D(d1["rate_gap"]).Should().BeApproximately(0.05 - D(d1["min_rate"]), 1e-15);

        // Feed the minimum rates of the standalone deals back into valuecore raroc: RAROC = the 12% hurdle.
        string book = temp.File("book.csv",
            "loan_id,segment,asset_class,ead,pd,lgd,maturity,rate,ftp_rate,fees,opex\n" +
            $"D1,corporate,corporate,1000000,0.01,0.45,3,{d1["min_rate"]},0.03,2000,5000\n" +
            $"D2,cards,retail_revolving,5000,0.03,0.8,,{Row(prices, "D2")["min_rate"]},0.025,0,100\n");
        CliRunner.Run("raroc", "--book", book, "--out", temp.Combine("r")).Code.Should().Be(0);
        foreach (var id in new[] { "D1", "D2" })
        {
            D(Row(temp.Combine("r", "loans.csv"), id)["raroc"]).Should().BeApproximately(0.12, RoundTrip);
        }
    }

    [Fact]
    public void Price_UnreachableTarget_Exits3WithLineAndReason()
    {
        using var temp = new TempFolder();
        string deals = temp.File("deals.csv", "loan_id,asset_class,ead,pd,lgd,ftp_rate\nA,retail_other,100,0.01,0.5,0.03\nB,retail_other,100,0.01,0,0.03\nC,retail_other,0,0.01,0.5,0.03\n");
        var (code, _, error) = CliRunner.Run("price", "--book", deals, "--out", temp.Combine("p"));
        code.Should().Be(3);
        error.Should().Contain("deals.csv:3: loan_id = B no rate reaches the target: economic capital is 0");
        error.Should().Contain("deals.csv:4: loan_id = C no rate reaches the target: EAD is 0");
        File.Exists(temp.Combine("p", "prices.csv")).Should().BeFalse();
    }

    [Fact]
    public void Price_OneDealFromFlags_WritesPrice()
    {
        using var temp = new TempFolder();
        var (code, output, error) = CliRunner.Run("price", "--ead", "100", "--pd", "0.02", "--lgd", "0.5", "--asset-class", "retail_other",
            "--ftp-rate", "0.04", "--opex", "0.7", "--capital", "4", "--tax", "0", "--capital-rate", "0", "--target-raroc", "0.2", "--out", temp.Combine("p"));
        code.Should().Be(0, error);
        output.Should().Contain("minimum rate 6.5000 %");
        D(Row(temp.Combine("p", "prices.csv"), "deal")["min_rate"]).Should().BeApproximately(0.065, 1e-15);
        CliRunner.Run("price", "--ead", "100", "--out", temp.Combine("q")).Code.Should().Be(2);
    }

    [Fact]
    public void Ftp_Book_WritesMatchedRatesAndABookForRaroc()
    {
        using var temp = new TempFolder();
        string curve = temp.File("curve.csv", "tenor_years,rate\n1,0.01\n2,0.02\n");
        string liquidity = temp.File("liq.csv", "tenor_years,rate\n0,0.002\n");
        string book = temp.File("book.csv",
            "loan_id,segment,asset_class,ead,pd,lgd,maturity,rate,repricing,amortisation\n" +
            "B,corporate,corporate,1000,0.01,0.4,1.5,0.05,,bullet\n" +
            "L,retail,retail_other,1000,0.02,0.5,2,0.07,,linear\n" +
            "F,corporate,corporate,1000,0.01,0.4,2,0.05,0.25,\n");
        var (code, _, error) = CliRunner.Run("ftp", "--book", book, "--curve", curve, "--liquidity", liquidity, "--payments-per-year", "1", "--out", temp.Combine("f"));
        code.Should().Be(0, error);
        string ftp = temp.Combine("f", "ftp.csv");
        D(Row(ftp, "B")["ftp_rate"]).Should().BeApproximately(0.015 + 0.002, 1e-15);
        D(Row(ftp, "L")["base_rate"]).Should().BeApproximately(0.05 / 3, 1e-15); // hand value, see TransferPricingTests
        D(Row(ftp, "F")["base_rate"]).Should().Be(0.01);
        var (rc, _, rarocError) = CliRunner.Run("raroc", "--book", temp.Combine("f", "book_ftp.csv"), "--out", temp.Combine("r"));
        rc.Should().Be(0, rarocError);
    }

    [Fact]
    public void Ftp_UnsortedAndDuplicateTenors_Exit3NamingLines()
    {
        using var temp = new TempFolder();
        string curve = temp.File("curve.csv", "tenor_years,rate\n1,0.01\n3,0.02\n2,0.03\n3,0.03\n");
        string book = temp.File("book.csv", "loan_id,maturity\nA,1\n");
        var (code, _, error) = CliRunner.Run("ftp", "--book", book, "--curve", curve, "--out", temp.Combine("f"));
        code.Should().Be(3);
        error.Should().Contain("curve.csv:4: tenor_years = 2 is below the tenor 3 of line 3");
        error.Should().Contain("curve.csv:5: tenor_years = 3 repeats the tenor of line 3");
    }

    [Fact]
    public void Ftp_MissingMaturity_Exit3()
    {
        using var temp = new TempFolder();
        string curve = temp.File("curve.csv", "tenor_years,rate\n1,0.01\n");
        string book = temp.File("book.csv", "loan_id,maturity,amortisation\nA,,bullet\nB,2,weekly\n");
        var (code, _, error) = CliRunner.Run("ftp", "--book", book, "--curve", curve, "--out", temp.Combine("f"));
        code.Should().Be(3);
        error.Should().Contain("book.csv:2: maturity = (empty) is required");
        error.Should().Contain("book.csv:3: amortisation = weekly is not bullet, linear or annuity");
    }

    [Fact]
    public void Price_UnderGermanCulture_WritesInvariantNumbers()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            using var temp = new TempFolder();
            var (code, _, error) = CliRunner.Run("price", "--book", temp.File("deals.csv", Deals), "--target-raroc", "0.15", "--out", temp.Combine("p"));
            code.Should().Be(0, error);
            var d1 = Row(temp.Combine("p", "prices.csv"), "D1");
            d1["target_raroc"].Should().Be("0.15");
            d1["min_rate"].Should().Contain(".").And.NotContain(",");
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
