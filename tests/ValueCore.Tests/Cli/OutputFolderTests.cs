using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ValueCore.Tests.Cli;

/// <summary>
/// The output-folder rule (docs/conventions.md, "The output folder"): after any run the folder holds exactly that
/// run's outputs, listed by its manifest.json; a failed run leaves only its rejected.csv; a usage error (exit 2) touches
/// nothing; leftovers of killed runs are removed by the next run; a run never overwrites its inputs.
/// </summary>
public sealed class OutputFolderTests : IDisposable
{
    /// <summary>A process id no process can have (pids are below 2^22 on Linux): its temporaries are a killed run's.</summary>
    private const string DeadPid = "2147483647";

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Sample(string name, [CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", "..", "samples", name));

    /// <summary>Every command that writes a folder, on the bundled samples ({out} is the folder); the CI smoke runs the same.</summary>
    public static TheoryData<string> Commands() => new()
    {
        "raroc --book {loanbook.csv} --by segment --by product --out {out}",
        "capital --book {loanbook.csv} --mc-scenarios 2000 --seed 7 --out {out}",
        "scenario --book {loanbook.csv} --scenarios {scenarios.yaml} --measures raroc --out {out}",
        "provision ecl --book {provisions-book.csv} --matrix {five-tier-matrix.csv} --default-states substandard,doubtful,loss --out {out}",
        "provision migration --book {provisions-book.csv} --matrix {five-tier-matrix.csv} --default-states substandard,doubtful,loss --out {out}",
        "lifetime --book {provisions-book.csv} --matrix {five-tier-matrix.csv} --schedule --out {out}",
        "migration estimate --history {migration-history.csv} --method cohort --out {out}",
        "migration rates --history {migration-history.csv} --out {out}",
        "migration generator --matrix {five-tier-matrix.csv} --method da --out {out}",
        "migration project --matrix {five-tier-matrix.csv} --out {out}",
        "impair --loans {impairment-loans.csv} --cashflows {impairment-cashflows.csv} --roll-forward 2025-12-31,2026-12-31 --out {out}",
        "impair eir --cashflows {impairment-contractual.csv} --out {out}",
        "market-risk --pnl {risk/pnl.csv} --out {out}",
        "op-risk --bi {risk/bi.csv} --losses {risk/losses.csv} --out {out}",
        "aggregate --capital {risk/capital.csv} --correlation {risk/correlation.csv} --out {out}",
        "price --ead 100 --pd 0.02 --lgd 0.5 --asset-class retail_other --ftp-rate 0.04 --opex 0.7 --capital 4 --target-raroc 0.2 --out {out}",
    };

    private static string[] Args(string command, string output) =>
        command.Split(' ').Select(a => a == "{out}" ? output : a.StartsWith('{') ? Sample(a[1..^1]) : a).ToArray();

    /// <summary>Every file under the folder, relative, '/' between folder names.</summary>
    private static List<string> FilesUnder(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    private static List<string> ManifestFiles(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")));
        return [.. doc.RootElement.GetProperty("files").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal)];
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Run_IntoAFolderOfAnEarlierRunWithKilledRunsLeftovers_LeavesExactlyItsOwnFilesAllListed(string command)
    {
        // An earlier run of another command with other options (scenario folders, weighted.csv), then two runs killed
        // with -9: a reserved loans.csv temporary, an empty reject temporary, a temporary in a scenario folder.
        string output = _temp.Combine("out");
        string[] earlier = ["scenario", "--book", Sample("loanbook.csv"), "--scenarios", Sample("scenarios.yaml"), "--measures", "raroc", "--out", output];
        CliRunner.Run(earlier).Code.Should().Be(0);
        FilesUnder(output).Should().Contain("weighted.csv");
        using (var reserved = new FileStream(Path.Combine(output, "loans.csv.tmp-" + DeadPid), FileMode.CreateNew))
        {
            reserved.SetLength(1 << 20);
        }

        File.WriteAllText(Path.Combine(output, "rejected.csv.tmp-" + DeadPid), "");
        Directory.CreateDirectory(Path.Combine(output, "killed"));
        File.WriteAllText(Path.Combine(output, "killed", "loans.csv.tmp-" + DeadPid), "");

        var (code, _, error) = CliRunner.Run(Args(command, output));

        code.Should().Be(0, error);
        var files = FilesUnder(output);
        files.Should().Equal(ManifestFiles(output), "the manifest lists every file of its run, and nothing else is left");
        Directory.EnumerateDirectories(output, "*", SearchOption.AllDirectories)
            .Where(d => !files.Any(f => f.StartsWith(Path.GetRelativePath(output, d).Replace('\\', '/') + "/", StringComparison.Ordinal)))
            .Should().BeEmpty("no folder of the earlier run is left");
    }

    [Fact]
    public void EvaFtpAndScorecard_IntoAFolderOfAnEarlierRun_WriteAManifestListingExactlyTheirFiles()
    {
        // The commands without a manifest of their own before: each now lists its files, so the next run can remove them.
        string statements = _temp.File("statements.csv", "item,amount\nnopat,66.54\ncapital,320\ncost_of_capital,0.12\n");
        string curve = _temp.File("curve.csv", "tenor_years,rate\n1,0.01\n2,0.02\n");
        string book = _temp.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,maturity,rate,ftp_rate,fees,opex\n" +
            "A1,corporate,corporate,1000000,0.01,0.45,3,0.06,0.03,2000,5000\nA2,retail,retail_other,30000,0.02,0.6,2,0.09,0.025,50,300\n");
        string results = _temp.Combine("raroc");
        CliRunner.Run("raroc", "--book", book, "--out", results).Code.Should().Be(0);
        string output = _temp.Combine("out");
        string[][] runs =
        [
            ["eva", "--statements", statements, "--out", output],
            ["ftp", "--book", book, "--curve", curve, "--out", output],
            ["scorecard", "--results", results, "--out", output],
            ["eva", "--statements", statements, "--out", output],
        ];

        foreach (var run in runs)
        {
            var (code, _, error) = CliRunner.Run(run);

            code.Should().Be(0, error);
            FilesUnder(output).Should().Equal(ManifestFiles(output), run[0] + " lists exactly the files of its run");
        }

        FilesUnder(output).Should().Equal(["eva.csv", "manifest.json"]);
    }

    [Fact]
    public void Raroc_FailingAfterASuccessfulRun_LeavesOnlyItsRejectedCsv()
    {
        string output = _temp.Combine("out");
        CliRunner.Run("raroc", "--book", Sample("loanbook.csv"), "--out", output).Code.Should().Be(0);
        string bad = _temp.File("bad.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate\nA,s,retail_other,100,1.5,0.4,0.1,0.05\n");

        CliRunner.Run("raroc", "--book", bad, "--out", output).Code.Should().Be(3);

        FilesUnder(output).Should().Equal(["rejected.csv"], "yesterday's loans.csv, by_segment.csv and manifest.json are not today's");
        File.ReadAllText(Path.Combine(output, "rejected.csv")).Should().Contain("pd");
    }

    [Fact]
    public void Raroc_HeaderErrorAfterASuccessfulRun_LeavesNoResultOfTheEarlierRun()
    {
        // The header is checked before the folder is opened: the command line removes the earlier run all the same.
        string output = _temp.Combine("out");
        CliRunner.Run("raroc", "--book", Sample("loanbook.csv"), "--out", output).Code.Should().Be(0);
        string bad = _temp.File("bad.csv", "loan_id,segment\nA,s\n");

        CliRunner.Run("raroc", "--book", bad, "--out", output).Code.Should().Be(3);

        FilesUnder(output).Should().BeEmpty();
    }

    [Fact]
    public void ProvisionEcl_FailingAfterASuccessfulRun_LeavesNoResultOfTheEarlierRun()
    {
        string output = _temp.Combine("out");
        string[] args = ["provision", "ecl", "--book", Sample("provisions-book.csv"), "--matrix", Sample("five-tier-matrix.csv"),
            "--default-states", "substandard,doubtful,loss", "--out", output];
        CliRunner.Run(args).Code.Should().Be(0);
        string book = File.ReadAllText(Sample("provisions-book.csv"));
        string bad = _temp.File("bad.csv", book.TrimEnd('\n') + "\n" + book.Split('\n')[1].Replace(",", ",x", StringComparison.Ordinal) + "\n");

        var (code, _, error) = CliRunner.Run([.. args[..3], bad, .. args[4..]]);

        code.Should().Be(3, error);
        FilesUnder(output).Should().BeSubsetOf(["rejected.csv"]);
    }

    [Fact]
    public void Raroc_NoLoansAfterARunWithLoans_LeavesNoLoansCsv()
    {
        string output = _temp.Combine("out");
        CliRunner.Run("raroc", "--book", Sample("loanbook.csv"), "--out", output).Code.Should().Be(0);

        CliRunner.Run("raroc", "--book", Sample("loanbook.csv"), "--no-loans", "--out", output).Code.Should().Be(0);

        FilesUnder(output).Should().NotContain("loans.csv").And.Equal(ManifestFiles(output));
    }

    [Fact]
    public void Raroc_EmptyOut_ExitsTwo()
    {
        var (code, _, error) = CliRunner.Run("raroc", "--book", Sample("loanbook.csv"), "--out", "");

        code.Should().Be(2);
        error.Should().Contain("--out");
    }

    [Fact]
    public void Raroc_OutNamingAFile_ExitsTwoAndLeavesTheFile()
    {
        string file = _temp.File("results", "not a folder");

        var (code, _, error) = CliRunner.Run("raroc", "--book", Sample("loanbook.csv"), "--out", file);

        code.Should().Be(2);
        error.Should().Contain("not a directory");
        File.ReadAllText(file).Should().Be("not a folder");
    }

    [Theory]
    [InlineData("/dev/null")]
    [InlineData("/proc/self")]
    public void Raroc_OutNamingASystemPath_ExitsTwo(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        CliRunner.Run("raroc", "--book", Sample("loanbook.csv"), "--out", path).Code.Should().Be(2);
    }

    [Fact]
    public void Sample_OutNamingAFolder_ExitsTwo()
    {
        var (code, _, error) = CliRunner.Run("sample", "--rows", "10", "--out", _temp.Path);

        code.Should().Be(2);
        error.Should().Contain("is a folder");
        Directory.EnumerateFileSystemEntries(_temp.Path).Should().BeEmpty();
    }

    [Fact]
    public void Raroc_RepeatedGrouping_ExitsTwoBeforeWritingAnything()
    {
        string output = _temp.Combine("out");

        var (code, _, error) = CliRunner.Run("raroc", "--book", Sample("loanbook.csv"), "--by", "segment", "--by", "segment", "--out", output);

        code.Should().Be(2);
        error.Should().Contain("--by segment is given twice");
        Directory.Exists(output).Should().BeFalse();
    }

    [Fact]
    public void Raroc_AFolderNamedManifestJsonInTheWay_ExitsTwoAndTouchesNothing()
    {
        string output = _temp.Combine("out");
        CliRunner.Run("raroc", "--book", Sample("loanbook.csv"), "--out", output).Code.Should().Be(0);
        var before = FilesUnder(output).ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(output, f)));
        File.Delete(Path.Combine(output, "manifest.json"));
        Directory.CreateDirectory(Path.Combine(output, "manifest.json"));
        before.Remove("manifest.json");

        var (code, _, error) = CliRunner.Run("raroc", "--book", Sample("loanbook.csv"), "--out", output);

        code.Should().Be(2);
        error.Should().Contain("manifest.json");
        FilesUnder(output).Should().Equal(before.Keys.Order(StringComparer.Ordinal));
        before.Should().OnlyContain(p => File.ReadAllBytes(Path.Combine(output, p.Key)).SequenceEqual(p.Value));
    }

