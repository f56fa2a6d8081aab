using ValueCore.Batch;
using ValueCore.IO;
using ValueCore.IO.Sources;
using ValueCore.Portfolio;

namespace ValueCore.Cli.Commands;

/// <summary>
/// The book options, defined once: every command that reads a loan book (raroc, capital, scenario, price, provision
/// ecl, provision migration) takes <c>--book</c>, <c>--map</c>, <c>--delimiter</c>, <c>--decimal</c>,
/// <c>--skip-invalid</c> and <c>--pd-percent</c> with the same meaning, and turns them into one
/// <see cref="LoanBookCsvOptions"/> (docs/loan-book.md, docs/conventions.md "One command-line vocabulary").
/// </summary>
internal static class BookOptions
{
    public const string PdPercentFlag = "pd-percent";

    /// <summary>The book options, <c>--book</c> first, with the command's own description of the book.</summary>
    public static IReadOnlyList<OptionSpec> Specs(string bookHelp = "Loan-book CSV (see docs/loan-book.md).", bool bookRequired = true) =>
    [
        new("book", "FILE", bookHelp + " Also .csv.gz, .csv.zst, .parquet or a folder of .parquet parts; or --db.", Required: false),
        .. DbSpecs(bookRequired),
        new("map", "FILE", "Map JSON: column names, e.g. {\"ead\": \"EXPOSURE_AMT\"}, or {\"columns\": {...}, \"values\": {\"asset_class\": {\"CORP\": \"corporate\"}}} (docs/loan-book.md)."),
        new("delimiter", "CHAR", "Field separator: , (default), ; , | or tab."),
        new("decimal", "CHAR", "Decimal separator of numbers: . (default) or , (must differ from --delimiter)."),
        new("skip-invalid", null, "Process the valid rows and write the others to rejected.csv (default: any invalid row fails the run, exit 3)."),
        new(PdPercentFlag, null, "The pd column is in percent (5 = 5%): divide it by 100 on read."),
    ];

    /// <summary>The database source's options (docs/loan-book.md, "Book sources").</summary>
    public static IReadOnlyList<OptionSpec> DbSpecs(bool bookRequired = true) =>
    [
        new("db", "CONNECTION", "Read the book from a database instead of --book: a connection string, or env:NAME to take it from an environment variable." + (bookRequired ? " One of --book and --db is required." : "")),
        new("db-provider", "NAME", $"The database's provider: {DbSource.DefaultProvider} (default)."),
        new("query", "SQL", "With --db: the query whose rows are the book (add ORDER BY for a repeatable row order)."),
        new("table", "NAME", "With --db: read the whole table (select * from NAME)."),
    ];

    [ThreadStatic]
    private static List<(BookSpool Spool, string Label, CliArgs Args)>? t_spools;

    /// <summary>The book's path: <c>--book</c> (a CSV, .csv.gz, .csv.zst, .parquet file or a folder of parts), or the
    /// spool of the <c>--db</c> query's rows (deleted by <see cref="DeleteSpools"/> when the command ends).</summary>
    /// <exception cref="UsageException">Neither or both given, a file not found, or the database cannot be read.</exception>
    public static string RequireBook(CliArgs args, CliContext ctx)
    {
        if (args.Get("db") is not null)
        {
            if (args.Get("book") is not null)
            {
                throw new UsageException("give --book or --db, not both");
            }

            var (spool, label) = DbSource.Open(args, ctx);
            (t_spools ??= []).Add((spool, label, args));
            return spool.Path;
        }

        if (args.Get("query") is not null || args.Get("table") is not null)
        {
            throw new UsageException("--query and --table need --db");
        }

        string path = args.Get("book") ?? throw new UsageException("--book FILE or --db CONNECTION is required");
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new UsageException($"--book: file not found: {path}");
        }

