using System.Globalization;
using ValueCore.Capital;
using ValueCore.IO;
using ValueCore.Portfolio;
using ValueCore.Schedules;
using ValueCore.Pricing;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore price</c>: the minimum client rate that reaches a target RAROC, for one deal or a CSV of deals.</summary>
internal static class PriceCommand
{
    public static CommandSpec Spec { get; } = new(
        "price",
        "Risk-based pricing: the minimum client rate reaching a target RAROC, with its decomposition.",
        [
            .. BookOptions.Specs("CSV of deals (loan-book columns; rate optional). Or give one deal with the flags below.", bookRequired: false),
            new("out", "DIR", "Output folder.", Required: true),
            new("target-raroc", "R", "Target RAROC (default: the hurdle, per segment when set)."),
            new("ead", "AMOUNT", "One deal: exposure at default."),
            new("pd", "P", "One deal: one-year PD in (0, 1]."),
            new("lgd", "L", "One deal: LGD in [0, 1]."),
            new("maturity", "YEARS", "One deal: IRB effective maturity M in years (also the FTP term with --curve when --term is not given)."),
            new("term", "YEARS", "One deal with --curve: remaining contractual term the FTP is matched to (default --maturity)."),
            new("drawn", "AMOUNT", "One deal: drawn balance the rate accrues on, <= --ead (default --ead)."),
            new("undrawn", "AMOUNT", "One deal: undrawn commitment (default 0)."),
            new("commitment-fee", "RATE", "One deal: annual commitment fee on the undrawn amount (default 0)."),
            new("undrawn-ftp", "RATE", "One deal: annual liquidity charge on the undrawn amount (default 0)."),
            new("asset-class", "CLASS", "One deal: corporate, sovereign, bank, sme, retail_mortgage, retail_revolving, retail_other."),
            new("ftp-rate", "RATE", "One deal: funds transfer price (or give --curve)."),
            new("fees", "AMOUNT", "One deal: annual fees (default 0)."),
            new("opex", "AMOUNT", "One deal: annual operating cost (default 0)."),
            new("sales", "EUR_M", "One deal: annual sales in EUR millions (SME firm-size adjustment)."),
            new("capital", "AMOUNT", "One deal: allocated capital instead of standalone IRB capital."),
            new("segment", "NAME", "One deal: segment, for a segment hurdle."),
            new("amortisation", "KIND", "One deal with --curve: bullet, linear or annuity (default bullet)."),
            new("repricing", "YEARS", "One deal with --curve: years to the next rate reset (floating rate)."),
            new("curve", "FILE", "Funding curve (tenor_years,rate) to derive the FTP by matched maturity."),
            new("liquidity", "FILE", "Liquidity-premium curve (tenor_years,rate) added to the FTP."),
            new("payments-per-year", "N", "Principal payments a year of amortising deals (default 12; with --lifetime, the lifetime balance path's default is 1)."),
            new("capital-column", "NAME", "Column of allocated capital in --book (default allocated_capital)."),
            new("params", "FILE", "params.json (hurdle, tax, capital_rate, confidence, regime, pd_floor, hurdle_by_segment)."),
            new("hurdle", "RATE", "Hurdle rate (default 0.12)."),
            new("tax", "RATE", "Tax rate (default 0.25)."),
            new("capital-rate", "RATE", "Return earned on the capital held (default 0.03)."),
            new("confidence", "Q", "Confidence level of the IRB formula (default 0.999)."),
            new("regime", "basel2|basel3", "PD floors (default basel2)."),
            new("pd-floor", "F", "PD floor for every asset class."),
            new("lifetime", null, "With --book: also the minimum rate on a lifetime basis, DIR/lifetime_prices.csv (the break-even rate of 'valuecore lifetime' and its decomposition)."),
            .. LifetimeArgs.Specs(paymentsPerYear: false),
            .. TableOutputOptions.Specs(),
            new("scaling-factor", null, "Removed: RWA carries the regime's scaling factor (basel2 1.06, basel3 none) and EC none; the option is refused."),
        ],
        Run,
        "Writes DIR/prices.csv: loan_id, min_rate and its decomposition funding + expected_loss + operating_cost + fees + capital_charge + tax (margin = min_rate - funding).");

    private static readonly string[] s_dealFlags = ["ead", "pd", "lgd", "maturity", "asset-class", "ftp-rate", "fees", "opex", "sales", "capital", "segment", "amortisation", "repricing",
        "term", "drawn", "undrawn", "commitment-fee", "undrawn-ftp"];

    private static readonly string[] s_lifetimeFlags = ["matrix", "default-states", "absorbing", "discount"];

