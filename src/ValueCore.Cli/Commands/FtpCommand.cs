using System.Globalization;
using ValueCore.IO;
using ValueCore.Pricing;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore ftp</c>: matched-maturity funds transfer prices for every loan of a book.</summary>
internal static class FtpCommand
{
    public static CommandSpec Spec { get; } = new(
        "ftp",
        "Funds transfer pricing: derive each loan's FTP from a funding curve by matched maturity.",
        [
            new("book", "FILE", "Loan book: loan_id, maturity (contractual term), optional repricing, amortisation (bullet|linear|annuity), rate. Also .csv.gz, .csv.zst, .parquet or a folder of .parquet parts; or --db."),
            .. BookOptions.DbSpecs(),
            new("curve", "FILE", "Funding curve CSV: tenor_years,rate (linear interpolation, flat beyond the ends).", Required: true),
            new("liquidity", "FILE", "Liquidity-premium curve CSV: tenor_years,rate, added to the FTP."),
            new("payments-per-year", "N", "Principal payments a year of amortising loans (default 12)."),
            new("out", "DIR", "Output folder.", Required: true),
            .. TableOutputOptions.Specs(),
        ],
        Run,
        "Writes DIR/ftp.csv (loan_id, amortisation, maturity, repricing, base_rate, liquidity_premium, ftp_rate) and DIR/book_ftp.csv (the book with ftp_rate filled, for valuecore raroc).");

    private static int Run(CliArgs args, CliContext ctx)
    {
        string book = BookOptions.RequireBook(args, ctx);
        var curve = FundingCurveCsv.Read(args.RequireFile("curve"));
        var liquidity = args.Get("liquidity") is null ? null : FundingCurveCsv.Read(args.RequireFile("liquidity"));
        int ppy = args.GetInt("payments-per-year", 12, 1, TransferPricing.MaxPaymentsPerYear);
        string outDir = args.Require("out");
        var tables = TableOutputOptions.Read(args);
        var progress = Progress.For(ctx, args, "ftp: pricing the book", Progress.BookBytes(book), "bytes");
        long n;
        try
        {
            n = FtpCsvJob.Run(book, new FundingOptions { Curve = curve, LiquidityCurve = liquidity, PaymentsPerYear = ppy }, outDir, progress, tables);
        }
        finally
        {
            progress?.Done();
        }

        ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"valuecore ftp: {n:N0} loans priced on a {curve.Count}-point curve{(liquidity is null ? "" : " plus liquidity premium")}; results in {Path.GetFullPath(outDir)}"));
        return ExitCodes.Success;
    }
}
