using System.Globalization;
using System.Text;
using ValueCore.Impairment;
using ValueCore.IO;
using ValueCore.IO.Impairment;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Impairment;

public sealed class ImpairmentCsvTests : IDisposable
{
    private static readonly DateOnly s_reporting = new(2025, 12, 31);
    private static readonly ImpairmentOptions s_options = new() { RollForwardDates = [new(2026, 6, 30), new(2026, 12, 31)] };
    private readonly string _dir = Directory.CreateTempSubdirectory("vc-impair-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// A seeded book with what real files hold: shuffled rows, blank lines, CRLF, quoted fields, white space, repeated
    /// and unknown loans, remeasurement rows, unparsable values and rule breaks. No quoting problems (those stop a run).
    /// </summary>
    private (string Loans, string Flows) WriteMessyBook(int loans, int seed)
    {
        var rng = new Random(seed);
        var ci = CultureInfo.InvariantCulture;
        var l = new StringBuilder("loan_id,carrying_amount,reporting_date,eir\n");
        var f = new StringBuilder("loan_id,scenario,probability,date,amount,kind,haircut,cost_to_sell,as_of\r\n");
        string[] bad = ["", "abc", "2026-02-30", "-0.5", "1e999", "NaN", " 7 ", "\"3\"", "REPAYMENT", "0.5", "2019-01-01", "1.5", "Cost", "\u00A02\u00A0"];
        for (int i = 0; i < loans; i++)
        {
            string id = string.Create(ci, $"L{i:D5}");
            l.Append(ci, $"{id},{rng.Next(1000, 100000)}.{rng.Next(0, 100):D2},2025-12-31,{rng.NextDouble() * 0.12:R}\n");
            switch (rng.Next(40))
            {
                case 0: l.Append(ci, $"{id},5,2025-12-31,0.05\n"); break;
                case 1: l.Append(ci, $"NEG{i},-5,2025-12-31,0.05\n"); break;
                case 2: l.Append(ci, $"BADDATE{i},5,31.12.2025,0.05\n"); break;
                case 3: l.Append('\n'); break;
                case 4: l.Append(ci, $"\"Q,{i}\",9,2025-12-31,0.04\n"); break;
            }

            var rows = new List<string>();
            int scenarios = 1 + rng.Next(4);
            for (int s = 0; s < scenarios; s++)
            {
                string p = (1.0 / scenarios).ToString("R", ci);
                var d = s_reporting;
                for (int k = 0; k < 6; k++)
                {
                    d = d.AddDays(rng.Next(20, 90));
                    string date = d.ToString("yyyy-MM-dd", ci);
                    rows.Add(k switch
                    {
                        0 => $"{id},s{s},{p},{date},-{rng.Next(10, 500)},cost,,,",
                        5 => $"{id},s{s},{p},{date},{rng.Next(1000, 90000)},collateral,{rng.NextDouble() * 0.5:R},{rng.Next(0, 300)},",
                        _ => $"{id},s{s},{p},{date},{rng.Next(10, 9000)}.5,repayment,,,",
                    });
                }
            }

            switch (rng.Next(14))
            {
                case 0: rows = [.. rows.OrderBy(_ => rng.Next())]; break;
                case 1: rows.Add($"{id},late,1,2027-01-31,10,repayment,,,2026-06-30"); break;
                case 2: rows.Add($"GHOST{i},x,1,2027-01-31,10,repayment,,,"); break;
                case 3:
                    int at = rng.Next(rows.Count);
                    var fields = rows[at].Split(',');
                    fields[2 + rng.Next(7)] = bad[rng.Next(bad.Length)];
                    rows[at] = string.Join(',', fields);
                    break;
                case 4: rows.Insert(rng.Next(rows.Count), ""); break;
                case 5: rows.Add($"\"{id}\",\"s0\",{(1.0 / scenarios).ToString("R", ci)},2030-01-01,\"1\",repayment,,,"); break;
                case 6: rows.Insert(rng.Next(rows.Count), $"{id},s0,0.123,2030-01-01,1,repayment,,,"); break;
                case 7: rows.Add($"{id},s0,{(1.0 / scenarios).ToString("R", ci)},2030-01-01,1,repayment,,,2026-03-31"); break;
            }

            foreach (var r in rows)
            {
                f.Append(r).Append("\r\n");
            }
        }

        string loansPath = Path.Combine(_dir, "impaired.csv"), flowsPath = Path.Combine(_dir, "cashflows.csv");
        File.WriteAllText(loansPath, l.ToString());
        File.WriteAllText(flowsPath, f.ToString());
        return (loansPath, flowsPath);
    }

    private static void ShouldBeSameBook(ImpairmentBook actual, ImpairmentBook expected)
    {
        actual.LoanIds.Should().Equal(expected.LoanIds);
        actual.Carrying.Should().Equal(expected.Carrying);
        actual.Eirs.Should().Equal(expected.Eirs);
        actual.ReportingDays.Should().Equal(expected.ReportingDays);
        actual.SetStart.Should().Equal(expected.SetStart);
        actual.SetAsOfDay.Should().Equal(expected.SetAsOfDay);
        actual.SetScenarioStart.Should().Equal(expected.SetScenarioStart);
        actual.ScenarioNames.Should().Equal(expected.ScenarioNames);
        actual.Probabilities.Should().Equal(expected.Probabilities);
        actual.FlowStart.Should().Equal(expected.FlowStart);
        actual.FlowDay.Should().Equal(expected.FlowDay);
        actual.FlowAmount.Should().Equal(expected.FlowAmount);
        actual.Rejections.Select(r => r.LoanId + "|" + r.ToString()).Should().Equal(expected.Rejections.Select(r => r.LoanId + "|" + r.ToString()));
        actual.RejectedLoanCount.Should().Be(expected.RejectedLoanCount);
        actual.LoanRowsRead.Should().Be(expected.LoanRowsRead);
    }

    [Fact]
    public void Read_ManySmallChunksOnManyThreads_SameBookAsOneChunkOnOneThread()
    {
        var (loans, flows) = WriteMessyBook(400, 11);
        var one = ImpairmentCsv.Read(loans, flows, s_options, 1, 1 << 20);
        var many = ImpairmentCsv.Read(loans, flows, s_options, 4, 7);
        one.Book.Rejections.Count.Should().BeGreaterThan(20, "the book must exercise the rejection paths");
        one.Book.Count.Should().BeGreaterThan(250);
        ShouldBeSameBook(many.Book, one.Book);
        many.CashFlowRowsRead.Should().Be(one.CashFlowRowsRead);
        many.CashFlowsSha256.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(flows))));
        many.LoansSha256.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(loans))));
    }

    [Fact]
    public void Read_MessyFiles_SameBookAsTheBuilderFedRowByRow()
    {
        // The reader checks rows in parallel chunks; the builder's own checks (AddCashFlow) must agree row for row.
        var (loans, flows) = WriteMessyBook(300, 5);
        var read = ImpairmentCsv.Read(loans, flows, s_options, 2, 50).Book;
        ShouldBeSameBook(read, ReferenceRead(loans, flows, s_options));
    }

    /// <summary>An independent, plain reader (strings, one row at a time) that feeds the builder's public methods.</summary>
    private static ImpairmentBook ReferenceRead(string loansPath, string flowsPath, ImpairmentOptions options)
    {
        var b = new ImpairmentBookBuilder(options, "impaired.csv", "cashflows.csv");
        static string[] Split(string line) => [.. CsvLine.Fields(line).Select(f => f.Trim())];

        void Issue(string id, long line, string column, string value, string rule, bool loanFile) => b.Reject(id, new DataIssue(line, column, value, rule), loanFile);

        var lines = File.ReadAllLines(loansPath);
        for (int n = 1; n < lines.Length; n++)
        {
            if (lines[n].Length == 0) { continue; }
            var f = Split(lines[n]);
            long line = n + 1;
            bool ok = CsvText.TryParseNumber(f[1], out double carrying);
            if (!ok) { Issue(f[0], line, "carrying_amount", f[1], "is not a finite number (invariant culture, '.' decimal separator)", true); }
            if (!ImpairmentCsv.TryParseDate(f[2], out var reporting)) { Issue(f[0], line, "reporting_date", f[2], "is not a date in yyyy-MM-dd form", true); ok = false; }
            if (!CsvText.TryParseNumber(f[3], out double eir)) { Issue(f[0], line, "eir", f[3], "is not a finite number (invariant culture, '.' decimal separator)", true); ok = false; }
            if (ok) { b.AddLoan(f[0], carrying, reporting, eir, line); }
        }

        lines = File.ReadAllLines(flowsPath);
        for (int n = 1; n < lines.Length; n++)
        {
            if (lines[n].Length == 0) { continue; }
            var f = Split(lines[n]);
            long line = n + 1;
            bool ok = true;
            double Number(int i, string column)
            {
                if (CsvText.TryParseNumber(f[i], out double v)) { return v; }
                Issue(f[0], line, column, f[i], "is not a finite number (invariant culture, '.' decimal separator)", false);
                ok = false;
                return 0;
            }

            DateOnly Date(int i, string column)
            {
                if (ImpairmentCsv.TryParseDate(f[i], out var d)) { return d; }
                Issue(f[0], line, column, f[i], "is not a date in yyyy-MM-dd form", false);
                ok = false;
                return default;
            }

            double p = Number(2, "probability");
            var date = Date(3, "date");
            double amount = Number(4, "amount");
            var kind = f[5].ToUpperInvariant() switch { "REPAYMENT" => CashFlowKind.Repayment, "COLLATERAL" => CashFlowKind.Collateral, "COST" => CashFlowKind.Cost, _ => (CashFlowKind)(-1) };
            if (kind < 0) { Issue(f[0], line, "kind", f[5], "is not repayment, collateral or cost", false); ok = false; }
            double haircut = f[6].Length > 0 ? Number(6, "haircut") : 0;
            double cost = f[7].Length > 0 ? Number(7, "cost_to_sell") : 0;
            DateOnly? asOf = f[8].Length > 0 ? Date(8, "as_of") : null;
            if (ok) { b.AddCashFlow(f[0], f[1], p, date, kind, amount, haircut, cost, asOf, line); }
        }

        return b.Build();
    }

    [Fact]
    public void Read_LoanRowWithSeveralProblems_CountsAsOneRowRead()
    {
        // Regression: a row rejected for three fields was counted as three rows read.
        string loans = Path.Combine(_dir, "impaired.csv"), flows = Path.Combine(_dir, "cashflows.csv");
        File.WriteAllText(loans, "loan_id,carrying_amount,reporting_date,eir\nA,100,2025-12-31,0.05\nB,abc,31.12.2025,x\n");
        File.WriteAllText(flows, "loan_id,scenario,probability,date,amount,kind\nA,s,1,2026-06-30,50,repayment\n");
        var book = ImpairmentCsv.ReadBook(loans, flows);
        book.Rejections.Should().HaveCount(3);
        book.LoanRowsRead.Should().Be(2);
        (book.Count + book.RejectedLoanCount).Should().Be(2);
    }

    [Fact]
    public void Read_QuotedLineBreakAndBadQuotes_PhysicalLinesKeptAndQuotingErrorsListed()
    {
        string loans = Path.Combine(_dir, "impaired.csv"), flows = Path.Combine(_dir, "cashflows.csv");
        File.WriteAllText(loans, "loan_id,carrying_amount,reporting_date,eir\n\"A\nB\",100,2025-12-31,0.05\nC,100,2025-12-31,x\n");
        File.WriteAllText(flows, "loan_id,scenario,probability,date,amount,kind\n\"A\nB\",s,1,2026-06-30,50,repayment\nC,s,1,2026-06-30,50,repayment\n");
        var book = ImpairmentCsv.ReadBook(loans, flows, new ImpairmentOptions());
        book.LoanId.ToArray().Should().Equal("A\nB"); // a quoted field may span lines (RFC 4180)
        book.Rejections.Should().ContainSingle().Which.ToString().Should().Be(
            "impaired.csv:4: eir = x is not a finite number (invariant culture, '.' decimal separator)"); // line 4: the record above took lines 2-3

        File.WriteAllText(flows, "loan_id,scenario,probability,date,amount,kind\nA,s\"\"x,1,2026-06-30,50,repayment\nA,\"s\"x,1,2026-06-30,50,repayment\n");
        var act = () => ImpairmentCsv.ReadBook(loans, flows);
        act.Should().Throw<DataValidationException>().Which.Issues.Select(i => i.Format("cashflows.csv")).Should().Equal(
            "cashflows.csv:2: has a quote inside an unquoted field", "cashflows.csv:3: has text after a closing quote (quotes inside a field must be doubled)");
    }

    [Fact]
    public void ReadContractual_ManySmallChunksOnManyThreads_SameLoansAsOneChunk()
    {
        var rng = new Random(3);
        var sb = new StringBuilder("loan_id,date,amount\n");
        for (int i = 0; i < 200; i++)
        {
            var rows = Enumerable.Range(0, 8).Select(k => $"C{i % 150},{new DateOnly(2020, 1, 1).AddDays(rng.Next(0, 900)):yyyy-MM-dd},{rng.Next(-500, 500)}").ToList();
            sb.AppendJoin('\n', rows).Append('\n');
            if (i % 17 == 0) { sb.Append('\n'); }
        }

        string path = Path.Combine(_dir, "contractual.csv");
        File.WriteAllText(path, sb.ToString());
        var one = ImpairmentCsv.ReadContractual(path, 1, 1 << 20);
        var many = ImpairmentCsv.ReadContractual(path, 3, 5);
        many.Select(c => c.LoanId).Should().Equal(one.Select(c => c.LoanId));
        one.Should().HaveCount(150);
        for (int l = 0; l < one.Count; l++)
        {
            many[l].Dates.Should().Equal(one[l].Dates);
            many[l].Amounts.Should().Equal(one[l].Amounts);
            many[l].FirstLine.Should().Be(one[l].FirstLine);
            one[l].Dates.Should().BeInAscendingOrder();
        }
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0")]
    [InlineData("+.5")]
    [InlineData("5.")]
    [InlineData("1e5")]
    [InlineData("1E+05")]
    [InlineData("1e-400")]
    [InlineData("1e400")]
    [InlineData("0.30000000000000004")]
    [InlineData("123456789012345678901234567890")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1,5")]
    [InlineData("1 000")]
    [InlineData("")]
    [InlineData("e5")]
    [InlineData(".")]
    [InlineData("0x10")]
    [InlineData("\u0661")]
    public void TryNumber_AnyText_SameAsCsvTextTryParseNumber(string text)
    {
        bool expected = CsvText.TryParseNumber(text, out double e);
        Utf8Field.TryNumber(Encoding.UTF8.GetBytes(text), out double a).Should().Be(expected);
        if (expected)
        {
            BitConverter.DoubleToInt64Bits(a).Should().Be(BitConverter.DoubleToInt64Bits(e));
        }
    }

    [Theory]
    [InlineData("2024-02-29")]
    [InlineData("2023-02-29")]
    [InlineData("0001-01-01")]
    [InlineData("0000-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("2024-13-01")]
    [InlineData("2024-1-01")]
    [InlineData("2024-01-1")]
    [InlineData("24-01-01")]
    [InlineData("2024/01/01")]
    [InlineData("2024-01-01T00:00")]
    [InlineData("31.12.2024")]
    [InlineData("")]
    public void TryDate_AnyText_SameAsTryParseDate(string text)
    {
        bool expected = ImpairmentCsv.TryParseDate(text, out var e);
        Utf8Field.TryDate(Encoding.UTF8.GetBytes(text), out var a).Should().Be(expected);
        a.Should().Be(e);
    }

    [Theory]
    [InlineData("  x  ")]
    [InlineData("\tx\u000B")]
    [InlineData("\u00A0x\u2003")]
    [InlineData("\u001Fx")]
    [InlineData("x\u0085")]
    [InlineData("\uFEFFx")]
    [InlineData("é")]
    [InlineData("")]
    public void Trim_AnyText_SameAsStringTrim(string text) =>
        Encoding.UTF8.GetString(Utf8Field.Trim(Encoding.UTF8.GetBytes(text))).Should().Be(text.Trim());

    [Theory]
    [InlineData("repayment", CashFlowKind.Repayment)]
    [InlineData("COLLATERAL", CashFlowKind.Collateral)]
    [InlineData("Cost", CashFlowKind.Cost)]
    [InlineData("co\u017Ft", CashFlowKind.Cost)] // long s: equal to 's' under OrdinalIgnoreCase, as the text reader compared
    public void TryKind_Names_CaseInsensitiveAsOrdinalIgnoreCase(string text, CashFlowKind kind)
    {
        Utf8Field.TryKind(Encoding.UTF8.GetBytes(text), out var k).Should().Be(text.Equals(kind.ToString(), StringComparison.OrdinalIgnoreCase));
        if (text.Equals(kind.ToString(), StringComparison.OrdinalIgnoreCase))
        {
            k.Should().Be(kind);
        }
    }

    [Fact]
    public void WriteImpairmentAndScenarios_AnyResult_SameTextAsCsvTextFormatting()
    {
        // Reference: the fields formatted one by one with CsvText (round-trip "R", NaN empty, RFC 4180 quoting).
        var b = new ImpairmentBookBuilder(new ImpairmentOptions { ZeroPvWithoutScenarios = true })
            .AddLoan("A,1", 1000.1, s_reporting, 0.0712345).AddLoan("ZERO", 0, s_reporting, 0.05).AddLoan("NONE", 7, s_reporting, 0.05);
        b.AddCashFlow("A,1", "cure \"x\"", 0.3, s_reporting.AddDays(100), CashFlowKind.Repayment, 123.456);
        b.AddCashFlow("A,1", "sale", 0.7, s_reporting.AddDays(400), CashFlowKind.Collateral, 5000, 0.25, 10);
        b.AddCashFlow("ZERO", "sale", 1, s_reporting.AddDays(10), CashFlowKind.Repayment, 1e-7);
        var result = ImpairmentCalculation.Run(b.Build());
        using var impairment = new MemoryStream();
        using var scenarios = new MemoryStream();
        ImpairmentCsvWriter.WriteImpairment(new NonClosing(impairment), result);
        ImpairmentCsvWriter.WriteScenarios(new NonClosing(scenarios), result);

        var book = result.Book;
        var expected = new StringBuilder("loan_id,reporting_date,carrying_amount,eir,eir_source,pv_expected,allowance,coverage,net_carrying_amount,scenarios,note,"
            + CsvText.Field("pv_cure \"x\"") + ",pv_sale\n");
        var expectedScenarios = new StringBuilder("loan_id,scenario,probability,pv,weighted_pv\n");
        for (int i = 0; i < result.Count; i++)
        {
            var pv = new string[2];
            pv.AsSpan().Fill("");
            for (int s = 0; s < book.ScenarioCount(i); s++)
            {
                double p = result.ScenarioProbability(i, s), v = result.ScenarioPresentValues(i)[s];
                pv[result.ScenarioName(i, s) == "sale" ? 1 : 0] = CsvText.Number(v);
                expectedScenarios.AppendJoin(',', CsvText.Field(book.LoanId[i]), CsvText.Field(result.ScenarioName(i, s)), CsvText.Number(p), CsvText.Number(v),
                    CsvText.Number(p * v)).Append('\n');
            }

            string note = result.Notes[i] switch
            {
                ImpairmentNote.None => "",
                ImpairmentNote.NoScenariosZeroPv => "no_scenarios_zero_pv",
                ImpairmentNote.PvAboveCarrying => "pv_above_carrying",
                var other => other.ToString(),
            };
            expected.AppendJoin(',', CsvText.Field(book.LoanId[i]), "2025-12-31", CsvText.Number(book.CarryingAmount[i]), CsvText.Number(book.Eir[i]), "given",
                CsvText.Number(result.PresentValue[i]), CsvText.Number(result.Allowance[i]), CsvText.Number(result.Coverage[i]),
                CsvText.Number(book.CarryingAmount[i] - result.Allowance[i]), book.ScenarioCount(i).ToString(CultureInfo.InvariantCulture), note, pv[0], pv[1]).Append('\n');
        }

        Encoding.UTF8.GetString(impairment.ToArray()).Should().Be(expected.ToString());
        Encoding.UTF8.GetString(scenarios.ToArray()).Should().Be(expectedScenarios.ToString());
        expected.ToString().Should().Contain("ZERO,2025-12-31,0,0.05,given,").And.Contain(",\"A,1\",".TrimStart(','));
    }

    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
