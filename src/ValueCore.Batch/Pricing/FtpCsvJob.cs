using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch.Provisions;
using System.Globalization;
using System.Text;
using ValueCore.Portfolio;
using ValueCore.Pricing;
using ValueCore.Schedules;

namespace ValueCore.Batch;

/// <summary>
/// Derives the funds transfer price of every loan of a book from a funding curve (and optionally a liquidity-premium
/// curve) by matched maturity, and writes the rate used per loan plus the book with its <c>ftp_rate</c> column filled.
/// </summary>
/// <remarks>
/// <para>Book columns read: <c>loan_id</c>; <c>term</c> (remaining contractual term in years), else <c>maturity</c>
/// where a row has no term (one of them on every row; <c>maturity</c> is the IRB effective maturity, which for an
/// amortising loan is shorter than the term, so give <c>term</c> for those); <c>repricing</c> (years to the next rate reset of a floating-rate loan; empty = fixed rate);
/// <c>amortisation</c> (<c>bullet</c>, <c>linear</c> or <c>annuity</c>; empty or absent = bullet); <c>rate</c> (the
/// client rate, needed by annuities). The formulas are those of <see cref="TransferPricing"/>.</para>
/// <para>Outputs: <c>ftp.csv</c> (loan_id, amortisation, term (the term used), repricing, base_rate, liquidity_premium,
/// ftp_rate) and <c>book_ftp.csv</c> (the input with <c>ftp_rate</c> replaced or appended, ready for
/// <c>valuecore raroc</c>). Any invalid row fails the run with every problem listed and nothing written.</para>
/// </remarks>
public static class FtpCsvJob
{
    /// <summary>The amortisation column.</summary>
    public const string AmortisationColumn = "amortisation";

    /// <summary>The repricing column.</summary>
    public const string RepricingColumn = "repricing";

    /// <summary>Runs the derivation.</summary>
    /// <param name="bookPath">The loan-book CSV.</param>
    /// <param name="funding">The funding curve, liquidity curve and payments a year (the valuation's <see cref="FundingOptions"/>,
    /// so that <c>ftp</c>, <c>raroc --curve</c>, <c>price --curve</c> and <see cref="TransferPricing.Rates"/> share one rule).</param>
    /// <param name="outputDirectory">The output folder (created if needed).</param>
    /// <param name="progress">Where the bytes of the book read so far are reported, once per block of records; null: nowhere.</param>
    /// <param name="tables">The format of ftp.csv and the database that receives it too (book_ftp.csv, the next run's
    /// input, stays CSV); null: CSV only.</param>
    /// <returns>The number of loans priced.</returns>
    /// <exception cref="DataValidationException">The book lacks a column or a row breaks a rule; every problem is listed.</exception>
    /// <exception cref="FileNotFoundException">The book does not exist.</exception>
    public static long Run(string bookPath, FundingOptions funding, string outputDirectory, IProgress<long>? progress = null, Sinks.TableSinkOptions? tables = null)
    {
        ArgumentNullException.ThrowIfNull(bookPath);
        ArgumentNullException.ThrowIfNull(funding);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        int paymentsPerYear = funding.PaymentsPerYear;

        using var reader = CsvTableReader.Open(bookPath);
        var log = reader.Log;
        var f = Fields.Resolve(reader, checkEveryRate: true);
        int ftpField = reader.Column("ftp_rate");
        log.ThrowIfAny();

        // The table sinks (docs/conventions.md, "Output formats"): the database first, so a refusal touches no folder.
        tables ??= Sinks.TableSinkOptions.Default;
        Sinks.ResultTable[] resultTables = [new("ftp.csv", "ftp", new HashSet<string>(["loan_id", "amortisation"], StringComparer.Ordinal))];
        using var database = Sinks.ResultTables.OpenDatabase(tables, resultTables.Select(t => t.TableName!));
        using var output = new OutputDirectory(outputDirectory, [bookPath]);
        using (var ftp = output.CreateText("ftp.csv"))
        using (var book = output.Create("book_ftp.csv", 1 << 20))
        {
            CsvText.WriteLine(ftp, "loan_id", "amortisation", "term", "repricing", "base_rate", "liquidity_premium", "ftp_rate");
            var head = reader.Header.Select(CsvText.Field).ToList();
            if (ftpField < 0)
            {
                head.Add("ftp_rate");
            }

            book.Write(Encoding.UTF8.GetBytes(string.Join(',', head) + "\n"));
            long count = 0;
            long reported = 0;
            while (reader.Next())
            {
                if (reader.BytesRead != reported)
                {
                    progress?.Report(reported = reader.BytesRead);
                }

                if (!f.TryReadTerms(reader, paymentsPerYear, out var terms) | !CopiedCellsFinite(reader, f.Rate, ftpField))
                {
                    continue;
                }

                var rate = funding.PartsUnchecked(terms.Amortisation, terms.TermYears, terms.RepricingYears, terms.ClientRate);
                count++;
                if (log.Count > 0)
                {
                    continue; // keep validating, write nothing more
                }

                CsvText.WriteLine(ftp, CsvText.Field(reader.Text(f.LoanId)), Fields.Label(terms.Amortisation), CsvText.Number(terms.TermYears),
                    CsvText.Number(terms.RepricingYears), CsvText.Number(rate.BaseRate), CsvText.Number(rate.LiquidityPremium), CsvText.Number(rate.Total));
                WriteBookRow(book, reader, ftpField, CsvText.Number(rate.Total));
            }

            log.ThrowIfAny();
            ftp.Flush();
            book.Flush();
            _ = count;
        }

        Sinks.ResultTables.Finish(output, tables, database, resultTables);
        output.WriteManifest("valuecore ftp", [("book", bookPath)], json => Sinks.ResultTables.WriteManifest(json, tables, database));
        output.Commit();
        return reader.Rows;
    }

