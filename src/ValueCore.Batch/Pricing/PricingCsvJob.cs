using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch.Provisions;
using ValueCore.Capital;
using ValueCore.Numerics;
using ValueCore.Portfolio;
using ValueCore.Pricing;
using ValueCore.Schedules;

namespace ValueCore.Batch;

/// <summary>
/// Prices every deal of a CSV at its target RAROC and writes <c>prices.csv</c>: the minimum rate and its
/// decomposition (funding, expected loss, operating cost, fees, capital charge, tax, margin).
/// </summary>
/// <remarks>
/// Columns: <c>loan_id</c>, <c>asset_class</c>, <c>ead</c>, <c>pd</c>, <c>lgd</c> (required); <c>ftp_rate</c> (required
/// unless a curve is given; with a curve a given rate is used and an empty one derived, as in raroc); <c>segment</c>, <c>maturity</c> (the IRB effective maturity; required for corporate,
/// sovereign, bank, SME unless <c>term</c> is given, then M = term), <c>term</c> (the contractual term the curve's FTP is
/// matched to; default maturity; a curve needs one of them on every deal whose ftp_rate it derives), <c>drawn</c> (the balance the rate accrues
/// on, &lt;= ead; default ead), <c>undrawn</c>, <c>commitment_fee</c>, <c>undrawn_ftp</c>, <c>sales</c>, <c>fees</c>, <c>opex</c>, <c>beel</c>, the allocated-capital column,
/// <c>rate</c> (a current rate, to show its RAROC and the gap to the minimum), <c>repricing</c>, <c>amortisation</c>.
/// A deal whose target no rate can reach is an error naming its line and the reason; every problem is listed and
/// nothing is written. Formulas: <see cref="RiskBasedPricing"/>.
/// </remarks>
public static class PricingCsvJob
{
    private static readonly string[] s_columns =
    [
        "loan_id", "segment", "ead", "el", "ec", "capital", "target_raroc", "min_rate", "funding", "expected_loss", "operating_cost",
        "fees", "capital_charge", "tax", "margin", "method", "drawn", "undrawn_charge",
    ];

