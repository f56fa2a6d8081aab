using System.Globalization;
using ValueCore.IO;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Cli;

/// <summary>valuecore scenario with the provision measure and the ccf shock, end to end.</summary>
public sealed class ScenarioProvisionCommandTests : IDisposable
{
    private const double Exact = 1e-12;
    private const string Matrix = "from,A,B,D\nA,0.9,0.08,0.02\nB,0.1,0.7,0.2\nD,0,0,1\n";
    private const string Header = "loan_id,segment,asset_class,ead,drawn,undrawn,pd,lgd,rate,ftp_rate,classification,eir,amortisation,remaining_term,dpd,pd_origination\n";
    private const string Rows =
        "L1,retail,retail_other,1000,800,400,0.01,0.4,0.05,0.02,A,0.05,bullet,2,0,0.03\n" +
        "L2,retail,retail_other,1000,1000,0,0.01,0.4,0.05,0.02,A,0.05,annuity,5,45,\n" +
        "L3,corp,retail_other,500,500,0,0.01,0.4,0.05,0.02,D,0.05,bullet,2,,\n" +
        "L4,corp,retail_other,700,600,200,0.02,0.3,0.05,0.02,B,0.04,linear,3.5,0,0.05\n" +
        "L5,corp,retail_other,300,300,,0.02,0.3,0.05,0.02,special_mention,0.04,bullet,1.5,0,\n";

