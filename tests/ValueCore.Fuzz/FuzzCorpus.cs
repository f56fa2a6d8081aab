using System.Text;

namespace ValueCore.Fuzz;

/// <summary>One command line the fuzzer runs: arguments with <c>{in}/name</c> for an input file and <c>{out}</c> for the
/// output folder, and the input files it reads (each may be mutated).</summary>
public sealed record FuzzTemplate(string Name, string[] Args, string[] Files);

/// <summary>The seed inputs (small copies of samples/ and a few hand-written option files) and every command line that
/// reads a file.</summary>
public sealed class FuzzCorpus
{
    private FuzzCorpus(Dictionary<string, byte[]> files) => Files = files;

    /// <summary>Seed file contents by name (a name may hold a folder, e.g. <c>results/loans.csv</c>).</summary>
    public IReadOnlyDictionary<string, byte[]> Files { get; }

    /// <summary>Every reader of the CLI: each command that reads a file, and the --params, --map, --scenarios, --matrix,
    /// --curve, --generator and --opening-book files.</summary>
    public static IReadOnlyList<FuzzTemplate> Templates { get; } =
    [
        T("raroc", "raroc --book {in}/book.csv --out {out} --threads 2", "book.csv"),
        T("raroc-params", "raroc --book {in}/book.csv --params {in}/params.json --by segment --by product --out {out} --threads 2", "book.csv", "params.json"),
        T("raroc-map", "raroc --book {in}/mapbook.csv --map {in}/map.json --keep customer_id --out {out}", "mapbook.csv", "map.json"),
        T("raroc-curve", "raroc --book {in}/book.csv --curve {in}/curve.csv --liquidity {in}/liquidity.csv --skip-invalid --out {out}", "book.csv", "curve.csv", "liquidity.csv"),
        T("capital", "capital --book {in}/book.csv --mc-scenarios 2000 --seed 7 --threads 2 --out {out}", "book.csv"),
        T("scorecard", "scorecard --results {in}/results --relationship {in}/relationship.csv --by segment --out {out}", "results/loans.csv", "results/manifest.json", "relationship.csv"),
        T("price", "price --book {in}/book.csv --params {in}/params.json --out {out}", "book.csv", "params.json"),
        T("ftp", "ftp --book {in}/ftpbook.csv --curve {in}/curve.csv --liquidity {in}/liquidity.csv --out {out}", "ftpbook.csv", "curve.csv", "liquidity.csv"),
        T("eva", "eva --statements {in}/statements.csv --out {out}", "statements.csv"),
        T("scenario", "scenario --book {in}/book.csv --scenarios {in}/scenarios.yaml --params {in}/params.json --measures raroc,capital --mc-scenarios 1000 --threads 2 --out {out}", "book.csv", "scenarios.yaml", "params.json"),
        T("scenario-provision", "scenario --book {in}/pbook.csv --scenarios {in}/scenarios.yaml --measures raroc,provision --matrix {in}/matrix.csv --default-states substandard,doubtful,loss --rho 0.12 --threads 2 --out {out}", "pbook.csv", "scenarios.yaml", "matrix.csv"),
        T("migration-estimate", "migration estimate --history {in}/history.csv --method cohort --out {out}", "history.csv"),
        T("migration-estimate-duration", "migration estimate --history {in}/history.csv --method duration --out {out}", "history.csv"),
        T("migration-rates", "migration rates --history {in}/history.csv --out {out}", "history.csv"),
        T("migration-generator", "migration generator --matrix {in}/matrix.csv --method qog --out {out}", "matrix.csv"),
        T("migration-project", "migration project --matrix {in}/matrix.csv --years 5 --z -1 --rho 0.1 --out {out}", "matrix.csv"),
        T("migration-project-generator", "migration project --generator {in}/generator.csv --years 5 --out {out}", "generator.csv"),
        T("impair", "impair --loans {in}/iloans.csv --cashflows {in}/icash.csv --roll-forward 2025-12-31,2026-12-31 --threads 2 --out {out}", "iloans.csv", "icash.csv"),
        T("impair-eir", "impair eir --cashflows {in}/icontract.csv --out {out}", "icontract.csv"),
        T("provision-migration", "provision migration --book {in}/pbook.csv --matrix {in}/matrix.csv --default-states substandard,doubtful,loss --threads 2 --out {out}", "pbook.csv", "matrix.csv"),
        T("provision-ecl", "provision ecl --book {in}/pbook.csv --matrix {in}/matrix.csv --default-states substandard,doubtful,loss --scenarios {in}/eclscenarios.csv --rho 0.12 --opening-book {in}/opening.csv --threads 2 --out {out}", "pbook.csv", "matrix.csv", "eclscenarios.csv", "opening.csv"),
        T("provision-ecl-generator", "provision ecl --book {in}/pbook.csv --generator {in}/generator.csv --skip-invalid --out {out}", "pbook.csv", "generator.csv"),
        T("market-risk", "market-risk --pnl {in}/pnl.csv --out {out}", "pnl.csv"),
        T("op-risk", "op-risk --bi {in}/bi.csv --losses {in}/losses.csv --out {out}", "bi.csv", "losses.csv"),
        T("aggregate", "aggregate --capital {in}/capital.csv --correlation {in}/correlation.csv --results {in}/returns.csv --hurdle 0.1 --out {out}", "capital.csv", "correlation.csv", "returns.csv"),
    ];