    /// <summary>Runs the pricing.</summary>
    /// <param name="options">Input, output and parameters.</param>
    /// <returns>The number of deals priced.</returns>
    /// <exception cref="DataValidationException">A column is missing, a value breaks a rule, or a target cannot be reached; all are listed.</exception>
    /// <exception cref="FileNotFoundException">The deals file does not exist.</exception>
    public static long Run(PricingJobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var v = options.Valuation;
        using var reader = CsvTableReader.Open(options.BookPath, options.Csv);
        var log = reader.Log;
        var map = options.Csv.ColumnMap;
        string Name(string column) => map.GetValueOrDefault(column, column);
        int id = reader.Require(Name(LoanColumns.LoanId)), ac = reader.Require(Name(LoanColumns.AssetClass)), ead = reader.Require(Name(LoanColumns.Ead)),
            pd = reader.Require(Name(LoanColumns.Pd)), lgd = reader.Require(Name(LoanColumns.Lgd));
        // With a funding curve the ftp_rate column is optional: a given rate is used, an empty or absent one derived (as raroc does).
        int ftp = options.Valuation.Funding is null ? reader.Require(Name(LoanColumns.FtpRate), "or give a funding curve") : reader.Column(Name(LoanColumns.FtpRate));
        int segment = reader.Column(Name(LoanColumns.Segment)), maturity = reader.Column(Name(LoanColumns.Maturity)), sales = reader.Column(Name(LoanColumns.Sales)),
            fees = reader.Column(Name(LoanColumns.Fees)), opex = reader.Column(Name(LoanColumns.Opex)), beel = reader.Column(Name(LoanColumns.Beel)),
            capital = reader.Column(options.CapitalColumn), rate = reader.Column(Name(LoanColumns.Rate));
        int term = reader.Column(Name(LoanColumns.Term)), drawnColumn = reader.Column(Name(LoanColumns.Drawn)), undrawnColumn = reader.Column(Name(LoanColumns.Undrawn)),
            commitmentFee = reader.Column(Name(LoanColumns.CommitmentFee)), undrawnFtp = reader.Column(Name(LoanColumns.UndrawnFtp));
        var assetClassCodes = options.Csv.ValueMap.GetValueOrDefault(LoanColumns.AssetClass);
        Func<double, string?> pdRule = options.Csv.PdInPercent ? x => LoanRules.Pd(x / 100.0) is null ? null : "is outside (0, 100] (percent)" : LoanRules.Pd;
        if (undrawnColumn < 0 && (commitmentFee >= 0 || undrawnFtp >= 0))
        {
            log.Add(DataIssue.Header(commitmentFee >= 0 ? LoanColumns.CommitmentFee : LoanColumns.UndrawnFtp, "", "needs an undrawn column (it is an annual rate on the undrawn commitment)"));
        }

        var ftpFields = options.Valuation.Funding is null ? null : FtpCsvJob.Fields.Resolve(reader);
        log.ThrowIfAny();

        // The lifetime basis: the book read as valuecore lifetime reads it, valued before any output is written.
        var lifetime = options.Lifetime is null ? null
            : Pricing.LifetimeCsvJob.Value(options.BookPath, options.Csv, options.Lifetime, options.Csv.SourceName ?? Path.GetFileName(options.BookPath), []).Result;

        double gq = NormalDistribution.InverseCdfUnchecked(v.Irb.Confidence);
        double t = v.Profitability.TaxRate, c = v.Profitability.CapitalRate;
        // The table sinks (docs/conventions.md, "Output formats"): the database first, so a refusal touches no folder.
        var text = new HashSet<string>(["loan_id", "segment", "method", "classification", "amortisation"], StringComparer.Ordinal);
        Sinks.ResultTable[] resultTables = options.Lifetime is null
            ? [new("prices.csv", "prices", text)]
            : [new("prices.csv", "prices", text), new("lifetime_prices.csv", "lifetime_prices", text)];
        using var database = Sinks.ResultTables.OpenDatabase(options.Tables, resultTables.Select(t => t.TableName!));
        using var output = new OutputDirectory(options.OutputDirectory, [options.BookPath]);
        using var rejected = options.SkipInvalid ? ProvisionText.OpenRejected(output) : null;
        var pending = new List<DataIssue>();
        long priced = 0;
        void Reject(string loanId)
        {
            foreach (var issue in pending)
            {
                ProvisionText.WriteReject(rejected!, issue, loanId);
            }

            pending.Clear();
        }

        if (options.SkipInvalid)
        {
            log.Sink = pending.Add;
        }

        using (var w = output.CreateText("prices.csv"))
        {
            CsvText.WriteLine(w, rate >= 0 ? [.. s_columns, "rate", "raroc_at_rate", "rate_gap"] : s_columns);
            long reported = 0;
            while (reader.Next() || (options.SkipInvalid && pending.Count > 0 && Flush()))
            {
                if (reader.BytesRead != reported)
                {
                    options.Progress?.Report(reported = reader.BytesRead);
                }

                if (options.SkipInvalid && pending.Count > 0)
                {
                    Reject(""); // records the reader skipped (malformed, wrong number of fields)
                }

                bool ok = true;
                string label = reader.Text(ac);
                if (assetClassCodes is not null && assetClassCodes.TryGetValue(label, out var mappedClass))
                {
                    label = mappedClass;
                }

                if (!LoanColumns.TryParseAssetClass(label, out var assetClass))
                {
                    log.Add(reader.Line, reader.Header[ac], label, "is not an asset class (corporate, sovereign, bank, sme, retail_mortgage, retail_revolving, retail_other)");
                    ok = false;
                }

                double e = reader.Number(ead, true, 0, LoanRules.Ead, ref ok);
                double p = reader.Number(pd, true, 0.5, pdRule, ref ok);
                p = options.Csv.PdInPercent ? p / 100.0 : p;
                double l = reader.Number(lgd, true, 0, LoanRules.UnitInterval, ref ok);
                bool needsMaturity = ok && LoanRules.NeedsMaturity(assetClass);
                bool termGiven = term >= 0 && !reader.Value(term).IsEmpty;
                double termYears = termGiven ? reader.Number(term, false, double.NaN, LoanRules.Maturity, ref ok) : double.NaN;
                if (maturity < 0 && needsMaturity && !termGiven)
                {
                    log.Add(reader.Line, LoanColumns.Maturity, "", $"is required for {label} exposures but the file has no maturity column (nor a term)");
                    ok = false;
                }

                double m = reader.Number(maturity, needsMaturity && !termGiven, double.NaN, LoanRules.Maturity, ref ok);
                if (needsMaturity && termGiven && double.IsNaN(m))
                {
                    m = termYears; // M = the contractual term, Basel II para 320
                }

                double dr = reader.Number(drawnColumn, false, double.NaN, LoanRules.NonNegativeAmount, ref ok);
                if (!double.IsNaN(dr) && LoanRules.DrawnWithinEad(dr, e) is string exceeds)
                {
                    log.Add(reader.Line, reader.Header[drawnColumn], reader.Text(drawnColumn), exceeds);
                    ok = false;
                }

                double un = reader.Number(undrawnColumn, false, 0, LoanRules.NonNegativeAmount, ref ok);
                double cf = reader.Number(commitmentFee, false, 0, LoanRules.Rate, ref ok);
                double uf = reader.Number(undrawnFtp, false, 0, LoanRules.Rate, ref ok);
                double sa = reader.Number(sales, false, IrbFormula.NoSales, LoanRules.Sales, ref ok);
                double fe = reader.Number(fees, false, 0, LoanRules.Amount, ref ok);
                double op = reader.Number(opex, false, 0, LoanRules.Amount, ref ok);
                double be = reader.Number(beel, false, l, LoanRules.UnitInterval, ref ok);
                double alloc = reader.Number(capital, false, double.NaN, LoanRules.NonNegativeAmount, ref ok);
                double current = reader.Number(rate, false, double.NaN, LoanRules.Rate, ref ok);
                double f = ftp >= 0 ? reader.Number(ftp, options.Valuation.Funding is null, double.NaN, LoanRules.Rate, ref ok) : double.NaN;
                bool deriveFtp = ftpFields is not null && double.IsNaN(f);
                f = double.IsNaN(f) ? 0.0 : f;
                FtpCsvJob.Terms terms = default;
                if (deriveFtp)
                {
                    // The FTP terms: the contractual term (term, else maturity); M stays the effective maturity.
                    bool termsOk = ftpFields!.TryReadTerms(reader, options.Valuation.Funding!.PaymentsPerYear, out terms);
                    ok &= termsOk;
                }

                if (!ok)
                {
                    if (options.SkipInvalid)
                    {
                        Reject(reader.Text(id));
                    }

                    continue;
                }

                string segmentText = reader.Text(segment);
                double target = options.TargetRaroc ?? v.HurdleFor(segmentText);
                var deal = new RiskBasedPricing.DealInputs(assetClass, e, p, l, m, sa, f, fe, op, be, alloc, double.IsNaN(dr) ? e : dr, LoanRules.UndrawnIncome(un, cf, uf));
                string method = "closed_form";
                string? reason;
                PriceBreakdown price;
                Func<double, double>? ftpOf = null;
                if (deriveFtp)
                {
                    var funding = options.Valuation.Funding!;
                    var tm = terms;
                    if (tm.Amortisation == Amortisation.Annuity)
                    {
                        ftpOf = funding.RateOfClientRate(tm.Amortisation, tm.TermYears, tm.RepricingYears);
                    }
                    else
                    {
                        deal = deal with { FtpRate = funding.RateUnchecked(tm.Amortisation, tm.TermYears, tm.RepricingYears, 0.0) };
                    }
                }

                if (ftpOf is not null)
                {
                    method = "bisection";
                    reason = RiskBasedPricing.TrySolveCore(deal, ftpOf, v, target, gq, out price);
                }
                else
                {
                    reason = RiskBasedPricing.TryPriceCore(deal, v, target, gq, out price);
                }

                if (reason is not null)
                {
                    log.Add(reader.Line, reader.Header[id], reader.Text(id), reason);
                    if (options.SkipInvalid)
                    {
                        Reject(reader.Text(id));
                    }

                    continue;
                }

                if (log.Count > 0 && !options.SkipInvalid)
                {
                    continue;
                }

                priced++;

                var fields = new List<string>(20)
                {
                    CsvText.Field(reader.Text(id)), CsvText.Field(segmentText), CsvText.Number(e), CsvText.Number(price.ExpectedLossAmount),
                    CsvText.Number(price.EconomicCapital), double.IsNaN(alloc) ? "standalone" : "allocated", CsvText.Number(target),
                    CsvText.Number(price.MinimumRate), CsvText.Number(price.Funding), CsvText.Number(price.ExpectedLoss), CsvText.Number(price.OperatingCost),
                    CsvText.Number(price.Fees), CsvText.Number(price.CapitalCharge), CsvText.Number(price.Tax), CsvText.Number(price.Margin), method,
                    CsvText.Number(price.Drawn), CsvText.Number(price.UndrawnCharge),
                };
                if (rate >= 0)
                {
                    double raroc = double.NaN, gap = double.NaN;
                    if (!double.IsNaN(current))
                    {
                        double ftpNow = ftpOf?.Invoke(current) ?? deal.FtpRate;
                        double ret = ((deal.Drawn * (current - ftpNow)) + fe + deal.UndrawnIncome - op - price.ExpectedLossAmount + (c * price.EconomicCapital)) * (1.0 - t);
                        raroc = ret / price.EconomicCapital;
                        gap = current - price.MinimumRate;
                    }

                    fields.Add(CsvText.Number(current));
                    fields.Add(CsvText.Number(raroc));
                    fields.Add(CsvText.Number(gap));
                }

                CsvText.WriteLine(w, [.. fields]);
            }

            if (!options.SkipInvalid)
            {
                log.ThrowIfAny();
            }
        }

        rejected?.Dispose();
        if (lifetime is not null)
        {
            WriteLifetimePrices(output, lifetime);
        }

        Sinks.ResultTables.Finish(output, options.Tables, database, resultTables);
        output.WriteManifest("valuecore price", [("book", options.BookPath), .. options.Inputs], json => Sinks.ResultTables.WriteManifest(json, options.Tables, database));
        output.Commit();
        return priced;

        // The issues the reader adds after the last record (a file ending inside quotes) are rejected too; the loop then ends.
        bool Flush()
        {
            Reject("");
            return false;
        }
    }