    private const string Scenarios = """
        scenarios:
          - name: identity
            weight: 0.2
            shocks:
              - lgd: { add: 0 }
              - pd: { multiply: 1 }
          - name: down
            weight: 0.3
            migration: { z_shift: [-1.5, -0.5] }
            shocks:
              - where: { segment: retail }
                ead: { ccf: 0.9 }
              - lgd: { add: 0.1 }
          - name: same
            weight: 0.1
            migration: { matrix: m.csv }
        """;

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static double Num(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    private string Book(string rows = Rows, string header = Header) => _dir.File("book.csv", header + rows);

    private (int Code, string Out, string Error) Run(string book, string scenarios, params string[] extra) =>
        CliRunner.Run(["scenario", "--book", book, "--scenarios", scenarios, "--out", _dir.Combine("out"), .. extra]);

    [Fact]
    public void Scenario_ProvisionMeasure_FolderLayoutIdentityAndSameMatrixEqualBaselineAndBaselineEqualsProvisionEcl()
    {
        // States A, B, D; "special_mention" is not a state, so L5 is given as one: the matrix gets it below.
        const string matrix5 = "from,A,special_mention,B,D\nA,0.9,0.03,0.05,0.02\nspecial_mention,0.3,0.4,0.2,0.1\nB,0.1,0,0.7,0.2\nD,0,0,0,1\n";
        string book = Book();
        string m = _dir.File("m.csv", matrix5);
        string sc = _dir.File("s.yaml", Scenarios);
        var (code, output, error) = Run(book, sc, "--measures", "raroc,provision", "--matrix", m, "--rho", "0.1");
        code.Should().Be(0, error);
        output.Should().Contain("ECL");
        foreach (var s in new[] { "baseline", "identity", "down", "same" })
        {
            File.ReadAllLines(_dir.Combine("out", s, "loans.csv"))[0].Should().Be(string.Join(',', ["loan_id", .. RarocResultWriter.LoanFileColumns]), "raroc's loans.csv columns exactly");
            File.Exists(_dir.Combine("out", s, "by_segment.csv")).Should().BeTrue();
            foreach (var f in new[] { "loans.csv", "by_stage.csv", "by_segment.csv" })
            {
                File.Exists(_dir.Combine("out", s, "provision", f)).Should().BeTrue($"{s}/provision/{f}");
            }
        }

        foreach (var f in new[] { "loans.csv", "by_stage.csv", "by_segment.csv" })
        {
            var baseline = File.ReadAllBytes(_dir.Combine("out", "baseline", "provision", f));
            File.ReadAllBytes(_dir.Combine("out", "identity", "provision", f)).Should().Equal(baseline, "identity " + f);
            File.ReadAllBytes(_dir.Combine("out", "same", "provision", f)).Should().Equal(baseline, "replacement matrix equal to the base " + f);
        }

        // The baseline is `valuecore provision ecl` on the same book and matrix: per-loan file byte for byte, group files to the last bits.
        var (pc, _, perr) = CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--out", _dir.Combine("ecl"));
        pc.Should().Be(0, perr);
        File.ReadAllBytes(_dir.Combine("out", "baseline", "provision", "loans.csv")).Should().Equal(File.ReadAllBytes(_dir.Combine("ecl", "loans.csv")));
        foreach (var f in new[] { "by_stage.csv", "by_segment.csv" })
        {
            var ours = File.ReadAllLines(_dir.Combine("out", "baseline", "provision", f));
            var theirs = File.ReadAllLines(_dir.Combine("ecl", f));
            ours.Length.Should().Be(theirs.Length);
            ours[0].Should().Be(theirs[0]);
            for (int r = 1; r < ours.Length; r++)
            {
                var a = ours[r].Split(',');
                var b = theirs[r].Split(',');
                a[0].Should().Be(b[0]);
                for (int c = 1; c < a.Length; c++)
                {
                    (a[c].Length == 0 ? double.NaN : Num(a[c])).Should().BeApproximately(b[c].Length == 0 ? double.NaN : Num(b[c]), Exact * 1000, $"{f} row {r} column {c}");
                }
            }
        }

        // The comparison carries the provision figures; the weighted view is the probability-weighted sum (baseline weight 0.4).
        var comparison = File.ReadAllLines(_dir.Combine("out", "comparison.csv"));
        string Portfolio(string[] lines, string scenario, string figure) => lines.Single(l => l.StartsWith($"{scenario},portfolio,,{figure},", StringComparison.Ordinal));
        double Value(string[] lines, string scenario, string figure) => Num(Portfolio(lines, scenario, figure).Split(',')[5]);
        double baseEcl = Num(Portfolio(comparison, "down", "ecl").Split(',')[4]);
        Value(comparison, "identity", "ecl").Should().Be(baseEcl);
        Value(comparison, "down", "ecl").Should().BeGreaterThan(baseEcl);
        (Value(comparison, "down", "loans_stage1") + Value(comparison, "down", "loans_stage2") + Value(comparison, "down", "loans_stage3")).Should().Be(5);
        comparison.Should().Contain(l => l.StartsWith("down,group,retail,ecl,", StringComparison.Ordinal));
        var weighted = File.ReadAllLines(_dir.Combine("out", "weighted.csv"));
        double expected = (0.4 * baseEcl) + (0.2 * Value(comparison, "identity", "ecl")) + (0.3 * Value(comparison, "down", "ecl")) + (0.1 * Value(comparison, "same", "ecl"));
        Value(weighted, "weighted", "ecl").Should().BeApproximately(expected, Exact * expected);

        // The ccf shock: EAD = drawn + 0.9 x undrawn for the retail loans (closed form), in both the RAROC and the provision files.
        var down = File.ReadAllLines(_dir.Combine("out", "down", "provision", "loans.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0]);
        Num(down["L1"][5]).Should().Be(800 + (0.9 * 400));
        Num(down["L2"][5]).Should().Be(1000);
        Num(down["L4"][5]).Should().Be(700, "corp is not selected");
        var rarocDown = File.ReadAllLines(_dir.Combine("out", "down", "loans.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0]);
        Num(rarocDown["L1"][3]).Should().Be(800 + (0.9 * 400));
        File.ReadAllText(_dir.Combine("out", "manifest.json")).Should().Contain("\"provision\"");
    }

    [Fact]
    public void Scenario_ProvisionMissingColumnsAndBadValues_Exit3ListsThemWithLines()
    {
        string book = Book(
            "L1,retail,retail_other,1000,800,400,0.01,0.4,0.05,0.02,X,0.05,bullet,2,0,\nL2,retail,retail_other,1000,800,400,0.01,0.4,0.05,0.02,A,0.05,balloon,-1,0,\n",
            Header.Replace(",eir", ",eir_x", StringComparison.Ordinal));
        string m = _dir.File("m.csv", Matrix);
        string sc = _dir.File("s.yaml", "scenarios:\n  - name: a\n");
        var (code, _, error) = Run(book, sc, "--measures", "provision", "--matrix", m);
        code.Should().Be(3, error);
        error.Should().Contain("book.csv:1: the book has no eir column").And.Contain("book.csv:2: classification = X is not a state")
            .And.Contain("book.csv:3: amortisation = balloon").And.Contain("book.csv:3: remaining_term = -1");
        Directory.Exists(_dir.Combine("out")).Should().BeFalse();
    }

    [Fact]
    public void Scenario_UsageErrors_MatrixWithoutProvisionAndZShiftWithoutRho()
    {
        string book = Book();
        string m = _dir.File("m.csv", Matrix);
        string sc = _dir.File("s.yaml", "scenarios:\n  - name: a\n    migration: { z_shift: -1 }\n");
        var (code, _, error) = Run(book, sc, "--matrix", m);
        code.Should().Be(2);
        error.Should().Contain("add provision to --measures");
        (code, _, error) = Run(book, sc, "--measures", "provision", "--matrix", m);
        code.Should().Be(2);
        error.Should().Contain("needs --rho");
    }

    [Fact]
    public void Scenario_ReplacementMatrixMissingOrOnOtherStates_Exit3NamesTheScenario()
    {
        string book = Book();
        string m = _dir.File("m.csv", Matrix);
        _dir.File("other.csv", "from,A,D\nA,0.9,0.1\nD,0,1\n");
        string sc = _dir.File("s.yaml", "scenarios:\n  - name: gone\n    migration: { matrix: missing.csv }\n  - name: other\n    migration: { matrix: other.csv }\n");
        var (code, _, error) = Run(book, sc, "--measures", "provision", "--matrix", m);
        code.Should().Be(3, error);
        error.Should().Contain("s.yaml: migration.matrix = missing.csv of scenario 'gone' is not a file")
            .And.Contain("migration.matrix = other.csv of scenario 'other' has states (A,D)");
        Directory.Exists(_dir.Combine("out")).Should().BeFalse();
    }

    [Fact]
    public void Scenario_CcfShockWithoutUndrawnColumn_Exit3WithTheYamlLine()
    {
        string book = _dir.File("book.csv", "loan_id,segment,asset_class,ead,drawn,pd,lgd,rate,ftp_rate\nA1,cre,retail_other,1000,900,0.01,0.45,0.05,0.03\n");
        string sc = _dir.File("s.yaml", "scenarios:\n  - name: a\n    shocks:\n      - pd: { multiply: 2 }\n      - ead: { ccf: 0.5 }\n");
        var (code, _, error) = Run(book, sc);
        code.Should().Be(3);
        error.Should().Contain("s.yaml:5: ead.ccf = 0.5 needs the book's drawn and undrawn columns").And.Contain("no undrawn column");
    }

    [Fact]
    public void Scenario_CcfShockWithBadDrawn_Exit3WithTheBookLine()
    {
        string book = _dir.File("book.csv", "loan_id,segment,asset_class,ead,drawn,undrawn,pd,lgd,rate,ftp_rate\nA1,cre,retail_other,1000,900,100,0.01,0.45,0.05,0.03\nA2,cre,retail_other,1000,1100,-5,0.01,0.45,0.05,0.03\n");
        string sc = _dir.File("s.yaml", "scenarios:\n  - name: a\n    shocks:\n      - ead: { ccf: 0.5 }\n");
        var (code, _, error) = Run(book, sc);
        code.Should().Be(3);
        // An empty drawn cell is the documented fallback drawn = ead (issue 15 item 2); a drawn balance above the EAD is an error.
        error.Should().Contain("book.csv:3: drawn = 1100 exceeds ead = 1000").And.Contain("book.csv:3: undrawn = -5");
    }

    [Fact]
    public void Scenario_ProvisionMeasure_OneOrTwoThreads_ByteIdentical()
    {
        using var tmp = new TempFolder();
        string book = tmp.Combine("book.csv");
        var rows = new System.Text.StringBuilder(Header);
        string[] states = ["A", "A", "A", "B", "D"];
        for (int i = 0; i < 20_000; i++)
        {
            rows.Append(CultureInfo.InvariantCulture, $"L{i},s{i % 7},retail_other,{1000 + (i % 13)},{900 + (i % 13)},{i % 200},0.01,0.{30 + (i % 40)},0.05,0.02,{states[i % 5]},0.0{1 + (i % 8)},{(i % 3 == 0 ? "annuity" : "bullet")},{1 + (i % 11)}.5,{i % 60},0.0{1 + (i % 5)}\n");
        }

        File.WriteAllText(book, rows.ToString());
        string m = tmp.File("m.csv", Matrix);
        string sc = tmp.File("s.yaml", Scenarios);
        foreach (var threads in new[] { "1", "2" })
        {
            var (code, _, error) = CliRunner.Run("scenario", "--book", book, "--scenarios", sc, "--out", tmp.Combine("o" + threads), "--measures", "provision",
                "--matrix", m, "--rho", "0.1", "--threads", threads);
            code.Should().Be(0, error);
        }

        foreach (var f in new[] { "baseline/provision/loans.csv", "down/provision/by_segment.csv", "down/provision/loans.csv", "comparison.csv", "weighted.csv" })
        {
            File.ReadAllBytes(tmp.Combine("o1", f)).Should().Equal(File.ReadAllBytes(tmp.Combine("o2", f)), f);
        }
    }

    /// <summary>Per-segment matrices: retail on A, B, D (row A defaults 2%, B 20%); corp on A, special_mention, B, D (A 4%, B 30%).</summary>
    private const string CorpMatrix = "from,A,special_mention,B,D\nA,0.88,0.03,0.05,0.04\nspecial_mention,0.3,0.4,0.2,0.1\nB,0.1,0,0.6,0.3\nD,0,0,0,1\n";

    private const string SegmentScenarios = """
        scenarios:
          - name: identity
            shocks:
              - lgd: { add: 0 }
              - pd: { multiply: 1 }
          - name: down
            migration: { z_shift: [-1.5, -0.5] }
        """;

    /// <summary>The Belkin-Suchower-Forest conditional tail N((G(C) - sqrt(rho) Z) / sqrt(1 - rho)), from its definition.</summary>
    private static double Tail(double c, double rho, double z) =>
        ValueCore.Numerics.NormalDistribution.Cdf((ValueCore.Numerics.NormalDistribution.InverseCdf(c) - (Math.Sqrt(rho) * z)) / Math.Sqrt(1 - rho));

    /// <summary>The folder of per-segment matrices: retail.csv, and corp.csv unless <paramref name="withCorp"/> is false.</summary>
    private string Matrices(bool withCorp = true)
    {
        string dir = _dir.Combine("mats");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "retail.csv"), Matrix);
        if (withCorp)
        {
            File.WriteAllText(Path.Combine(dir, "corp.csv"), CorpMatrix);
        }

        return dir;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Scenario_PerSegmentMatrices_BaselineIsProvisionEclIdentityIsBaselineZShiftIsTheClosedFormPerSegment(bool corpByFallback)
    {
        // corp's matrix is DIR/corp.csv, or (corpByFallback) the --matrix fallback with the same content and no corp.csv.
        string book = Book();
        string dir = Matrices(withCorp: !corpByFallback);
        string[] fallback = corpByFallback ? ["--matrix", _dir.File("fallback.csv", CorpMatrix)] : [];
        string sc = _dir.File("s.yaml", SegmentScenarios);
        var (code, _, error) = Run(book, sc, ["--measures", "raroc,provision", "--matrix-by", "segment", "--matrices", dir, "--rho", "0.1", .. fallback]);
        code.Should().Be(0, error);
        var (pc, _, perr) = CliRunner.Run(["provision", "ecl", "--book", book, "--matrix-by", "segment", "--matrices", dir, .. fallback, "--out", _dir.Combine("ecl")]);
        pc.Should().Be(0, perr);
        File.ReadAllBytes(_dir.Combine("out", "baseline", "provision", "loans.csv")).Should().Equal(File.ReadAllBytes(_dir.Combine("ecl", "loans.csv")));
        foreach (var f in new[] { "loans.csv", "by_stage.csv", "by_segment.csv" })
        {
            File.ReadAllBytes(_dir.Combine("out", "identity", "provision", f)).Should().Equal(File.ReadAllBytes(_dir.Combine("out", "baseline", "provision", f)), "identity " + f);
        }

        // Z-shift: the 12-month PD (loans.csv column pd_12m) is the conditional default tail of the loan's row in its segment's matrix:
        // L1 retail A (2%), L2 retail A, L4 corp B (30%); the same B row of retail defaults 20%, so the segment's matrix is what acts.
        var down = File.ReadAllLines(_dir.Combine("out", "down", "provision", "loans.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0]);
        Num(down["L1"][8]).Should().BeApproximately(Tail(0.02, 0.1, -1.5), Exact);
        Num(down["L2"][8]).Should().BeApproximately(Tail(0.02, 0.1, -1.5), Exact);
        Num(down["L4"][8]).Should().BeApproximately(Tail(0.3, 0.1, -1.5), Exact);
        var baseline = File.ReadAllLines(_dir.Combine("out", "baseline", "provision", "loans.csv")).Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[0]);
        Num(baseline["L4"][8]).Should().BeApproximately(0.3, Exact);

        // The manifest names each segment's matrix file with its SHA-256 (and the fallback when given).
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(_dir.Combine("out", "manifest.json")));
        var provision = manifest.RootElement.GetProperty("parameters").GetProperty("provision");
        provision.GetProperty("matrix_by").GetString().Should().Be("segment");
        var files = provision.GetProperty("segment_matrices").EnumerateArray()
            .ToDictionary(e => e.GetProperty("segment").GetString()!, e => (e.GetProperty("matrix").GetString(), e.GetProperty("matrix_sha256").GetString()));
        files.Keys.Should().BeEquivalentTo(corpByFallback ? ["retail"] : ["corp", "retail"]);
        files["retail"].Should().Be(("retail.csv", OutputDirectory.Sha256(Path.Combine(dir, "retail.csv"))));
        if (corpByFallback)
        {
            provision.GetProperty("matrix_sha256").GetString().Should().Be(OutputDirectory.Sha256(_dir.Combine("fallback.csv")));
        }
        else
        {
            files["corp"].Should().Be(("corp.csv", OutputDirectory.Sha256(Path.Combine(dir, "corp.csv"))));
            provision.GetProperty("matrix").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        }
    }

    [Fact]
    public void Scenario_SegmentWithoutMatrixAndNoFallback_Exit3WithTheMessageOfProvisionEcl()
    {
        string book = Book();
        string dir = Matrices(withCorp: false);
        string sc = _dir.File("s.yaml", SegmentScenarios);
        var (code, _, error) = Run(book, sc, "--measures", "provision", "--matrix-by", "segment", "--matrices", dir, "--rho", "0.1");
        code.Should().Be(3, error);
        error.Should().Contain($"{dir}: no matrix corp.csv for segment 'corp' and no --matrix fallback");
        Directory.Exists(_dir.Combine("out")).Should().BeFalse();
        var (pc, _, perr) = CliRunner.Run("provision", "ecl", "--book", book, "--matrix-by", "segment", "--matrices", dir, "--out", _dir.Combine("ecl"));
        pc.Should().Be(3);
        error.Split('\n')[0].Trim().Should().Be(perr.Split('\n')[0].Trim(), "the message of valuecore provision ecl");
    }

    [Fact]
    public void Scenario_ClassificationNotAStateOfItsSegmentsMatrix_Exit3WithTheLineAsProvisionEcl()
    {
        // special_mention is a state of corp's matrix (L5 is fine), not of retail's: L2 (line 3) is reported, by both commands alike.
        string book = Book(Rows.Replace("L2,retail,retail_other,1000,1000,0,0.01,0.4,0.05,0.02,A,", "L2,retail,retail_other,1000,1000,0,0.01,0.4,0.05,0.02,special_mention,", StringComparison.Ordinal));
        string dir = Matrices();
        string sc = _dir.File("s.yaml", SegmentScenarios);
        var (code, _, error) = Run(book, sc, "--measures", "provision", "--matrix-by", "segment", "--matrices", dir, "--rho", "0.1");
        code.Should().Be(3, error);
        const string Expected = "book.csv:3: classification = special_mention is not a state of the matrix for segment 'retail' (A,B,D)";
        error.Should().Contain(Expected).And.NotContain("book.csv:6");
        var (pc, _, perr) = CliRunner.Run("provision", "ecl", "--book", book, "--matrix-by", "segment", "--matrices", dir, "--out", _dir.Combine("ecl"));
        pc.Should().Be(3);
        perr.Should().Contain(Expected);
    }

    [Fact]
    public void Scenario_PerSegmentMatrixUsageErrors_Exit2()
    {
        string book = Book();
        string dir = Matrices();
        string sc = _dir.File("s.yaml", SegmentScenarios);
        var (code, _, error) = Run(book, sc, "--measures", "provision", "--matrices", dir, "--rho", "0.1");
        code.Should().Be(2);
        error.Should().Contain("per-segment matrices need both --matrix-by segment and --matrices DIR");
        (code, _, error) = Run(book, sc, "--measures", "provision", "--matrix-by", "class", "--matrices", dir, "--rho", "0.1");
        code.Should().Be(2);
        error.Should().Contain("per-segment matrices need both");
        (code, _, error) = Run(book, sc, "--measures", "provision", "--matrix-by", "segment", "--matrices", _dir.Combine("none"), "--rho", "0.1");
        code.Should().Be(2);
        error.Should().Contain("no such folder");
        (code, _, error) = Run(book, sc, "--matrix-by", "segment", "--matrices", dir);
        code.Should().Be(2);
        error.Should().Contain("add provision to --measures");
        (code, _, error) = Run(book, sc, "--measures", "provision", "--rho", "0.1");
        code.Should().Be(2);
        error.Should().Contain("--matrix-by segment --matrices DIR");
    }

    [Fact]
    public void Scenario_ProvisionTwoYearMatrix_Exit3NamesThePeriod()
    {
        string book = Book(string.Join("\n", Rows.Split('\n').Take(4)) + "\n");
        string m = _dir.File("two.csv", "from,A,B,D,period_years\nA,0.8,0.1,0.1,2\nB,0.2,0.5,0.3,2\nD,0,0,1,2\n");
        string sc = _dir.File("s.yaml", "scenarios:\n  - name: a\n");
        var (code, _, error) = Run(book, sc, "--measures", "provision", "--matrix", m);
        code.Should().Be(3, error);
        error.Should().Contain("two.csv:2: period_years = 2").And.Contain("covers 2 years");
        Directory.Exists(_dir.Combine("out")).Should().BeFalse();
    }

    [Fact]
    public void Scenario_ProvisionSixMonthMatrix_EqualsItsSquareAsOneYearAndSaysSo()
    {
        // The six-month file and its hand-multiplied square (a one-year file) must give the same provisions (L1 to L4: states A, B, D).
        string book = Book(string.Join("\n", Rows.Split('\n').Take(4)) + "\n");
        string half = _dir.File("half.csv", "from,A,B,D,period_years\nA,0.9,0.05,0.05,0.5\nB,0.1,0.8,0.1,0.5\nD,0,0,1,0.5\n");
        // H^2 by hand: A row (0.815, 0.085, 0.1), B row (0.17, 0.645, 0.185).
        string year = _dir.File("year.csv", "from,A,B,D\nA,0.815,0.085,0.1\nB,0.17,0.645,0.185\nD,0,0,1\n");
        string sc = _dir.File("s.yaml", "scenarios:\n  - name: a\n");
        var (code, output, error) = Run(book, sc, "--measures", "provision", "--matrix", half);
        code.Should().Be(0, error);
        output.Should().Contain("half.csv covers 1/2 year").And.Contain("P^2");
        File.ReadAllText(_dir.Combine("out", "manifest.json")).Should().Contain("P^2");
        var a = File.ReadAllLines(_dir.Combine("out", "comparison.csv"));
        (code, _, error) = Run(book, sc, "--measures", "provision", "--matrix", year);
        code.Should().Be(0, error);
        var b = File.ReadAllLines(_dir.Combine("out", "comparison.csv"));
        a.Should().Contain(l => l.Contains(",ecl,", StringComparison.Ordinal));
        a.Length.Should().Be(b.Length);
        for (int i = 1; i < a.Length; i++)
        {
            var fa = a[i].Split(',');
            var fb = b[i].Split(',');
            fa.Length.Should().Be(fb.Length);
            for (int k = 0; k < fa.Length; k++)
            {
                if (double.TryParse(fa[k], NumberStyles.Float, CultureInfo.InvariantCulture, out double va))
                {
                    // The typed square and the computed one differ by rounding of the last digit only.
                    va.Should().BeApproximately(double.Parse(fb[k], CultureInfo.InvariantCulture), 1e-9, a[i]);
                }
                else
                {
                    fa[k].Should().Be(fb[k]);
                }
            }
        }
    }
}
