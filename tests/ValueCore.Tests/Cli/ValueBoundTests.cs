namespace ValueCore.Tests.Cli;

/// <summary>
/// The amount bound (docs/conventions.md, "Value bounds"): every amount read satisfies |x| &lt;= 1e15, and a value beyond
/// it (issue 17 item 2: 1e308, whose sum with a second one overflows to infinity) is an input error, exit 3, naming
/// file, line, column, value and rule, in every reader of amounts.
/// </summary>
public sealed class ValueBoundTests : IDisposable
{
    private const string Signed = "is outside [-1e15, 1e15] (amount bound, docs/conventions.md)";
    private const string NonNegative = "is outside [0, 1e15] (amount bound, docs/conventions.md)";
    private const string BookHeader = "loan_id,segment,asset_class,ead,pd,lgd,maturity,rate,ftp_rate,fees,opex\n";

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void ExitsThree(string expected, params string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);
        code.Should().Be(3, output + error);
        error.Should().Contain(expected);
    }

    [Fact]
    public void Raroc_TwoEadsOf1e308_ExitsThreeNamingEachLine()
    {
        string book = _dir.File("book.csv", BookHeader + "A,s,corporate,1e308,0.01,0.45,2.5,0.05,0.03,0,0\nB,s,corporate,1e308,0.01,0.45,2.5,0.05,0.03,0,0\n");
        ExitsThree("book.csv:2: ead = 1e308 " + NonNegative, "raroc", "--book", book, "--out", _dir.Combine("o"));
        ExitsThree("book.csv:3: ead = 1e308 " + NonNegative, "raroc", "--book", book, "--out", _dir.Combine("o"));
    }

    [Fact]
    public void Raroc_SubnormalEad_LeavesRarocEmptyInsteadOfInfinity()
    {
        // Fuzz case raroc-subnormal-ead-infinite-raroc: EAD 1e-320 > 0 gives EC > 0 so small that return / EC overflows;
        // RAROC is then not defined (empty cell, counted with the zero-capital loans), never Infinity, and the run ends 0.
        string book = _dir.File("book.csv", BookHeader + "A,s,corporate,1e-320,0.01,0.45,2.5,0.05,0.03,2557.44,1908.4\n");
        var (code, output, error) = CliRunner.Run("raroc", "--book", book, "--out", _dir.Combine("o"));
        code.Should().Be(0, output + error);
        string[] loan = File.ReadAllLines(_dir.Combine("o", "loans.csv"));
        var cells = CsvLine.Fields(loan[1]);
        cells[Array.IndexOf(CsvLine.Fields(loan[0]), "raroc")].Should().BeEmpty();
        File.ReadAllText(_dir.Combine("o", "by_segment.csv")).Should().NotContain("Infinity");
        File.ReadAllText(_dir.Combine("o", "manifest.json")).Should().NotContain("Infinity");
    }

    [Theory]
    [InlineData("sales", "Infinity")]
    [InlineData("lgd", "NaN")]
    [InlineData("fees", "1e400")]
    public void Ftp_NonFiniteCellItWouldCopy_ExitsThree(string column, string value)
    {
        // Fuzz cases ftp-non-finite-*: book_ftp.csv copies every cell, so a non-finite number in any column is refused.
        string curve = _dir.File("curve.csv", "tenor_years,rate\n1,0.01\n2,0.02\n");
        string[] header = ["loan_id", "segment", "asset_class", "ead", "pd", "lgd", "maturity", "rate", "sales", "fees"];
        string[] row = ["B", "corporate", "corporate", "1000", "0.01", "0.4", "1.5", "0.05", "10", "0"];
        row[Array.IndexOf(header, column)] = value;
        string book = _dir.File("book.csv", string.Join(',', header) + "\n" + string.Join(',', row) + "\n");
        ExitsThree("book.csv:2: " + column + " = " + value + " is not a finite number (book_ftp.csv would copy it)", "ftp", "--book", book, "--curve", curve, "--out", _dir.Combine("f"));
        File.Exists(_dir.Combine("f", "book_ftp.csv")).Should().BeFalse();
    }

    [Fact]
    public void Raroc_FeesAndOpexBeyondTheBound_ExitsThree()
    {
        string book = _dir.File("book.csv", BookHeader + "A,s,corporate,100,0.01,0.45,2.5,0.05,0.03,-1e308,0\nB,s,corporate,100,0.01,0.45,2.5,0.05,0.03,0,1.5e15\n");
        ExitsThree("book.csv:2: fees = -1e308 " + Signed, "raroc", "--book", book, "--out", _dir.Combine("o"));
        ExitsThree("book.csv:3: opex = 1.5e15 " + Signed, "raroc", "--book", book, "--out", _dir.Combine("o"));
    }

    [Fact]
    public void Raroc_EadFromDrawnAndUndrawnBeyondTheBound_ExitsThree()
    {
        // drawn and undrawn are each at the bound; EAD = 1e15 + 1 x 1e15 = 2e15 is beyond it.
        string book = _dir.File("book.csv", "loan_id,segment,asset_class,drawn,undrawn,ccf,pd,lgd,maturity,rate,ftp_rate\nA,s,corporate,1e15,1e15,1,0.01,0.45,2.5,0.05,0.03\n");
        ExitsThree("book.csv:2: ead = 2000000000000000 = drawn + ccf x undrawn " + NonNegative, "raroc", "--book", book, "--out", _dir.Combine("o"));
    }

    [Fact]
    public void Raroc_TwoEadsAtTheBound_ExitsZeroWithFiniteTotals()
    {
        // The limit case: 1e15 itself is accepted, and the EAD total of two such loans is exactly 2e15.
        string book = _dir.File("book.csv", BookHeader + "A,s,corporate,1e15,0.01,0.45,2.5,0.05,0.03,0,0\nB,s,corporate,1e15,0.01,0.45,2.5,0.05,0.03,0,0\n");
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", _dir.Combine("o"));
        code.Should().Be(0, error);
        string manifest = File.ReadAllText(_dir.Combine("o", "manifest.json"));
        manifest.Should().NotContain("Infinity").And.NotContain("NaN");
        var bySegment = File.ReadAllLines(_dir.Combine("o", "by_segment.csv"));
        var head = bySegment[0].Split(',');
        bySegment[1].Split(',')[Array.IndexOf(head, "ead")].Should().Be("2000000000000000");
    }

    [Fact]
    public void Capital_TwoEadsOf1e308_ExitsThree()
    {
        string book = _dir.File("book.csv", BookHeader + "A,s,corporate,1e308,0.01,0.45,2.5,0.05,0.03,0,0\nB,s,corporate,1e308,0.01,0.45,2.5,0.05,0.03,0,0\n");
        ExitsThree("book.csv:3: ead = 1e308 " + NonNegative, "capital", "--book", book, "--mc-scenarios", "100", "--out", _dir.Combine("o"));
    }

    [Fact]
    public void Price_EadOf1e308_ExitsThree()
    {
        string deals = _dir.File("deals.csv", "loan_id,asset_class,ead,pd,lgd,maturity,ftp_rate\nA,corporate,1e308,0.01,0.45,2.5,0.03\n");
        ExitsThree("deals.csv:2: ead = 1e308 " + NonNegative, "price", "--book", deals, "--out", _dir.Combine("o"));
    }

    [Fact]
    public void ProvisionEcl_EadOf1e308_ExitsThree()
    {
        string book = _dir.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,classification,eir,amortisation,remaining_term\n" +
            "L1,retail,retail_other,1e308,0.01,0.4,0.05,0.02,A,0.05,bullet,2\nL2,retail,retail_other,1e308,0.01,0.4,0.05,0.02,A,0.05,bullet,2\n");
        string m = _dir.File("m.csv", "from,A,B,D\nA,0.9,0.08,0.02\nB,0.1,0.7,0.2\nD,0,0,1\n");
        ExitsThree("book.csv:3: ead = 1e308 " + NonNegative, "provision", "ecl", "--book", book, "--matrix", m, "--out", _dir.Combine("o"));
        ExitsThree("book.csv:3: ead = 1e308 " + NonNegative, "provision", "migration", "--book", book, "--matrix", m, "--out", _dir.Combine("p"));
    }

    [Fact]
    public void ProvisionEcl_ImpairmentBeyondTheBound_ExitsThree()
    {
        string book = _dir.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,classification,eir,amortisation,remaining_term,impairment\n" +
            "L1,retail,retail_other,100,0.01,0.4,0.05,0.02,D,0.05,bullet,2,1e308\n");
        string m = _dir.File("m.csv", "from,A,B,D\nA,0.9,0.08,0.02\nB,0.1,0.7,0.2\nD,0,0,1\n");
        ExitsThree("book.csv:2: impairment = 1e308 " + NonNegative, "provision", "ecl", "--book", book, "--matrix", m, "--out", _dir.Combine("o"));
    }

    [Fact]
    public void Eva_NopatAndProvisionChargeOf1e308_ExitsThree()
    {
        string statements = _dir.File("statements.csv", "item,amount\nnopat,1e308\ncapital,320\ncost_of_capital,0.12\nprovision_charge,1e308\n");
        ExitsThree("statements.csv:2: amount = 1e308 " + Signed, "eva", "--statements", statements, "--out", _dir.Combine("o"));
        ExitsThree("statements.csv:5: amount = 1e308 " + Signed, "eva", "--statements", statements, "--out", _dir.Combine("o"));
    }

    [Fact]
    public void OpRisk_IldcOf1797e308_ExitsThree()
    {
        string bi = _dir.File("bi.csv", "unit,ildc,sc,fc\nRetail,1.797e308,400,50\nCorporate,1.797e308,500,150\n");
        ExitsThree("bi.csv:2: ildc = 1.797e308 " + NonNegative, "op-risk", "--bi", bi, "--out", _dir.Combine("o"));
    }

    [Fact]
    public void OpRisk_LossOf1e308_ExitsThree()
    {
        string bi = _dir.File("bi.csv", "unit,ildc,sc,fc\nRetail,900,400,50\n");
        string losses = _dir.File("losses.csv", "year,loss,gross_loss\n2016,1e308,1e308\n2017,10,12\n");
        ExitsThree("losses.csv:2: loss = 1e308 " + NonNegative, "op-risk", "--bi", bi, "--losses", losses, "--out", _dir.Combine("o"));
    }

    [Fact]
    public void Aggregate_TwoEcOf1e308_ExitsThree()
    {
        string capital = _dir.File("capital.csv", "unit,risk_type,ec\nRetail,credit,1e308\nRetail,market,1e308\n");
        string corr = _dir.File("corr.csv", "risk_type,credit,market\ncredit,1,0.5\nmarket,0.5,1\n");
        ExitsThree("capital.csv:3: ec = 1e308 " + NonNegative, "aggregate", "--capital", capital, "--correlation", corr, "--out", _dir.Combine("o"));
    }

    [Fact]
    public void MarketRisk_EveryPnlMinus1e308_ExitsThree()
    {
        string pnl = _dir.File("pnl.csv", "scenario,unit,pnl\n1,A,-1e308\n1,B,-1e308\n2,A,-1e308\n2,B,-1e308\n");
        ExitsThree("pnl.csv:5: pnl = -1e308 " + Signed, "market-risk", "--pnl", pnl, "--out", _dir.Combine("o"));
    }

    [Fact]
    public void MigrationRates_BalanceOf1e308_ExitsThree()
    {
        string h = _dir.File("h.csv", "entity_id,date,state,balance,reduction\nL1,2020-12-31,pass,1e308,0\nL1,2021-12-31,pass,1e308,0\n");
        ExitsThree("h.csv:3: balance = 1e308 " + NonNegative, "migration", "rates", "--history", h, "--out", _dir.Combine("o"));
    }

    [Fact]
    public void Impair_AmountsOf1e308_ExitsThree()
    {
        string loans = _dir.File("impaired.csv", "loan_id,carrying_amount,reporting_date,eir\nLYON,1e308,2017-12-31,0.08\n");
        string flows = _dir.File("cashflows.csv", "loan_id,scenario,probability,date,amount,kind,haircut,cost_to_sell\n" +
            "LYON,impaired,1,2018-12-31,1e308,repayment,,\nLYON,impaired,1,2019-12-31,500000,collateral,0.1,1e308\n");
        ExitsThree("impaired.csv:2: carrying_amount = 1e308 " + Signed, "impair", "--loans", loans, "--cashflows", flows, "--out", _dir.Combine("o"));
        string fine = _dir.File("fine.csv", "loan_id,carrying_amount,reporting_date,eir\nLYON,1000,2017-12-31,0.08\n");
        ExitsThree("cashflows.csv:2: amount = 1e308 " + Signed, "impair", "--loans", fine, "--cashflows", flows, "--out", _dir.Combine("p"));
        ExitsThree("cashflows.csv:3: cost_to_sell = 1e308 " + Signed, "impair", "--loans", fine, "--cashflows", flows, "--out", _dir.Combine("q"));
    }

    [Fact]
    public void ImpairEir_AmountOf1e308_ExitsThree()
    {
        string flows = _dir.File("contractual.csv", "loan_id,date,amount\nA,2019-12-31,-1e308\nA,2020-12-31,1e308\n");
        ExitsThree("contractual.csv:3: amount = 1e308 " + Signed, "impair", "eir", "--cashflows", flows, "--out", _dir.Combine("o"));
    }

    [Fact]
    public void Scorecard_ReturnAndEcOf1e308_ExitsThree()
    {
        string book = _dir.File("book.csv", BookHeader + "A,s,corporate,100,0.01,0.45,2.5,0.05,0.03,0,0\nB,s,corporate,100,0.01,0.45,2.5,0.05,0.03,0,0\n");
        CliRunner.Run("raroc", "--book", book, "--out", _dir.Combine("r")).Code.Should().Be(0);
        string loans = _dir.Combine("r", "loans.csv");
        var lines = File.ReadAllLines(loans);
        var head = lines[0].Split(',');
        foreach (int row in new[] { 1, 2 })
        {
            var f = lines[row].Split(',');
            f[Array.IndexOf(head, "ec")] = "1e308";
            f[Array.IndexOf(head, "return")] = "1e308";
            lines[row] = string.Join(',', f);
        }

        File.WriteAllLines(loans, lines);
        ExitsThree("loans.csv:2: ec = 1e308 " + NonNegative, "scorecard", "--results", _dir.Combine("r"), "--out", _dir.Combine("s"));
        ExitsThree("loans.csv:3: return = 1e308 " + Signed, "scorecard", "--results", _dir.Combine("r"), "--out", _dir.Combine("s"));
    }

    [Fact]
    public void Scenario_EadShockBeyondTheBound_ExitsThreeByRule()
    {
        string book = _dir.File("book.csv", BookHeader + "A,s,corporate,1e15,0.01,0.45,2.5,0.05,0.03,0,0\n");
        string file = _dir.File("s.yaml", "scenarios:\n  - name: a\n    shocks:\n      - ead: { multiply: 1000 }\n");
        ExitsThree("book.csv:2: ead = 1E+18 " + NonNegative + " after the shocks of scenario a", "scenario", "--book", book, "--scenarios", file, "--out", _dir.Combine("o"));
    }

    [Theory]
    [InlineData("-NaN")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void Ftp_NonFiniteRateOnABulletLoan_ExitsThreeAndWritesNoBook(string rate)
    {
        // issue 17 item 16: the rate is not needed by a bullet loan, but book_ftp.csv copies it to the next run.
        string curve = _dir.File("curve.csv", "tenor_years,rate\n1,0.01\n2,0.02\n");
        string book = _dir.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,maturity,rate,amortisation\nB,corporate,corporate,1000,0.01,0.4,1.5," + rate + ",bullet\n");
        ExitsThree("book.csv:2: rate = " + rate + " is not a number", "ftp", "--book", book, "--curve", curve, "--out", _dir.Combine("f"));
        File.Exists(_dir.Combine("f", "book_ftp.csv")).Should().BeFalse();
    }

    [Fact]
    public void Ftp_RateOutsideTheRateRule_ExitsThree()
    {
        string curve = _dir.File("curve.csv", "tenor_years,rate\n1,0.01\n2,0.02\n");
        string book = _dir.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,maturity,rate,amortisation\nB,corporate,corporate,1000,0.01,0.4,1.5,1e308,linear\n");
        ExitsThree("book.csv:2: rate = 1e308 is outside (-1, 10) (annual rate as a fraction)", "ftp", "--book", book, "--curve", curve, "--out", _dir.Combine("f"));
    }
}