    /// <summary>Writes <c>lifetime_prices.csv</c>: per deal the break-even rate on a lifetime basis, its decomposition, and the
    /// deal's rate with its NPV of EVA, lifetime RAROC and gap to the break-even rate (empty cells where there is none).</summary>
    private static void WriteLifetimePrices(OutputDirectory output, LifetimeResult r)
    {
        using var w = output.CreateText("lifetime_prices.csv");
        CsvText.WriteLine(w, "loan_id", "segment", "classification", "amortisation", "years", "ftp_rate", "break_even_rate", "break_even_funding",
            "break_even_el", "break_even_cost", "break_even_capital", "rate", "npv_eva", "lifetime_raroc", "rate_gap");
        var b = r.Book;
        for (int i = 0; i < r.Count; i++)
        {
            double rate = b.Rate[i], be = r.BreakEvenRate[i];
            CsvText.WriteLine(w, CsvText.Field(b.LoanId[i]), CsvText.Field(b.Segment[i]), CsvText.Field(b.Classification[i]),
                AmortisationLabels.Label(b.Amortisation.IsEmpty ? Amortisation.Bullet : b.Amortisation[i]), CsvText.Number(r.Years[i]),
                CsvText.Number(r.FtpRate[i]), CsvText.Number(be), CsvText.Number(r.BreakEvenFunding[i]), CsvText.Number(r.BreakEvenEl[i]),
                CsvText.Number(r.BreakEvenCost[i]), CsvText.Number(r.BreakEvenCapital[i]), CsvText.Number(rate), CsvText.Number(r.NpvEva[i]),
                CsvText.Number(r.LifetimeRaroc[i]), CsvText.Number(rate - be));
        }
    }