    /// <summary>Reads the seed inputs from the repository's samples/ and derives the rest (a duration generator, a raroc
    /// results folder) by running the CLI once on them.</summary>
    /// <param name="root">Repository root.</param>
    /// <param name="scratch">A folder the derived files are computed in (deleted and recreated).</param>
    public static FuzzCorpus Load(string root, string scratch)
    {
        string S(string name) => Path.Combine(root, "samples", name);
        var f = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["book.csv"] = Head(S("loanbook.csv"), 25),
            ["pbook.csv"] = Head(S("provisions-book.csv"), 25),
            ["opening.csv"] = Head(S("provisions-book.csv"), 25),
            ["matrix.csv"] = File.ReadAllBytes(S("five-tier-matrix.csv")),
            ["scenarios.yaml"] = File.ReadAllBytes(S("scenarios.yaml")),
            ["history.csv"] = File.ReadAllBytes(S("migration-history.csv")),
            ["iloans.csv"] = File.ReadAllBytes(S("impairment-loans.csv")),
            ["icash.csv"] = File.ReadAllBytes(S("impairment-cashflows.csv")),
            ["icontract.csv"] = File.ReadAllBytes(S("impairment-contractual.csv")),
            ["pnl.csv"] = Head(S("risk/pnl.csv"), 301),
            ["bi.csv"] = File.ReadAllBytes(S("risk/bi.csv")),
            ["losses.csv"] = File.ReadAllBytes(S("risk/losses.csv")),
            ["capital.csv"] = File.ReadAllBytes(S("risk/capital.csv")),
            ["correlation.csv"] = File.ReadAllBytes(S("risk/correlation.csv")),
            ["returns.csv"] = File.ReadAllBytes(S("risk/returns.csv")),
            ["curve.csv"] = Utf8("tenor_years,rate\n0.25,0.01\n1,0.015\n5,0.025\n10,0.03\n"),
            ["liquidity.csv"] = Utf8("tenor_years,rate\n0,0.001\n10,0.004\n"),
            ["params.json"] = Utf8("{\n  \"hurdle\": 0.1,\n  \"tax\": 0.3,\n  \"capital_rate\": 0.02,\n  \"confidence\": 0.999,\n  \"regime\": \"basel3\",\n  \"pd_floor\": null,\n  \"hurdle_by_segment\": {\n    \"cards\": 0.15,\n    \"mid_market\": 0.11\n  }\n}\n"),
            ["map.json"] = Utf8("{\n  \"ead\": \"EXPOSURE_AMT\",\n  \"pd\": \"PD_1Y\"\n}\n"),
            ["statements.csv"] = Utf8("item,amount\nnopat,66.54\ncapital,320\ncost_of_capital,0.12\ntax_rate,0.4\nprovision_charge,30\nnet_write_offs,22\nloan_loss_reserve,100\n"),
            ["eclscenarios.csv"] = Utf8("scenario,weight,z\nbase,0.5,0\ndown,0.3,-1\nup,0.2,1\n"),
            ["relationship.csv"] = Utf8("customer_id,kind,amount\nC000000001,deposits,1000\nC000000002,fees,200\nC000000003,fees,50\n"),
        };

        // The mapped book: the seed book with the two mapped columns renamed as map.json says.
        string book = Encoding.UTF8.GetString(f["book.csv"]);
        int eol = book.IndexOf('\n', StringComparison.Ordinal);
        string header = string.Join(',', book[..eol].Split(',').Select(c => c switch { "ead" => "EXPOSURE_AMT", "pd" => "PD_1Y", _ => c }));
        f["mapbook.csv"] = Utf8(header + book[eol..]);

        // The ftp book: loans that give their maturity (the sample leaves it empty on some).
        int maturity = Array.IndexOf(book[..eol].Split(','), "maturity");
        f["ftpbook.csv"] = Utf8(string.Concat(book.Split('\n').Where((l, i) => l.Length > 0 && (i == 0 || l.Split(',')[maturity].Length > 0)).Select(l => l + "\n")));

        if (Directory.Exists(scratch))
        {
            Directory.Delete(scratch, recursive: true);
        }

        Directory.CreateDirectory(scratch);
        string history = Path.Combine(scratch, "history.csv");
        File.WriteAllBytes(history, f["history.csv"]);
        string me = Path.Combine(scratch, "me");
        Require(FuzzRunner.RunCli(["migration", "estimate", "--history", history, "--method", "duration", "--out", me]));
        f["generator.csv"] = File.ReadAllBytes(Path.Combine(me, "generator.csv"));

        string bookPath = Path.Combine(scratch, "book.csv");
        File.WriteAllBytes(bookPath, f["book.csv"]);
        string results = Path.Combine(scratch, "results");
        Require(FuzzRunner.RunCli(["raroc", "--book", bookPath, "--keep", "customer_id", "--out", results]));
        f["results/loans.csv"] = File.ReadAllBytes(Path.Combine(results, "loans.csv"));
        f["results/manifest.json"] = File.ReadAllBytes(Path.Combine(results, "manifest.json"));
        return new FuzzCorpus(f);
    }

    private static void Require((int Code, string Out, string Error) run)
    {
        if (run.Code != 0)
        {
            throw new InvalidOperationException("a seed file could not be derived: " + run.Error);
        }
    }

    private static FuzzTemplate T(string name, string args, params string[] files) => new(name, args.Split(' '), files);

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static byte[] Head(string path, int lines) =>
        Utf8(string.Concat(File.ReadLines(path).Take(lines).Select(l => l + "\n")));
}