        return path;
    }

    /// <summary>The label of the book in messages and manifests: the file name, "name row" for a Parquet book (rows
    /// numbered), "provider:host/database row" for a database.</summary>
    public static string Label(string bookPath) =>
        t_spools?.FirstOrDefault(s => s.Spool.Path == bookPath).Label is { } db ? BookSource.RowLabel(db) : BookSource.Label(bookPath);

    /// <summary>For an exception about a <c>--db</c> book's rows: the same issues, each row named by its ordinal and its
    /// loan_id ("row 17 (loan_id L000017)"); any other exception as it is.</summary>
    public static DataValidationException NameDbRows(DataValidationException e)
    {
        var issues = NameDbRows(e.Issues, e.Source);
        return ReferenceEquals(issues, e.Issues) ? e : new DataValidationException(e.Source, issues, e.TotalIssues);
    }

    /// <summary>Issues of a <c>--db</c> book's rows (labelled <paramref name="source"/>), each row named by its ordinal and
    /// its loan_id, read back from the spool; the issues of any other source as they are.</summary>
    public static IReadOnlyList<DataIssue> NameDbRows(IReadOnlyList<DataIssue> issues, string source)
    {
        if (t_spools?.FirstOrDefault(s => BookSource.RowLabel(s.Label) == source) is not { Spool: not null } found)
        {
            return issues;
        }

        try
        {
            return found.Spool.NameRows(issues, Read(found.Args, found.Spool.Path));
        }
        catch (Exception other) when (other is IOException or DataValidationException or ArgumentException or UsageException)
        {
            return issues; // the rows as they were named: the run's own error stands
        }
    }

    /// <summary>Deletes the spools of the command that ends.</summary>
    public static void DeleteSpools()
    {
        foreach (var (spool, _, _) in t_spools ?? [])
        {
            spool.Dispose();
        }

        t_spools = null;
    }

    /// <summary>The book's reading options from the parsed book options.</summary>
    /// <exception cref="UsageException">A map file that does not exist, a delimiter or decimal separator not allowed, or both the same.</exception>
    public static LoanBookCsvOptions Read(CliArgs args, string bookPath)
    {
        var options = new LoanBookCsvOptions { SourceName = Label(bookPath) };
        if (Label(bookPath) != Path.GetFileName(bookPath) && (args.Get("delimiter") is not null || args.Get("decimal") is not null))
        {
            throw new UsageException("--delimiter and --decimal apply to a CSV book, not to a Parquet book or a database");
        }

        if (args.Get("map") is string mapPath)
        {
            options = ParameterFiles.ReadLoanBookMap(File.Exists(mapPath) ? mapPath : throw new UsageException($"--map: file not found: {mapPath}"), options);
        }

        char delimiter = args.Get("delimiter") switch
        {
            null or "," => ',',
            ";" => ';',
            "|" => '|',
            "tab" or "\\t" or "\t" => '\t',
            var other => throw new UsageException($"--delimiter = {other} must be , ; | or tab"),
        };
        char decimalSeparator = args.Get("decimal") switch
        {
            null or "." => '.',
            "," => ',',
            var other => throw new UsageException($"--decimal = {other} must be . or ,"),
        };
        if (delimiter == decimalSeparator)
        {
            throw new UsageException($"--decimal {decimalSeparator} is also the field separator: give --delimiter ';' (or tab) for a decimal-comma file");
        }

        return options with { Delimiter = delimiter, DecimalSeparator = decimalSeparator, PdInPercent = args.Has(PdPercentFlag) };
    }

    /// <summary>Whether <c>--skip-invalid</c> is given.</summary>
    public static bool SkipInvalid(CliArgs args) => args.Has("skip-invalid");

    /// <summary>Prints the "looks like percent" warning when the book's PDs look like percentages and <c>--pd-percent</c> is not given.</summary>
    public static void WarnIfPdPercent(CliContext ctx, string source, bool looksLikePercent)
    {
        if (looksLikePercent)
        {
            ctx.Error.WriteLine($"{source}: warning: more than half of the PDs are above {ConsoleNumbers.Plain(PdScale.PercentHint)} (the median PD is above 20%): if the pd column is in percent (5 = 5%), run with --{PdPercentFlag}");
        }
    }

    /// <summary>Fails the run (exit 3) when the book had rows and none was valued, whatever the flags (with
    /// <c>--skip-invalid</c> every row rejected); a book without data rows keeps its command's documented empty-book result.</summary>
    /// <param name="read">Data rows read; -1 when the command does not count them (it then had rows).</param>
    /// <exception cref="InvalidInputException">Nothing was valued.</exception>
    public static void RequireValued(string command, string source, long read, long valued)
    {
        if (valued == 0 && read != 0)
        {
            throw new InvalidInputException(read < 0
                ? $"valuecore {command}: no row of {source} was valued (every row rejected; see rejected.csv): nothing to report"
                : $"valuecore {command}: no row of {source} was valued ({ConsoleNumbers.Count(read)} read, all rejected; see rejected.csv): nothing to report");
        }
    }
}