    /// <summary>Writes the <c>prices.csv</c> of one deal priced in code (e.g. from command-line flags).</summary>
    /// <param name="outputDirectory">The output folder.</param>
    /// <param name="loanId">The deal's identifier.</param>
    /// <param name="price">Its price.</param>
    /// <param name="allocated">Whether the capital was allocated (else standalone).</param>
    public static void WriteSingle(string outputDirectory, string loanId, in PriceBreakdown price, bool allocated)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        ArgumentNullException.ThrowIfNull(loanId);
        using var output = new OutputDirectory(outputDirectory);
        using (var w = output.CreateText("prices.csv"))
        {
            CsvText.WriteLine(w, s_columns);
            var p = price;
            CsvText.WriteLine(w, CsvText.Field(loanId), "", CsvText.Number(p.Ead), CsvText.Number(p.ExpectedLossAmount), CsvText.Number(p.EconomicCapital),
                allocated ? "allocated" : "standalone", CsvText.Number(p.TargetRaroc), CsvText.Number(p.MinimumRate), CsvText.Number(p.Funding),
                CsvText.Number(p.ExpectedLoss), CsvText.Number(p.OperatingCost), CsvText.Number(p.Fees), CsvText.Number(p.CapitalCharge),
                CsvText.Number(p.Tax), CsvText.Number(p.Margin), "closed_form", CsvText.Number(p.Drawn), CsvText.Number(p.UndrawnCharge));
        }

        output.WriteManifest("valuecore price", []);
        output.Commit();
    }
}
