using System.Globalization;
using System.Text.Json;

namespace ValueCore.Tests.Cli;

/// <summary>Issue 15 items 2 and 6 through <c>valuecore raroc</c>: revenue on the drawn balance, the term column and the
/// counted fallbacks (drawn = ead, term = maturity, M = term).</summary>
public class RarocDrawnAndTermTests
{
    // Hand arithmetic on decimal inputs read back from round-trip text: a few ulps of figures below 1e3.
    private const double ArithmeticTolerance = 1e-12;

    // EVA at the priced rate is a difference of terms of order 1e2 evaluated in double: a few 1e-14 of rounding.
    private const double EvaTolerance = 1e-10;

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static Dictionary<string, string>[] Loans(string folder)
    {
        var lines = File.ReadAllLines(Path.Combine(folder, "loans.csv"));
        var head = lines[0].Split(',');
        return lines.Skip(1).Select(l => head.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToArray();
    }

    [Fact]
    public void Raroc_DrawnUndrawnCcfBook_RevenueOnDrawnAndEadOnDrawnPlusCcfUndrawn()
    {
        // Issue 15 item 2: drawn 100, undrawn 100, ccf 0.5, rate 10%, FTP 5%: EAD 150, revenue 5 (not 7.5). F2 adds a
        // commitment fee of 0.5% and an undrawn liquidity charge of 0.2% on 200 undrawn: 5 + 200 x 0.3% = 5.6.
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", "loan_id,segment,asset_class,drawn,undrawn,ccf,commitment_fee,undrawn_ftp,pd,lgd,rate,ftp_rate,maturity\n" +
            "F1,corp,corporate,100,100,0.5,,,0.01,0.45,0.10,0.05,2.5\n" +
            "F2,corp,corporate,100,200,0.5,0.005,0.002,0.01,0.45,0.10,0.05,2.5\n");
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"));
        code.Should().Be(0, error);
        var loans = Loans(tmp.Combine("out"));
        D(loans[0]["ead"]).Should().Be(150);
        D(loans[0]["revenue"]).Should().BeApproximately(5.0, ArithmeticTolerance);
        D(loans[0]["el"]).Should().BeApproximately(0.01 * 0.45 * 150, ArithmeticTolerance, "EL stays on EAD");
        D(loans[1]["ead"]).Should().Be(200);
        D(loans[1]["revenue"]).Should().BeApproximately(5.6, ArithmeticTolerance);
    }