    [Fact]
    public void Raroc_OutHoldingTheBook_ExitsTwoAndKeepsTheBook()
    {
        string book = _temp.File("book.csv", File.ReadAllText(Sample("loanbook.csv")));

        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", _temp.Path);

        code.Should().Be(2);
        error.Should().Contain("lies in the output folder");
        Directory.EnumerateFileSystemEntries(_temp.Path).Select(Path.GetFileName).Should().Equal("book.csv");
        File.ReadAllText(book).Should().Be(File.ReadAllText(Sample("loanbook.csv")));
    }

    [Fact]
    public void Raroc_BookBeingAnEarlierResultThroughASymlink_ExitsTwoAndKeepsTheBook()
    {
        // The book is the earlier run's loans.csv, named through a link outside the folder, and --out names the folder
        // through another link: only the resolved full paths show that the run would delete its own input.
        string output = _temp.Combine("out");
        CliRunner.Run("raroc", "--book", Sample("loanbook.csv"), "--out", output).Code.Should().Be(0);
        string bookLink = _temp.Combine("book-link.csv");
        File.CreateSymbolicLink(bookLink, Path.Combine(output, "loans.csv"));
        string folderLink = _temp.Combine("out-link");
        Directory.CreateSymbolicLink(folderLink, output);
        var before = FilesUnder(output);

        var (code, _, error) = CliRunner.Run("migration", "rates", "--history", bookLink, "--out", folderLink);

        code.Should().Be(2);
        error.Should().Contain("lies in the output folder");
        FilesUnder(output).Should().Equal(before);
    }

    [Fact]
    public void Raroc_OutHoldingAFileNoRunWrote_ExitsTwoAndKeepsIt()
    {
        string notes = _temp.File("notes.txt", "mine");

        var (code, _, error) = CliRunner.Run("raroc", "--book", Sample("loanbook.csv"), "--out", _temp.Path);

        code.Should().Be(2);
        error.Should().Contain("notes.txt");
        File.ReadAllText(notes).Should().Be("mine");
        Directory.EnumerateFileSystemEntries(_temp.Path).Should().ContainSingle();
    }
}
