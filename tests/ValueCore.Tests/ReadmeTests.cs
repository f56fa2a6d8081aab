using System.Runtime.CompilerServices;
using ValueCore.IO;
using ValueCore.Portfolio;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests;

/// <summary>Runs the README's library example on the bundled sample book.</summary>
public class ReadmeTests
{
    private static string Root([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));

    [Fact]
    public void LibraryExample_ValuesTheSampleBookBySegment()
    {
        LoanBook book = LoanBookCsv.Read(Path.Combine(Root(), "samples", "loanbook.csv"));
        PortfolioResult result = PortfolioValuation.Run(book, new ValuationOptions());
        var rows = result.GroupBy("segment").Rows;

        book.Count.Should().Be(1000);
        rows.Should().NotBeEmpty();
        rows.Sum(r => r.Loans).Should().Be(book.Count);
        rows.Should().OnlyContain(r => r.Raroc == null || double.IsFinite(r.Raroc.Value));
        File.ReadAllText(Path.Combine(Root(), "README.md")).Should().Contain("LoanBookCsv.Read(\"samples/loanbook.csv\")")
            .And.Contain("result.GroupBy(\"segment\").Rows");
    }

    /// <summary>The first command of the README's first screen runs as written (in-process, its --out in a temporary folder).</summary>
    [Fact]
    public void FirstScreenCommand_RunsAsWritten()
    {
        string readme = File.ReadAllText(Path.Combine(Root(), "README.md"));
        int block = readme.IndexOf("```sh\n", StringComparison.Ordinal);
        block.Should().BeGreaterThan(0, "the README opens with a sh block of set-up commands");
        string first = readme[(block + 6)..].Split('\n')[0];
        const string Prefix = "dotnet run --project src/ValueCore.Cli -c Release -- ";
        first.Should().StartWith(Prefix);

        using var temp = new TempFolder();
        var args = first[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("samples/", StringComparison.Ordinal))
            {
                args[i] = Path.Combine(Root(), args[i]);
            }
            else if (args[i] == "--out" && i + 1 < args.Count)
            {
                args[++i] = temp.Combine("out");
            }
        }

        var (code, _, error) = Cli.CliRunner.Run([.. args]);
        code.Should().Be(0, error);
        File.Exists(temp.Combine("out", "loans.csv")).Should().BeTrue();
    }

    /// <summary>Every <c>valuecore</c> line of the README's command-line block that runs on the bundled samples (all its
    /// files under samples/) runs as written: paths resolved from the repository root, each --out in a temporary folder.
    /// (The impair line once failed without --roll-forward: the sample's revised estimates are dated 2025-12-31.)</summary>
    [Fact]
    public void CommandLineSection_SampleCommands_RunAsWritten()
    {
        string readme = File.ReadAllText(Path.Combine(Root(), "README.md")).ReplaceLineEndings("\n");
        int section = readme.IndexOf("## The command line", StringComparison.Ordinal);
        int start = readme.IndexOf("```sh\n", section, StringComparison.Ordinal) + 6;
        string block = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)].Replace("\\\n", " ", StringComparison.Ordinal);
        var lines = block.Split('\n')
            .Select(l => (l.Contains(" #", StringComparison.Ordinal) ? l[..l.IndexOf(" #", StringComparison.Ordinal)] : l).Trim())
            .Where(l => l.StartsWith("valuecore ", StringComparison.Ordinal) && l.Contains(" samples/", StringComparison.Ordinal))
            .ToList();
        lines.Should().Contain(l => l.StartsWith("valuecore impair --loans samples/", StringComparison.Ordinal));

        using var temp = new TempFolder();
        int ran = 0;
        foreach (string line in lines)
        {
            var args = line["valuecore ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            bool onSamples = true;
            for (int i = 0; i < args.Count; i++)
            {
                if (args[i] == "--out" && i + 1 < args.Count)
                {
                    args[++i] = temp.Combine("out" + ran.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                else if (args[i].StartsWith("samples/", StringComparison.Ordinal))
                {
                    args[i] = Path.Combine(Root(), args[i]);
                }
                else if (Path.HasExtension(args[i]) && !args[i].StartsWith("--", StringComparison.Ordinal) && !args[i].Contains(',', StringComparison.Ordinal))
                {
                    onSamples = false; // a user's own file (loans.csv): not runnable here
                }
            }

            if (!onSamples)
            {
                continue;
            }

            var (code, _, error) = Cli.CliRunner.Run([.. args]);
            code.Should().Be(0, $"README line `{line}` must run on the samples: {error}");
            ran++;
        }

        ran.Should().BeGreaterThanOrEqualTo(8);
    }
}