    [Fact]
    public void Raroc_EadAndDrawnGiven_EadIsTheEadDrawnAccruesAndDrawnAboveEadIsRejected()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", "loan_id,segment,asset_class,ead,drawn,undrawn,pd,lgd,rate,ftp_rate,maturity\n" +
            "E1,corp,corporate,180,100,100,0.01,0.45,0.10,0.05,2.5\n" +
            "E2,corp,corporate,180,,,0.01,0.45,0.10,0.05,2.5\n" +
            "E3,corp,corporate,90,100,0,0.01,0.45,0.10,0.05,2.5\n");
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"));
        code.Should().Be(3);
        error.Should().Contain("loans.csv:4: drawn = 100 exceeds ead = 90: EAD is no less than the drawn balance (Basel II para 474)");

        (code, var output, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("skip"), "--skip-invalid");
        code.Should().Be(0, error);
        var loans = Loans(tmp.Combine("skip"));
        loans.Should().HaveCount(2);
        D(loans[0]["ead"]).Should().Be(180);
        D(loans[0]["revenue"]).Should().BeApproximately(100 * 0.05, ArithmeticTolerance);
        D(loans[1]["revenue"]).Should().BeApproximately(180 * 0.05, ArithmeticTolerance, "an empty drawn cell falls back to the EAD");
        output.Should().Contain("no drawn balance, revenue on EAD 1;");
        using var manifest = JsonDocument.Parse(File.ReadAllText(tmp.Combine("skip", "manifest.json")));
        manifest.RootElement.GetProperty("fallbacks").GetProperty("drawn_from_ead").GetInt64().Should().Be(1);
    }

    [Fact]
    public void Raroc_EadOnlyBook_SameBytesAsWithDrawnEqualToEad()
    {
        // Books that give only ead keep their figures bit for bit: drawn = ead is exactly what they meant.
        using var tmp = new TempFolder();
        string[] rows =
        [
            "A1,corp,corporate,1000000,0.01,0.45,0.05,0.03,2.5,1000,500",
            "A2,corp,sme,500000.25,0.02,0.40,0.06,0.031,3,500,300",
            "A3,retail,retail_revolving,5000.1,0.03,0.8,0.15,0.02,,50,20",
        ];
        var plain = tmp.File("plain.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,maturity,fees,opex\n" + string.Join("\n", rows) + "\n");
        var drawn = tmp.File("drawn.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,maturity,fees,opex,drawn\n" +
            string.Join("\n", rows.Select(r => r + "," + r.Split(',')[3])) + "\n");
        CliRunner.Run("raroc", "--book", plain, "--out", tmp.Combine("p")).Code.Should().Be(0);
        CliRunner.Run("raroc", "--book", drawn, "--out", tmp.Combine("d")).Code.Should().Be(0);
        File.ReadAllBytes(tmp.Combine("p", "loans.csv")).Should().Equal(File.ReadAllBytes(tmp.Combine("d", "loans.csv")));
        foreach (var loan in Loans(tmp.Combine("p")))
        {
            var input = rows.Single(r => r.StartsWith(loan["loan_id"] + ",", StringComparison.Ordinal)).Split(',');
            D(loan["revenue"]).Should().Be((D(input[3]) * (D(input[6]) - D(input[7]))) + D(input[9]), "revenue = (EAD x (rate - FTP)) + fees, bit for bit");
        }
    }

    [Fact]
    public void Raroc_TermColumn_FeedsTheFtpWhileMaturityFeedsTheIrbFormula()
    {
        // Curve 1% at 0 years to 6% at 10 years (linear): a bullet FTP at term 5 is 3.5%, at 2.5 years 2.25%.
        // T1 amortising: term 5, M 2.5 -> FTP 3.5%, MA of M = 2.5. M1: maturity 2.5, no term -> FTP 2.25% (term = maturity).
        // T2 corporate with a term of 4 and no maturity -> M = 4 (Basel II para 320), the same MA as M4 (maturity 4).
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,maturity,term\n" +
            "T1,corp,corporate,1000,0.01,0.45,0.05,2.5,5\n" +
            "M1,corp,corporate,1000,0.01,0.45,0.05,2.5,\n" +
            "T2,corp,corporate,1000,0.01,0.45,0.05,,4\n" +
            "M4,corp,corporate,1000,0.01,0.45,0.05,4,\n" +
            "R1,retail,retail_other,1000,0.01,0.45,0.05,,3\n");
        var curve = tmp.File("curve.csv", "tenor_years,rate\n0,0.01\n10,0.06\n");
        var (code, output, error) = CliRunner.Run("raroc", "--book", book, "--curve", curve, "--out", tmp.Combine("out"));
        code.Should().Be(0, error);
        var loans = Loans(tmp.Combine("out"));
        D(loans[0]["ftp_rate"]).Should().BeApproximately(0.035, ArithmeticTolerance);
        D(loans[1]["ftp_rate"]).Should().BeApproximately(0.0225, ArithmeticTolerance);
        loans[0]["maturity_adjustment"].Should().Be(loans[1]["maturity_adjustment"], "M is the maturity column, not the term");
        loans[2]["maturity_adjustment"].Should().Be(loans[3]["maturity_adjustment"], "M = term when maturity is absent");
        D(loans[2]["ftp_rate"]).Should().BeApproximately(0.03, ArithmeticTolerance);
        D(loans[4]["ftp_rate"]).Should().BeApproximately(0.025, ArithmeticTolerance, "a retail loan's term feeds its FTP");

        output.Should().Contain("no term, FTP term = maturity 2; no maturity, M = term 1");
        using var manifest = JsonDocument.Parse(File.ReadAllText(tmp.Combine("out", "manifest.json")));
        var fallbacks = manifest.RootElement.GetProperty("fallbacks");
        fallbacks.GetProperty("term_from_maturity").GetInt64().Should().Be(2);
        fallbacks.GetProperty("maturity_from_term").GetInt64().Should().Be(1);
        fallbacks.GetProperty("drawn_from_ead").GetInt64().Should().Be(5);
    }

    [Fact]
    public void Ftp_TermColumn_MatchesTheTermAndFallsBackToMaturity()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", "loan_id,maturity,term\nA,2.5,5\nB,2.5,\n");
        var curve = tmp.File("curve.csv", "tenor_years,rate\n0,0.01\n10,0.06\n");
        var (code, _, error) = CliRunner.Run("ftp", "--book", book, "--curve", curve, "--out", tmp.Combine("f"));
        code.Should().Be(0, error);
        var rows = File.ReadAllLines(tmp.Combine("f", "ftp.csv"));
        rows[0].Should().Be("loan_id,amortisation,term,repricing,base_rate,liquidity_premium,ftp_rate");
        D(rows[1].Split(',')[^1]).Should().BeApproximately(0.035, ArithmeticTolerance);
        D(rows[2].Split(',')[^1]).Should().BeApproximately(0.0225, ArithmeticTolerance);
    }

    [Fact]
    public void Price_DrawnFacilityWithTerm_PricedRateValuedByRarocGivesEvaZero()
    {
        // prices.csv solves the minimum rate on the drawn balance, the curve's FTP matched to the term (5 years: 3.5%) and
        // M = the term for a corporate deal without a maturity; raroc at that rate then earns exactly the hurdle (EVA = 0).
        using var tmp = new TempFolder();
        const string columns = "loan_id,segment,asset_class,ead,drawn,undrawn,commitment_fee,undrawn_ftp,pd,lgd,maturity,term,fees,opex";
        const string deal = "P1,corp,corporate,150,100,100,0.004,0.001,0.01,0.45,,5,0.2,0.5";
        var deals = tmp.File("deals.csv", columns + "\n" + deal + "\n");
        var curve = tmp.File("curve.csv", "tenor_years,rate\n0,0.01\n10,0.06\n");
        var (code, _, error) = CliRunner.Run("price", "--book", deals, "--curve", curve, "--out", tmp.Combine("p"));
        code.Should().Be(0, error);
        var lines = File.ReadAllLines(tmp.Combine("p", "prices.csv"));
        var price = lines[0].Split(',').Zip(lines[1].Split(',')).ToDictionary(p => p.First, p => p.Second);
        D(price["funding"]).Should().BeApproximately(0.035, ArithmeticTolerance);
        D(price["drawn"]).Should().Be(100);
        D(price["undrawn_charge"]).Should().BeApproximately(100 * (0.001 - 0.004) / 100, ArithmeticTolerance);

        var book = tmp.File("book.csv", columns + ",rate,ftp_rate\n" + deal + "," + price["min_rate"] + "," + price["funding"] + "\n");
        (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("r"));
        code.Should().Be(0, error);
        var loan = Loans(tmp.Combine("r"))[0];
        D(loan["ec"]).Should().Be(D(price["ec"]));
        D(loan["eva"]).Should().BeApproximately(0.0, EvaTolerance, "valued at its minimum rate a deal earns its hurdle");
    }

    [Fact]
    public void Raroc_DuplicateRowsRejected_AreNotCountedInTheFallbacks()
    {
        // The counts are of valued loans: a repeated loan_id rejected with --skip-invalid takes its fallbacks with it.
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", "loan_id,segment,asset_class,ead,drawn,pd,lgd,rate,ftp_rate,maturity,term\n" +
            "A,corp,corporate,100,,0.01,0.45,0.05,0.03,2.5,\n" +
            "B,corp,corporate,100,80,0.01,0.45,0.05,0.03,,3\n" +
            "A,corp,corporate,100,,0.01,0.45,0.05,0.03,2.5,\n");
        var (code, output, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"), "--skip-invalid");
        code.Should().Be(0, error);
        output.Should().Contain("loans read 3, valued 2, rejected 1");
        using var manifest = JsonDocument.Parse(File.ReadAllText(tmp.Combine("out", "manifest.json")));
        var fallbacks = manifest.RootElement.GetProperty("fallbacks");
        fallbacks.GetProperty("drawn_from_ead").GetInt64().Should().Be(1);
        fallbacks.GetProperty("term_from_maturity").GetInt64().Should().Be(1);
        fallbacks.GetProperty("maturity_from_term").GetInt64().Should().Be(1);
    }
}
