using System.Globalization;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Provisions;

public sealed class ProvisionCommandTests : IDisposable
{
    private const double Exact = 1e-12;
    private const string Matrix = "from,A,B,D\nA,0.9,0.08,0.02\nB,0.1,0.7,0.2\nD,0,0,1\n";
    private const string Header = "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,classification,eir,amortisation,remaining_term,dpd,pd_origination\n";

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private static Dictionary<string, string[]> Loans(string outDir)
    {
        var lines = File.ReadAllLines(Path.Combine(outDir, "loans.csv"));
        return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0]);
    }

    private string Book(params string[] rows) => _dir.File("book.csv", Header + string.Join("\n", rows) + "\n");

    [Fact]
    public void Ecl_ThreeLoans_StagesAndAllowancesMatchHandComputed()
    {
        var book = Book(
            "L1,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,2,0,",
            "L2,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,2,45,",
            "L3,retail,retail_other,500,0.01,0.4,0.05,0.02,D,0.05,bullet,2,,");
        var m = _dir.File("m.csv", Matrix);
        string o = _dir.Combine("out");
        var (code, _, err) = CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--out", o);
        code.Should().Be(0, err);
        var loans = Loans(o);
        double ecl12 = 0.4 * 1000 * 0.02 / 1.05;
        double eclLife = 0.4 * 1000 * ((0.02 / 1.05) + (0.034 / (1.05 * 1.05)));
        loans["L1"][3].Should().Be("1");
        loans["L1"][4].Should().Be("performing");
        Num(loans["L1"][12]).Should().BeApproximately(ecl12, Exact);
        loans["L2"][3].Should().Be("2");
        loans["L2"][4].Should().Be("dpd_over_30");
        Num(loans["L2"][12]).Should().BeApproximately(eclLife, Exact);
        loans["L3"][3].Should().Be("3");
        Num(loans["L3"][12]).Should().BeApproximately(200, Exact);
        var byStage = File.ReadAllLines(Path.Combine(o, "by_stage.csv"));
        byStage.Should().HaveCount(4);
        Num(byStage[3].Split(',')[3]).Should().BeApproximately(200, Exact);
        File.ReadAllText(Path.Combine(o, "summary.txt")).Should().Contain("Default states: D").And.Contain("dpd > 30");
        File.Exists(Path.Combine(o, "by_segment.csv")).Should().BeTrue();
    }

    [Fact]
    public void Ecl_Scenarios_WeightedBetweenScenarioMinAndMax()
    {
        var book = Book("L1,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,annuity,5,45,");
        var m = _dir.File("m.csv", Matrix);
        _dir.File("base.csv", Matrix);
        var sc = _dir.File("sc.csv", "scenario,weight,year,z,matrix\nbase,0.5,,,base.csv\ndown,0.3,1,-1.5,\ndown,0.3,2,-0.5,\nup,0.2,1,1,\n");
        string o = _dir.Combine("out");
        var (code, _, err) = CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--scenarios", sc, "--rho", "0.1", "--out", o);
        code.Should().Be(0, err);
        var l = Loans(o)["L1"];
        double baseEcl = Num(l[13]), down = Num(l[14]), up = Num(l[15]), ecl = Num(l[12]);
        down.Should().BeGreaterThan(baseEcl);
        ecl.Should().BeInRange(Math.Min(Math.Min(baseEcl, down), up), Math.Max(Math.Max(baseEcl, down), up));
        ecl.Should().BeApproximately((0.5 * baseEcl) + (0.3 * down) + (0.2 * up), 1e-9);

        // The replacement matrix equal to the book's matrix reproduces the unconditioned run.
        string o2 = _dir.Combine("out2");
        CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--out", o2).Code.Should().Be(0);
        Num(Loans(o2)["L1"][12]).Should().BeApproximately(baseEcl, Exact);
        File.ReadAllLines(Path.Combine(o, "scenarios.csv")).Should().HaveCount(4);
    }

    [Fact]
    public void Ecl_WeightsNotSummingToOne_Exit3NamesRule()
    {
        var book = Book("L1,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,2,0,");
        var m = _dir.File("m.csv", Matrix);
        var sc = _dir.File("sc.csv", "scenario,weight,z\nbase,0.5,0\ndown,0.4,-1\n");
        var (code, _, err) = CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--scenarios", sc, "--rho", "0.1", "--out", _dir.Combine("o"));
        code.Should().Be(3);
        err.Should().Contain("sc.csv").And.Contain("sum to 0.9");
        Directory.Exists(_dir.Combine("o")).Should().BeFalse();
    }

    [Fact]
    public void Ecl_BadRows_Exit3ListsEveryProblemWithLine()
    {
        var book = Book(
            "L1,retail,retail_other,1000,0.01,0.4,0.05,0.02,X,0.05,bullet,2,0,",
            "L2,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,,bullet,2,0,",
            "L3,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,balloon,-1,0,");
        var m = _dir.File("m.csv", Matrix);
        var (code, _, err) = CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--out", _dir.Combine("o"));
        code.Should().Be(3);
        err.Should().Contain("book.csv:2: classification = X").And.Contain("book.csv:3: eir")
            .And.Contain("book.csv:4: amortisation = balloon").And.Contain("book.csv:4: remaining_term = -1");
    }

    [Fact]
    public void Ecl_MaturityBeforeReportingDate_Exit3()
    {
        var book = _dir.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,classification,eir,amortisation,maturity_date\n" +
            "L1,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,2024-06-30\nL2,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,2026-12-31\n");
        var m = _dir.File("m.csv", Matrix);
        var (code, _, err) = CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--as-of", "2024-12-31", "--out", _dir.Combine("o"));
        code.Should().Be(3);
        err.Should().Contain("book.csv:2: maturity_date = 2024-06-30 is not after the reporting date 2024-12-31");
        CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--out", _dir.Combine("o")).Code.Should().Be(2);
    }

    [Fact]
    public void Migration_HorizonTwoYears_ProvisionAndIndividualFlag()
    {
        var book = Book(
            "L1,retail,retail_other,1000,0.01,0.5,0.05,0.02,A,0.05,bullet,2,0,",
            "L2,retail,retail_other,300,0.01,0.5,0.05,0.02,D,0.05,bullet,2,0,");
        var m = _dir.File("m.csv", Matrix);
        string o = _dir.Combine("out");
        var (code, _, err) = CliRunner.Run("provision", "migration", "--book", book, "--matrix", m, "--horizon", "2", "--out", o);
        code.Should().Be(0, err);
        var loans = Loans(o);
        Num(loans["L1"][5]).Should().BeApproximately(0.054, Exact); // [P^2]_{A,D} by hand
        Num(loans["L1"][6]).Should().BeApproximately(1000 * 0.054 * 0.5, Exact);
        loans["L2"][6].Should().BeEmpty();
        loans["L2"][7].Should().Be("individual");
        var seg = File.ReadAllLines(Path.Combine(o, "by_segment.csv"))[1].Split(',');
        Num(seg[4]).Should().BeApproximately(0.054 * 0.5, Exact); // coverage on the collective exposure

        string o2 = _dir.Combine("out2");
        CliRunner.Run("provision", "migration", "--book", book, "--matrix", m, "--default-states", "B,D", "--provision-defaulted", "--out", o2).Code.Should().Be(0);
        var l2 = Loans(o2);
        Num(l2["L1"][5]).Should().BeApproximately(0.1, Exact); // first passage into {B, D}
        Num(l2["L2"][6]).Should().BeApproximately(150, Exact);
        l2["L2"][7].Should().Be("defaulted_at_lgd");
    }

    [Fact]
    public void Migration_PerSegmentMatrices_MissingSegmentWithoutFallback_Exit3()
    {
        var book = Book(
            "L1,retail,retail_other,1000,0.01,0.5,0.05,0.02,A,0.05,bullet,2,0,",
            "L2,sme,retail_other,1000,0.01,0.5,0.05,0.02,A,0.05,bullet,2,0,");
        Directory.CreateDirectory(_dir.Combine("mats"));
        File.WriteAllText(_dir.Combine("mats", "retail.csv"), Matrix);
        var (code, _, err) = CliRunner.Run("provision", "migration", "--book", book, "--matrix-by", "segment", "--matrices", _dir.Combine("mats"), "--out", _dir.Combine("o"));
        code.Should().Be(3);
        err.Should().Contain("segment 'sme'");
        File.WriteAllText(_dir.Combine("mats", "sme.csv"), "from,A,B,D\nA,0.8,0.1,0.1\nB,0.1,0.7,0.2\nD,0,0,1\n");
        string o = _dir.Combine("out");
        CliRunner.Run("provision", "migration", "--book", book, "--matrix-by", "segment", "--matrices", _dir.Combine("mats"), "--out", o).Code.Should().Be(0);
        Num(Loans(o)["L2"][5]).Should().BeApproximately(0.1, Exact);
        Num(Loans(o)["L1"][5]).Should().BeApproximately(0.02, Exact);
    }

    [Fact]
    public void Ecl_OpeningBook_MovementReconcilesOpeningToClosing()
    {
        var open = _dir.File("open.csv", Header +
            "L1,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,3,0,\n" +
            "L2,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,3,0,\n" +
            "L9,retail,retail_other,800,0.01,0.4,0.05,0.02,B,0.05,linear,3,0,\n");
        var book = Book(
            "L1,retail,retail_other,900,0.01,0.4,0.05,0.02,A,0.05,bullet,2,0,",
            "L2,retail,retail_other,900,0.01,0.4,0.05,0.02,A,0.05,bullet,2,45,",
            "L5,retail,retail_other,500,0.01,0.4,0.05,0.02,A,0.05,annuity,4,0,");
        var m = _dir.File("m.csv", Matrix);
        string o = _dir.Combine("out"), oo = _dir.Combine("open-out");
        var (code, _, err) = CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--opening-book", open, "--watch-states", "none", "--out", o);
        code.Should().Be(0, err);
        CliRunner.Run("provision", "ecl", "--book", open, "--matrix", m, "--watch-states", "none", "--out", oo).Code.Should().Be(0);
        var closing = Loans(o);
        var opening = Loans(oo);
        var mv = File.ReadAllLines(Path.Combine(o, "movement.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0], f => f.Skip(1).Select(Num).ToArray());
        for (int c = 0; c < 4; c++)
        {
            double sum = mv["opening"][c] + mv["transfer_to_stage1"][c] + mv["transfer_to_stage2"][c] + mv["transfer_to_stage3"][c]
                + mv["new"][c] + mv["derecognised"][c] + mv["remeasurement"][c];
            sum.Should().BeApproximately(mv["closing"][c], 1e-9);
        }

        mv["derecognised"][0].Should().BeApproximately(-Num(opening["L9"][12]), Exact);
        mv["transfer_to_stage2"][0].Should().BeApproximately(-Num(opening["L2"][12]), Exact);
        mv["transfer_to_stage2"][1].Should().BeApproximately(Num(opening["L2"][12]), Exact);
        mv["new"][0].Should().BeApproximately(Num(closing["L5"][12]), Exact);
        mv["closing"][3].Should().BeApproximately(closing.Values.Sum(f => Num(f[12])), 1e-9);
    }

    [Fact]
    public void Ecl_UnderGermanCulture_WritesIdenticalBytes()
    {
        var book = Book(
            "L1,retail,retail_other,1000.5,0.01,0.4,0.05,0.02,A,0.05,annuity,2.5,0,0.001",
            "L2,retail,retail_other,1000,0.01,0.4,0.05,0.02,B,0.05,linear,7.25,0,");
        var m = _dir.File("m.csv", Matrix);
        var sc = _dir.File("sc.csv", "scenario,weight,z\nbase,0.6,0\ndown,0.4,-1.25\n");
        string o1 = _dir.Combine("o1"), o2 = _dir.Combine("o2");
        CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--scenarios", sc, "--rho", "0.12", "--periods", "quarterly", "--out", o1).Code.Should().Be(0);
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--scenarios", sc, "--rho", "0.12", "--periods", "quarterly", "--out", o2).Code.Should().Be(0);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        foreach (var f in new[] { "loans.csv", "by_stage.csv", "by_segment.csv", "scenarios.csv", "summary.txt" })
        {
            File.ReadAllBytes(Path.Combine(o2, f)).Should().Equal(File.ReadAllBytes(Path.Combine(o1, f)), f);
        }
    }

    [Fact]
    public void Generator_HalfYearHorizonExactAndPartYearInterpolated()
    {
        const string header = "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,classification,eir,amortisation,remaining_term\n";
        var book = _dir.File("book.csv", header + "L1,retail,retail_other,1000,0.01,0.5,0.05,0.02,P,0.04,bullet,1.5\n");
        var g = _dir.File("g.csv", "from,P,D\nP,-0.1,0.1\nD,0,0\n");
        string o = _dir.Combine("m");
        CliRunner.Run("provision", "migration", "--book", book, "--generator", g, "--horizon", "0.5", "--out", o).Code.Should().Be(0);
        Num(Loans(o)["L1"][5]).Should().BeApproximately(1 - Math.Exp(-0.05), Exact); // exp(h Lambda), h = 0.5
        string e = _dir.Combine("e");
        CliRunner.Run("provision", "ecl", "--book", book, "--generator", g, "--out", e).Code.Should().Be(0);
        double c1 = 1 - Math.Exp(-0.1), c2 = 1 - Math.Exp(-0.2), c15 = c1 + (0.5 * (c2 - c1));
        var l = Loans(e)["L1"];
        Num(l[9]).Should().BeApproximately(c15, Exact);
        Num(l[11]).Should().BeApproximately(0.5 * 1000 * ((c1 / 1.04) + ((c15 - c1) * Math.Pow(1.04, -1.5))), 1e-9);
    }
    [Fact]
    public void BothCommands_WriteManifestWithInputHashesRowsAndOptions()
    {
        var book = Book(
            "L1,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,2,0,",
            "L2,retail,retail_other,1000,0.01,0.4,0.05,0.02,B,0.05,linear,3,45,");
        var m = _dir.File("m.csv", Matrix);
        var sc = _dir.File("sc.csv", "scenario,weight,z\nbase,0.6,0\ndown,0.4,-1.25\n");
        string e = _dir.Combine("e"), g = _dir.Combine("g");
        CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--scenarios", sc, "--rho", "0.12", "--prepayment", "0.02", "--out", e).Code.Should().Be(0);
        CliRunner.Run("provision", "migration", "--book", book, "--matrix", m, "--horizon", "0.5", "--out", g).Code.Should().Be(0);
        static string Sha(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
        using (var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(e, "manifest.json"))))
        {
            var root = doc.RootElement;
            root.GetProperty("tool").GetString().Should().Be("valuecore provision ecl");
            var inputs = root.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("role").GetString()!, i => i.GetProperty("sha256").GetString());
            inputs["book"].Should().Be(Sha(book));
            inputs["matrix"].Should().Be(Sha(m));
            inputs["scenarios"].Should().Be(Sha(sc));
            root.GetProperty("rows").GetProperty("read").GetInt64().Should().Be(2);
            root.GetProperty("rows").GetProperty("valued").GetInt64().Should().Be(2);
            root.GetProperty("rows").GetProperty("rejected").GetInt64().Should().Be(0);
            var parameters = root.GetProperty("parameters");
            parameters.GetProperty("option_rho").GetString().Should().Be("0.12");
            parameters.GetProperty("prepayment_rate").GetDouble().Should().Be(0.02);
            parameters.GetProperty("horizon_years").GetInt32().Should().Be(3);
            root.GetProperty("assumptions").EnumerateArray().Select(a => a.GetString()).Should().Contain(a => a!.StartsWith("Default states: D", StringComparison.Ordinal));
        }

        using (var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(g, "manifest.json"))))
        {
            var root = doc.RootElement;
            root.GetProperty("tool").GetString().Should().Be("valuecore provision migration");
            root.GetProperty("parameters").GetProperty("horizon_years").GetDouble().Should().Be(0.5);
            root.GetProperty("rows").GetProperty("valued").GetInt64().Should().Be(2);
            root.GetProperty("inputs")[0].GetProperty("sha256").GetString().Should().Be(Sha(book));
        }
    }
    [Theory]
    [InlineData("ecl")]
    [InlineData("migration")]
    public void Threads_OneVersusFour_ByteIdenticalOutputs(string command)
    {
        string book = EclCsvJobTests.Book(_dir, 20_000, 9);
        var m = _dir.File("m4.csv", "from,A,B,C,D\nA,0.9,0.07,0.02,0.01\nB,0.1,0.75,0.1,0.05\nC,0.02,0.1,0.68,0.2\nD,0,0,0,1\n");
        string o1 = _dir.Combine("t1"), o4 = _dir.Combine("t4");
        CliRunner.Run("provision", command, "--book", book, "--matrix", m, "--threads", "1", "--out", o1).Code.Should().Be(0);
        CliRunner.Run("provision", command, "--book", book, "--matrix", m, "--threads", "4", "--out", o4).Code.Should().Be(0);
        var files = Directory.GetFiles(o1).Select(Path.GetFileName).Where(f => f != "manifest.json").ToList();
        files.Should().Contain("loans.csv").And.Contain("summary.txt");
        foreach (var f in files)
        {
            File.ReadAllBytes(Path.Combine(o4, f!)).Should().Equal(File.ReadAllBytes(Path.Combine(o1, f!)), f);
        }
    }

    [Fact]
    public void Ecl_SixMonthMatrix_UsesItsSquareAndSaysSo()
    {
        // Six-month matrix H (period_years 0.5); the one-year PD from A is (H^2)[A, D] = 0.9 x 0.05 + 0.05 x 0.1 + 0.05 x 1
        // = 0.1 (hand-multiplied), so L1's 12-month ECL is 0.4 x 1000 x 0.1 / 1.05 (read as a one-year matrix: 0.05).
        var book = Book("L1,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,2,0,");
        var m = _dir.File("half.csv", "from,A,B,D,period_years\nA,0.9,0.05,0.05,0.5\nB,0.1,0.8,0.1,0.5\nD,0,0,1,0.5\n");
        string o = _dir.Combine("out");
        var (code, _, err) = CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--out", o);
        code.Should().Be(0, err);
        Num(Loans(o)["L1"][12]).Should().BeApproximately(0.4 * 1000 * 0.1 / 1.05, Exact);
        File.ReadAllText(Path.Combine(o, "summary.txt")).Should().Contain("half.csv covers 1/2 year").And.Contain("P^2");
        File.ReadAllText(Path.Combine(o, "manifest.json")).Should().Contain("P^2");
    }

    [Fact]
    public void Migration_TwoYearMatrix_ExitsThreeNamingThePeriod()
    {
        var book = Book("L1,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,2,0,");
        var m = _dir.File("two.csv", "from,A,B,D,period_years\nA,0.8,0.1,0.1,2\nB,0.2,0.5,0.3,2\nD,0,0,1,2\n");
        string o = _dir.Combine("out");
        var (code, _, err) = CliRunner.Run("provision", "migration", "--book", book, "--matrix", m, "--out", o);
        code.Should().Be(3);
        err.Should().Contain("two.csv:2: period_years = 2").And.Contain("covers 2 years");
        (code, _, err) = CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--out", o);
        code.Should().Be(3);
        err.Should().Contain("covers 2 years");
        Directory.Exists(o).Should().BeFalse();
    }
}