    private static readonly string[] s_bookFlags = ["map", "delimiter", "decimal", "skip-invalid", BookOptions.PdPercentFlag];

    private static int Run(CliArgs args, CliContext ctx)
    {
        string outDir = args.Require("out");
        var valuation = ValuationArgs.Read(args);
        double? target = args.GetDoubleOrNull("target-raroc", -1, 10);
        var curve = args.Get("curve") is null ? null : FundingCurveCsv.Read(args.RequireFile("curve"));
        var liquidity = args.Get("liquidity") is null ? null : FundingCurveCsv.Read(args.RequireFile("liquidity"));
        int ppy = args.GetInt("payments-per-year", 12, 1, TransferPricing.MaxPaymentsPerYear);
        var inv = CultureInfo.InvariantCulture;
        if (!args.Has("lifetime") && s_lifetimeFlags.FirstOrDefault(args.Has) is string lifetimeFlag)
        {
            throw new UsageException($"--{lifetimeFlag} is an option of the lifetime basis: add --lifetime");
        }

        if (args.Get("book") is not null || args.Get("db") is not null)
        {
            if (s_dealFlags.FirstOrDefault(args.Has) is string flag)
            {
                throw new UsageException($"--{flag} describes one deal; it cannot be combined with --book");
            }

            string bookPath = BookOptions.RequireBook(args, ctx);
            var inputs = new List<(string, string)>();
            LifetimeOptions? lifetime = null;
            if (args.Has("lifetime"))
            {
                if (BookOptions.SkipInvalid(args))
                {
                    throw new UsageException("--lifetime values the whole book: it cannot be combined with --skip-invalid");
                }

                // The lifetime basis takes its options as valuecore lifetime does, so its break-even rates round-trip there.
                lifetime = LifetimeArgs.Read(args, curve is null ? valuation : valuation with { Funding = new FundingOptions { Curve = curve, LiquidityCurve = liquidity } }, inputs, []);
            }

            var progress = Progress.For(ctx, args, "price: pricing the book", Progress.BookBytes(bookPath), "bytes");
            long n;
            try
            {
                n = PricingCsvJob.Run(new PricingJobOptions
                {
                    BookPath = bookPath,
                    Csv = BookOptions.Read(args, bookPath),
                    SkipInvalid = BookOptions.SkipInvalid(args),
                    OutputDirectory = outDir,
                    Valuation = curve is null ? valuation : valuation with { Funding = new FundingOptions { Curve = curve, LiquidityCurve = liquidity, PaymentsPerYear = ppy } },
                    TargetRaroc = target,
                    CapitalColumn = args.Get("capital-column") ?? "allocated_capital",
                    Lifetime = lifetime,
                    Inputs = inputs,
                    Progress = progress,
                    Tables = TableOutputOptions.Read(args),
                });
            }
            finally
            {
                progress?.Done();
            }

            ctx.Out.WriteLine($"valuecore price: {ConsoleNumbers.Count(n)} deals priced; prices in {Path.GetFullPath(Path.Combine(outDir, ValueCore.Batch.Sinks.ResultTables.FileName("prices.csv", TableOutputOptions.Read(args).Format)))}");
            if (lifetime is not null)
            {
                ctx.Out.WriteLine($"  lifetime basis (break-even rates, NPV of EVA 0) in {Path.GetFullPath(Path.Combine(outDir, ValueCore.Batch.Sinks.ResultTables.FileName("lifetime_prices.csv", TableOutputOptions.Read(args).Format)))}");
            }
            if (BookOptions.SkipInvalid(args))
            {
                BookOptions.RequireValued("price", Path.GetFileName(bookPath), -1, n); // without it, any invalid deal has failed the run
            }

            return ExitCodes.Success;
        }

        if (args.Has("lifetime"))
        {
            throw new UsageException("--lifetime needs --book FILE (a loan book with term and rate; one deal given with flags has no schedule)");
        }

        if (s_bookFlags.FirstOrDefault(args.Has) is string bookFlag)
        {
            throw new UsageException($"--{bookFlag} is an option of --book FILE; one deal given with flags has no file to read");
        }

        foreach (string required in (string[])["ead", "pd", "lgd", "asset-class"])
        {
            if (!args.Has(required))
            {
                throw new UsageException($"give --book FILE, or one deal with --ead, --pd, --lgd, --asset-class and --ftp-rate (missing --{required})");
            }
        }

        if (!args.Has("ftp-rate") && curve is null)
        {
            throw new UsageException("one deal needs --ftp-rate or --curve");
        }

        string label = args.Require("asset-class");
        if (!LoanColumns.TryParseAssetClass(label, out var assetClass))
        {
            throw new UsageException($"--asset-class = {label} must be one of {string.Join(", ", LoanColumns.AssetClassLabels)}");
        }

        var amortisation = Amortisation.Bullet;
        if (args.Get("amortisation") is string other && !AmortisationLabels.TryParse(other, out amortisation))
        {
            throw new UsageException($"--amortisation = {other} must be {AmortisationLabels.Expected}");
        }
        double maturity = args.GetDouble("maturity", double.NaN, 0, 100);
        double repricing = args.GetDouble("repricing", double.NaN, 0, 100);
        double term = args.GetDouble("term", double.NaN, 0, 100);
        if (double.IsNaN(term))
        {
            term = maturity; // the FTP term defaults to the effective maturity
        }
        else if (double.IsNaN(maturity) && assetClass is AssetClass.Corporate or AssetClass.Sovereign or AssetClass.Bank or AssetClass.Sme)
        {
            maturity = term; // M = the contractual term, Basel II para 320
        }

        if (curve is not null && double.IsNaN(term))
        {
            throw new UsageException("--curve needs --term or --maturity (the term the FTP is matched to)");
        }

        try
        {
            var deal = new PricingDeal
            {
                AssetClass = assetClass,
                Ead = args.GetDouble("ead", 0),
                Drawn = args.GetDoubleOrNull("drawn"),
                Undrawn = args.GetDouble("undrawn", 0),
                CommitmentFee = args.GetDouble("commitment-fee", 0),
                UndrawnFtpRate = args.GetDouble("undrawn-ftp", 0),
                Pd = args.GetDouble("pd", 0),
                Lgd = args.GetDouble("lgd", 0),
                FtpRate = args.GetDouble("ftp-rate", 0),
                MaturityYears = maturity,
                SalesEurMillions = args.GetDouble("sales", IrbFormula.NoSales),
                Fees = args.GetDouble("fees", 0),
                Opex = args.GetDouble("opex", 0),
                AllocatedCapital = args.GetDoubleOrNull("capital"),
                Segment = args.Get("segment") ?? "",
            };
            bool ok;
            PriceBreakdown price;
            string? reason;
            if (curve is null)
            {
                ok = RiskBasedPricing.TryPrice(deal, valuation, target, out price, out reason);
            }
            else if (amortisation == Amortisation.Annuity)
            {
                ok = RiskBasedPricing.TryPrice(deal, r => TransferPricing.Rate(curve, liquidity, amortisation, term, repricing, ppy, r).Total, valuation, target, out price, out reason);
            }
            else
            {
                deal = deal with { FtpRate = TransferPricing.Rate(curve, liquidity, amortisation, term, repricing, ppy, 0.0).Total };
                ok = RiskBasedPricing.TryPrice(deal, valuation, target, out price, out reason);
            }

            if (!ok)
            {
                throw new InvalidInputException("valuecore price: " + reason);
            }

            PricingCsvJob.WriteSingle(outDir, "deal", price, deal.AllocatedCapital is not null);
            var w = ctx.Out;
            w.WriteLine(string.Create(inv, $"valuecore price: minimum rate {ConsoleNumbers.Rate4(price.MinimumRate)} for a target RAROC of {ConsoleNumbers.Rate(price.TargetRaroc)} ({(deal.AllocatedCapital is null ? "standalone" : "allocated")} capital {ConsoleNumbers.Amount2(price.EconomicCapital)})"));
            w.WriteLine(string.Create(inv, $"  funding          {price.Funding,10:P4}"));
            w.WriteLine(string.Create(inv, $"  expected loss    {price.ExpectedLoss,10:P4}"));
            w.WriteLine(string.Create(inv, $"  operating cost   {price.OperatingCost,10:P4}"));
            w.WriteLine(string.Create(inv, $"  fees             {price.Fees,10:P4}"));
            w.WriteLine(string.Create(inv, $"  capital charge   {price.CapitalCharge,10:P4}  (hurdle net of the capital's own return)"));
            w.WriteLine(string.Create(inv, $"  tax              {price.Tax,10:P4}"));
            w.WriteLine(string.Create(inv, $"  margin over FTP  {price.Margin,10:P4}"));
            if (deal.Pd < 1.0 && Math.Max(deal.Pd, valuation.Irb.FloorFor(deal.AssetClass)) < IrbFormula.TechnicalPdFloor && deal.AllocatedCapital is null)
            {
                w.WriteLine(string.Create(inv, $"  PD {deal.Pd:R} lifted to the technical PD floor {IrbFormula.TechnicalPdFloor:R} for capital and EL (docs/methodology.md, section 2)"));
            }

            return ExitCodes.Success;
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException(PlainText.Message(e));
        }
    }
}