    /// <summary>
    /// Whether no cell of the row spells a non-finite number (NaN, Infinity in any sign or case): book_ftp.csv copies every
    /// cell to the next run, and no output of the tool holds a non-finite number (docs/conventions.md). Each such cell is
    /// reported by the usual rule.
    /// </summary>
    private static bool CopiedCellsFinite(CsvTableReader reader, int rateField, int ftpField)
    {
        bool ok = true;
        for (int i = 0; i < reader.FieldCount; i++)
        {
            // The rate is checked by its own rule on every row, and ftp_rate is replaced.
            if (i != rateField && i != ftpField && double.TryParse(reader.Value(i), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && !double.IsFinite(v))
            {
                reader.Log.Add(reader.Line, reader.Header[i], reader.Text(i), LoanRules.NotFinite + " (book_ftp.csv would copy it)");
                ok = false;
            }
        }

        return ok;
    }

    private static void WriteBookRow(Stream book, CsvTableReader reader, int ftpField, string ftp)
    {
        var ftpBytes = Encoding.UTF8.GetBytes(ftp);
        for (int i = 0; i < reader.FieldCount; i++)
        {
            if (i > 0)
            {
                book.WriteByte((byte)',');
            }

            if (i == ftpField)
            {
                book.Write(ftpBytes);
            }
            else if (CsvText.NeedsRewrite(reader.Value(i), CsvText.RawText, mayHoldCr: true))
            {
                // A formula-like text or a bare CR: written as every text field is (docs/conventions.md, "Text in and out").
                var value = reader.Value(i);
                var field = new byte[CsvText.FieldRoom(value.Length)];
                book.Write(field, 0, CsvText.WriteField(field, 0, value));
            }
            else
            {
                book.Write(reader.Raw(i));
            }
        }

        if (ftpField < 0)
        {
            book.WriteByte((byte)',');
            book.Write(ftpBytes);
        }

        book.WriteByte((byte)'\n');
    }

    /// <summary>The transfer-pricing terms of one row: <paramref name="TermYears"/> is the term column's value, else the maturity's (<paramref name="TermFromMaturity"/>).</summary>
    internal readonly record struct Terms(Amortisation Amortisation, double TermYears, double RepricingYears, double ClientRate, bool TermFromMaturity = false);

    /// <summary>Where the transfer-pricing columns sit, and how a row's terms are read and checked.</summary>
    internal sealed class Fields
    {
        public int LoanId { get; private init; } = -1;
        public int Maturity { get; private init; } = -1;
        public int Term { get; private init; } = -1;
        public int Repricing { get; private init; } = -1;
        public int Amortisation { get; private init; } = -1;
        public int Rate { get; private init; } = -1;

        /// <summary>Whether the rate is checked on every row (ftp copies it to book_ftp.csv), not only on annuities.</summary>
        public bool CheckEveryRate { get; private init; }

        public static Fields Resolve(CsvTableReader reader, bool checkEveryRate = false)
        {
            int term = reader.Column(Portfolio.LoanColumns.Term);
            return new Fields
            {
                LoanId = reader.Require("loan_id"),
                Term = term,
                Maturity = term >= 0 ? reader.Column("maturity") : reader.Require("maturity", "the contractual term the transfer price is matched to; or give a term column"),
                Repricing = reader.Column(RepricingColumn),
                Amortisation = reader.Column(AmortisationColumn),
                Rate = reader.Column("rate"),
                CheckEveryRate = checkEveryRate,
            };
        }

        public static string Label(Amortisation a) => AmortisationLabels.Label(a);

        public bool TryReadTerms(CsvTableReader reader, int paymentsPerYear, out Terms terms)
        {
            bool ok = true;
            var log = reader.Log;
            var am = ValueCore.Schedules.Amortisation.Bullet;
            if (Amortisation >= 0)
            {
                var label = reader.Value(Amortisation);
                if (!label.IsEmpty && !AmortisationLabels.TryParse(label, out am))
                {
                    log.Add(reader.Line, reader.Header[Amortisation], reader.Text(Amortisation), "is not " + AmortisationLabels.Expected);
                    ok = false;
                }
            }

            // The FTP term: the term column, else (no column or an empty cell) the maturity column.
            bool fromMaturity = Term < 0 || reader.Value(Term).IsEmpty;
            int termField = fromMaturity ? Maturity : Term;
            if (termField < 0)
            {
                log.Add(reader.Line, reader.Header[Term], "", "is required (the file has no maturity column to fall back on)");
                ok = false;
            }

            double m = reader.Number(termField, true, double.NaN, v => v > 0.0 && v <= 100.0 ? null : "is outside (0, 100] years", ref ok);
            double rp = reader.Number(Repricing, false, double.NaN, v => v > 0.0 && v <= 100.0 ? null : "is outside (0, 100] years", ref ok);
            // The client rate is needed by annuities only; ftp checks it on every row (CheckEveryRate), because book_ftp.csv
            // copies the cell and a NaN or infinite rate must not pass through to the next run.
            bool annuity = am == ValueCore.Schedules.Amortisation.Annuity;
            double r = Rate >= 0 && (annuity || CheckEveryRate) ? reader.Number(Rate, annuity, double.NaN, LoanRules.Rate, ref ok) : double.NaN;
            if (am == ValueCore.Schedules.Amortisation.Annuity && Rate < 0)
            {
                log.Add(reader.Line, reader.Header[Amortisation], "annuity", "needs the client rate, but the file has no rate column");
                ok = false;
            }

            terms = new Terms(am, m, rp, r, fromMaturity);
            if (ok && TransferPricing.Rule(am, m, rp, paymentsPerYear, r) is string rule)
            {
                log.Add(reader.Line, reader.Header[termField], CsvTableReader.Format(m), rule);
                ok = false;
            }

            return ok;
        }
    }
}
