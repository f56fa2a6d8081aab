using System.Globalization;
using ValueCore.Cli;

namespace ValueCore.Tests.Impairment;

public sealed class ImpairCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vc-impair-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        using var o = new StringWriter(CultureInfo.InvariantCulture);
        using var e = new StringWriter(CultureInfo.InvariantCulture);
        int code = CommandLine.Run(args, new CliContext(o, e));
        return (code, o.ToString(), e.ToString());
    }

    private const string Loans = """
        loan_id,carrying_amount,reporting_date,eir,origination_date,principal,fees,rate,maturity_date,amortisation,payment_frequency
        LYON,10800000,2017-12-31,0.08,,,,,,,
        TERMS,700000,2017-12-31,,2014-12-31,1000000,10000,0.06,2024-12-31,annuity,monthly
        """;

    private const string Flows = """
        loan_id,scenario,probability,date,amount,kind,haircut,cost_to_sell
        LYON,impaired,1,2018-12-31,500000,repayment,,
        LYON,impaired,1,2019-12-31,500000,repayment,,
        LYON,impaired,1,2020-12-31,500000,repayment,,
        LYON,impaired,1,2021-12-31,500000,repayment,,
        LYON,impaired,1,2022-12-31,8500000,repayment,,
        TERMS,cure,0.25,2018-06-30,300000,repayment,,
        TERMS,liquidation,0.75,2018-12-31,800000,collateral,0.25,20000
        TERMS,liquidation,0.75,2018-03-31,-15000,cost,,
        """;

    [Fact]
    public void Impair_ValidFiles_WritesResultsThatMatchTheLibrary()
    {
        string loans = Write("impaired.csv", Loans), flows = Write("cashflows.csv", Flows), outDir = Path.Combine(_dir, "out");
        var (code, stdout, _) = Run("impair", "--loans", loans, "--cashflows", flows, "--day-count", "30/360", "--roll-forward", "2018-12-31,2019-12-31", "--out", outDir);
        code.Should().Be(0);
        stdout.Should().Contain("loans_valued                      2");
        var lines = File.ReadAllLines(Path.Combine(outDir, "impairment.csv"));
        lines[0].Should().Be("loan_id,reporting_date,carrying_amount,eir,eir_source,pv_expected,allowance,coverage,net_carrying_amount,scenarios,note,pv_cure,pv_impaired,pv_liquidation");
        var lyon = lines[1].Split(',');
        double v5 = Math.Pow(1.08, -5), pv = (500_000 * (1 - v5) / 0.08) + (8_000_000 * v5);
        double.Parse(lyon[5], CultureInfo.InvariantCulture).Should().BeApproximately(pv, 1e-6);
        lines[2].Should().StartWith("TERMS,2017-12-31,700000,").And.Contain(",terms,");
        File.ReadAllLines(Path.Combine(outDir, "roll_forward.csv")).Should().HaveCount(1 + (2 * 2));
        File.ReadAllLines(Path.Combine(outDir, "rejected.csv")).Should().ContainSingle();
        File.ReadAllText(Path.Combine(outDir, "manifest.json")).Should().Contain("\"day_count\": \"30/360\"");
    }

    [Fact]
    public void Impair_SameInputAnyThreadCountOrCulture_ByteIdenticalOutputs()
    {
        string loans = Write("impaired.csv", Loans), flows = Write("cashflows.csv", Flows);
        Run("impair", "--loans", loans, "--cashflows", flows, "--threads", "1", "--out", Path.Combine(_dir, "a")).Code.Should().Be(0);
        var culture = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Run("impair", "--loans", loans, "--cashflows", flows, "--threads", "2", "--out", Path.Combine(_dir, "b")).Code.Should().Be(0);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        foreach (var f in new[] { "impairment.csv", "scenarios.csv", "summary.csv", "rejected.csv" })
        {
            File.ReadAllBytes(Path.Combine(_dir, "b", f)).Should().Equal(File.ReadAllBytes(Path.Combine(_dir, "a", f)));
        }
    }

    [Fact]
    public void Impair_FileOfSeveralChunks_ByteIdenticalOnOneAndManyThreads()
    {
        // 12,000+ cash-flow rows: more than one chunk of the parallel reader, with rejects spread over them.
        var ci = CultureInfo.InvariantCulture;
        var loans = new System.Text.StringBuilder("loan_id,carrying_amount,reporting_date,eir\n");
        var flows = new System.Text.StringBuilder("loan_id,scenario,probability,date,amount,kind,haircut,cost_to_sell\n");
        var rng = new Random(17);
        for (int i = 0; i < 1500; i++)
        {
            loans.Append(ci, $"L{i},{rng.Next(1000, 9000)},2024-12-31,{rng.NextDouble() * 0.1:R}\n");
            foreach (var (scenario, p) in new[] { ("cure", "0.4"), ("sale", i % 97 == 0 ? "0.5" : "0.6") })
            {
                for (int k = 1; k <= 4; k++)
                {
                    string date = new DateOnly(2024, 12, 31).AddDays(k * (i % 89 == 0 ? -30 : 90)).ToString("yyyy-MM-dd", ci);
                    flows.Append(ci, $"L{i},{scenario},{p},{date},{rng.Next(10, 900)},{(k == 4 ? "collateral,0.2,5" : "repayment,,")}\n");
                }
            }
        }

        flows.Append("GHOST,x,1,2025-01-31,5,repayment,,\n");
        string l = Write("impaired.csv", loans.ToString()), f = Write("cashflows.csv", flows.ToString());
        Run("impair", "--loans", l, "--cashflows", f, "--skip-invalid", "--roll-forward", "2025-12-31", "--threads", "1", "--out", Path.Combine(_dir, "a"))
            .Code.Should().Be(0);
        Run("impair", "--loans", l, "--cashflows", f, "--skip-invalid", "--roll-forward", "2025-12-31", "--threads", "3", "--out", Path.Combine(_dir, "b"))
            .Code.Should().Be(0);
        File.ReadAllLines(Path.Combine(_dir, "a", "rejected.csv")).Length.Should().BeGreaterThan(30);
        foreach (var name in new[] { "impairment.csv", "scenarios.csv", "summary.csv", "rejected.csv", "roll_forward.csv" })
        {
            File.ReadAllBytes(Path.Combine(_dir, "b", name)).Should().Equal(File.ReadAllBytes(Path.Combine(_dir, "a", name)), name);
        }

        File.ReadAllText(Path.Combine(_dir, "a", "manifest.json")).Should().Contain("\"cash_flow_rows_read\": 12001");
    }

    [Fact]
    public void Impair_InvalidRows_Exit3ListingFileLineAndValue_AndWritesNothing()
    {
        string loans = Write("impaired.csv", Loans + "\nBAD,-1,2017-12-31,0.05,,,,,,,\nUNPARSED,100,31.12.2017,0.05,,,,,,,\n");
        string flows = Write("cashflows.csv", Flows + "\nBAD,x,1,2018-01-31,5,repayment,,\nUNPARSED,x,1,2018-01-31,5,repayment,,\nGHOST,x,1,2018-01-31,5,repayment,,\nTERMS,x,0.5,2018-01-31,5,repayment,,\n");
        string outDir = Path.Combine(_dir, "out");
        var (code, _, error) = Run("impair", "--loans", loans, "--cashflows", flows, "--out", outDir);
        code.Should().Be(3);
        error.Should().Contain("impaired.csv:4: carrying_amount = -1 must be a finite number >= 0");
        error.Should().Contain("impaired.csv:5: reporting_date = 31.12.2017 is not a date in yyyy-MM-dd form");
        error.Should().Contain("cashflows.csv:12: loan_id = GHOST is not in impaired.csv");
        error.Should().Contain("probability = 1.5 is the sum of the scenario probabilities of loan TERMS");
        Directory.Exists(outDir).Should().BeFalse();
    }

    [Fact]
    public void Impair_SkipInvalid_EveryLoanInOutputOrRejects()
    {
        string loans = Write("impaired.csv", Loans + "\nBAD,-1,2017-12-31,0.05,,,,,,,\nNOFLOWS,100,2017-12-31,0.05,,,,,,,\n");
        string flows = Write("cashflows.csv", Flows + "\nGHOST,x,1,2018-01-31,5,repayment,,\n");
        string outDir = Path.Combine(_dir, "out");
        var (code, stdout, _) = Run("impair", "--loans", loans, "--cashflows", flows, "--skip-invalid", "--out", outDir);
        code.Should().Be(0);
        stdout.Should().Contain("loan_rows_read                    4").And.Contain("loans_valued                      2").And.Contain("loan_rows_rejected                2").And.Contain("cash_flow_only_loans              1");
        var rejects = File.ReadAllLines(Path.Combine(outDir, "rejected.csv"));
        rejects.Skip(1).Select(l => l.Split(',')[0]).Should().BeEquivalentTo(["BAD", "NOFLOWS", "GHOST"]);
    }

    [Fact]
    public void Impair_ZeroPvFlag_ValuesLoanWithoutScenarios()
    {
        string loans = Write("impaired.csv", Loans + "\nNOFLOWS,100,2017-12-31,0.05,,,,,,,\n");
        string flows = Write("cashflows.csv", Flows);
        string outDir = Path.Combine(_dir, "out");
        Run("impair", "--loans", loans, "--cashflows", flows, "--zero-pv-without-scenarios", "--out", outDir).Code.Should().Be(0);
        File.ReadAllLines(Path.Combine(outDir, "impairment.csv"))[3].Should().StartWith("NOFLOWS,2017-12-31,100,0.05,given,0,100,1,0,0,no_scenarios_zero_pv");
    }

    [Fact]
    public void Impair_AsOfAndRemeasurementRows_MeasureAtAsOfAndRemeasureInRollForward()
    {
        string loans = Write("impaired.csv", "loan_id,carrying_amount,eir\nA,1000,0.1\n");
        string flows = Write("cashflows.csv", """
            loan_id,scenario,probability,date,amount,kind,as_of
            A,cure,1,2021-12-31,1100,repayment,
            A,loss,1,2021-12-31,550,repayment,2020-12-31
            """);
        string outDir = Path.Combine(_dir, "out");
        var (code, _, error) = Run("impair", "--loans", loans, "--cashflows", flows, "--as-of", "2019-12-31", "--day-count", "30/360",
            "--roll-forward", "2020-12-31,2021-12-31", "--out", outDir);
        code.Should().Be(0, error);
        var rf = File.ReadAllLines(Path.Combine(outDir, "roll_forward.csv"));
        // 2020: unwind 10% of 909.09 = 90.91; new estimate 550 / 1.1 = 500 vs 1,000 expected: remeasurement +500.
        var p1 = rf[1].Split(',');
        double.Parse(p1[4], CultureInfo.InvariantCulture).Should().BeApproximately(-1100 / 1.21 * 0.1, 1e-9);
        double.Parse(p1[5], CultureInfo.InvariantCulture).Should().BeApproximately(1000 - 500, 1e-9);
        double.Parse(p1[11], CultureInfo.InvariantCulture).Should().BeApproximately(500, 1e-9);

        string wrong = Write("impaired2.csv", "loan_id,carrying_amount,reporting_date,eir\nA,1000,2018-12-31,0.1\n");
        Run("impair", "--loans", wrong, "--cashflows", flows, "--as-of", "2019-12-31", "--out", outDir).Error
            .Should().Contain("impaired2.csv:2: reporting_date = 2018-12-31 differs from the measurement date 2019-12-31");
    }

    [Fact]
    public void Impair_UsageErrors_Exit2()
    {
        string loans = Write("impaired.csv", Loans), flows = Write("cashflows.csv", Flows);
        Run("impair", "--loans", loans, "--cashflows", flows, "--day-count", "act/999", "--out", Path.Combine(_dir, "out")).Code.Should().Be(2);
        Run("impair", "--loans", loans, "--cashflows", flows, "--roll-forward", "2019-12-31,2018-12-31", "--out", Path.Combine(_dir, "out")).Code.Should().Be(2);
        Run("impair", "--loans", Path.Combine(_dir, "missing.csv"), "--cashflows", flows, "--out", Path.Combine(_dir, "out")).Code.Should().Be(2);
        Run("impair", "--help").Code.Should().Be(0);
    }

    [Fact]
    public void ImpairEir_ContractualFlows_WritesEirAndSchedule()
    {
        string flows = Write("contractual.csv", """
            loan_id,date,amount
            SME-BOND,2019-12-31,-950
            SME-BOND,2020-12-31,40
            SME-BOND,2021-12-31,40
            SME-BOND,2022-12-31,40
            SME-BOND,2023-12-31,40
            SME-BOND,2024-12-31,1140
            """);
        string outDir = Path.Combine(_dir, "eir");
        var (code, stdout, _) = Run("impair", "eir", "--cashflows", flows, "--day-count", "30/360", "--out", outDir);
        code.Should().Be(0, stdout);
        var eir = File.ReadAllLines(Path.Combine(outDir, "eir.csv"))[1].Split(',');
        double.Parse(eir[1], CultureInfo.InvariantCulture).Should().BeApproximately(0.069583, 2e-6); // IFRS for SMEs (2009) s11 example
        var schedule = File.ReadAllLines(Path.Combine(outDir, "schedule.csv"));
        schedule.Should().HaveCount(6);
        schedule[1].Should().StartWith("SME-BOND,1,2020-12-31,950,66.105");
    }

    [Fact]
    public void ImpairEir_NoSignChange_Exit3NamingLoanUnlessRejected()
    {
        string flows = Write("contractual.csv", "loan_id,date,amount\nOK,2020-01-01,-100\nOK,2021-01-01,110\nBAD,2020-01-01,-100\nBAD,2021-01-01,100\nBAD,2022-01-01,-100\n");
        var (code, _, error) = Run("impair", "eir", "--cashflows", flows, "--out", Path.Combine(_dir, "x"));
        code.Should().Be(3);
        error.Should().Contain("contractual.csv:4: loan_id = BAD effective interest rate not found (NoSignChange)");
        Run("impair", "eir", "--cashflows", flows, "--skip-invalid", "--out", Path.Combine(_dir, "y")).Code.Should().Be(0);
        File.ReadAllLines(Path.Combine(_dir, "y", "rejected.csv")).Should().HaveCount(2);
        File.ReadAllLines(Path.Combine(_dir, "y", "eir.csv")).Should().HaveCount(2);
    }

    [Fact]
    public void ImpairEir_UnparsableRows_Exit3WithLineAndValue()
    {
        string flows = Write("contractual.csv", "loan_id,date,amount\nA,2020-01-01,-1,5\nA,2020-13-01,1\nA,2021-01-01,1;5\n");
        var (code, _, error) = Run("impair", "eir", "--cashflows", flows, "--out", Path.Combine(_dir, "x"));
        code.Should().Be(3);
        error.Should().Contain("contractual.csv:2: has 4 fields; the header has 3");
        error.Should().Contain("contractual.csv:3: date = 2020-13-01 is not a date in yyyy-MM-dd form");
        error.Should().Contain("contractual.csv:4: amount = 1;5 is not a finite number");
    }

    [Fact]
    public void Impair_SkipInvalidWithRepeatedRow_ReadEqualsValuedPlusRejected()
    {
        // Invariant (docs/conventions.md): loan rows read = valued + rejected. Both rows of a repeated loan_id are
        // rejected, so 3 rows read = 1 valued + 2 rejected (before: "loans_rejected 1", one identifier).
        string loans = Write("impaired.csv", "loan_id,carrying_amount,reporting_date,eir\nA,100,2017-12-31,0.05\nA,100,2017-12-31,0.05\nB,100,2017-12-31,0.05\n");
        string flows = Write("cashflows.csv", "loan_id,scenario,probability,date,amount,kind\nA,s,1,2018-12-31,50,repayment\nB,s,1,2018-12-31,50,repayment\n");
        string outDir = Path.Combine(_dir, "out");
        var (code, stdout, error) = Run("impair", "--loans", loans, "--cashflows", flows, "--skip-invalid", "--out", outDir);
        code.Should().Be(0, error);
        stdout.Should().Contain("loan_rows_read                    3").And.Contain("loans_valued                      1")
            .And.Contain("loan_rows_rejected                2").And.Contain("cash_flow_only_loans              0");
        File.ReadAllLines(Path.Combine(outDir, "rejected.csv")).Skip(1).Should().HaveCount(2).And.OnlyContain(l => l.StartsWith("A,", StringComparison.Ordinal));
        File.Exists(Path.Combine(outDir, "rejects.csv")).Should().BeFalse();
    }

    [Fact]
    public void Impair_SkipInvalidHeaderOnlyLoansWithFlows_NoLoanRowCountedAsRejected()
    {
        // A header-only loan file: 0 rows read = 0 valued + 0 rejected; the identifier found only in the cash flows is
        // rejected and counted apart (before: "loans_rejected 1" against 0 rows read).
        string loans = Write("impaired.csv", "loan_id,carrying_amount,reporting_date,eir\n");
        string flows = Write("cashflows.csv", "loan_id,scenario,probability,date,amount,kind\nGHOST,s,1,2018-12-31,50,repayment\n");
        string outDir = Path.Combine(_dir, "out");
        var (code, stdout, error) = Run("impair", "--loans", loans, "--cashflows", flows, "--skip-invalid", "--out", outDir);
        code.Should().Be(0, error);
        stdout.Should().Contain("loan_rows_read                    0").And.Contain("loans_valued                      0")
            .And.Contain("loan_rows_rejected                0").And.Contain("cash_flow_only_loans              1");
        File.ReadAllText(Path.Combine(outDir, "manifest.json")).Should().Contain("\"loan_rows_rejected\": 0").And.Contain("\"cash_flow_only_loans\": 1");
    }

    [Theory]
    [InlineData("impair")]
    [InlineData("impair eir")]
    public void Impair_OldRejectInvalidOption_UsageErrorNamingSkipInvalid(string command)
    {
        string loans = Write("impaired.csv", Loans), flows = Write("cashflows.csv", Flows), outDir = Path.Combine(_dir, "out");
        string[] args = command == "impair"
            ? ["impair", "--loans", loans, "--cashflows", flows, "--reject-invalid", "--out", outDir]
            : ["impair", "eir", "--cashflows", flows, "--reject-invalid", "--out", outDir];
        var (code, _, error) = Run(args);
        code.Should().Be(2);
        error.Should().Contain("--skip-invalid").And.Contain("rejected.csv");
        Directory.Exists(outDir).Should().BeFalse();
    }

    /// <summary>The bundled sample's revised estimates (as_of 2025-12-31) need a roll-forward: without one the run
    /// stops, and the message now names the option that measures them (the library states only the rule).</summary>
    [Fact]
    public void Run_SampleWithoutRollForward_NamesTheRollForwardOption()
    {
        string root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
        string samples = Path.Combine(root, "samples");
        var (code, _, error) = Run("impair", "--loans", Path.Combine(samples, "impairment-loans.csv"),
            "--cashflows", Path.Combine(samples, "impairment-cashflows.csv"), "--out", Path.Combine(_dir, "out"));

        code.Should().Be(ExitCodes.InvalidInput);
        error.Should().Contain("as_of = 2025-12-31 is neither the reporting date 2024-12-31 nor a roll-forward date")
            .And.Contain("list its date in --roll-forward");

        (code, _, error) = Run("impair", "--loans", Path.Combine(samples, "impairment-loans.csv"),
            "--cashflows", Path.Combine(samples, "impairment-cashflows.csv"), "--roll-forward", "2025-12-31", "--out", Path.Combine(_dir, "out2"));
        code.Should().Be(ExitCodes.Success, error);
    }
}
