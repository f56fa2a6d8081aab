using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace ValueCore.Tests.Cli;

/// <summary>
/// The outputs of the CI smoke runs (the bundled small books) are checked in under <c>tests/expected-outputs/</c> and
/// compared byte for byte: a refactoring that changes a figure, a column or a file fails here. Only the manifest's
/// <c>created</c> time is masked. A change on purpose regenerates them with <c>VALUECORE_UPDATE_EXPECTED=1 dotnet test
/// --filter SmokeOutputTests</c>, and the diff shows in review.
/// </summary>
public sealed partial class SmokeOutputTests
{
    /// <summary>The smoke runs of <c>.ci/run</c> (names are folders under tests/expected-outputs).</summary>
    public static TheoryData<string, string[]> Runs => new()
    {
        { "raroc", ["raroc", "--book", "samples/loanbook.csv"] },
        { "raroc-by-segment-product", ["raroc", "--book", "samples/loanbook.csv", "--by", "segment,product", "--threads", "1"] },
        { "scenario", ["scenario", "--book", "samples/loanbook.csv", "--scenarios", "samples/scenarios.yaml", "--measures", "raroc,capital", "--mc-scenarios", "5000", "--no-loans"] },
        { "scenario-provision", ["scenario", "--book", "samples/provisions-book.csv", "--scenarios", "samples/scenarios.yaml", "--measures", "raroc,provision", "--matrix", "samples/five-tier-matrix.csv", "--default-states", "substandard,doubtful,loss", "--rho", "0.12", "--no-loans"] },
        { "provision-ecl", ["provision", "ecl", "--book", "samples/provisions-book.csv", "--matrix", "samples/five-tier-matrix.csv", "--default-states", "substandard,doubtful,loss"] },
        { "provision-migration", ["provision", "migration", "--book", "samples/provisions-book.csv", "--matrix", "samples/five-tier-matrix.csv", "--default-states", "substandard,doubtful,loss"] },
        { "migration-estimate", ["migration", "estimate", "--history", "samples/migration-history.csv", "--method", "cohort"] },
        { "impair", ["impair", "--loans", "samples/impairment-loans.csv", "--cashflows", "samples/impairment-cashflows.csv", "--roll-forward", "2025-12-31,2026-12-31"] },
        { "impair-eir", ["impair", "eir", "--cashflows", "samples/impairment-contractual.csv"] },
        { "market-risk", ["market-risk", "--pnl", "samples/risk/pnl.csv"] },
        { "op-risk", ["op-risk", "--bi", "samples/risk/bi.csv", "--losses", "samples/risk/losses.csv"] },
        { "aggregate", ["aggregate", "--capital", "samples/risk/capital.csv", "--correlation", "samples/risk/correlation.csv"] },
        { "capital", ["capital", "--book", "samples/loanbook.csv", "--mc-scenarios", "20000", "--seed", "7"] },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public void SmokeRun_WritesTheCheckedInFiles(string name, string[] args)
    {
        using var temp = new TempFolder();
        string root = Root();
        string output = temp.Combine("out");
        string[] full = [.. args.Select(a => a.StartsWith("samples/", StringComparison.Ordinal) ? Path.Combine(root, a) : a), "--out", output];
        var (code, _, error) = CliRunner.Run(full);
        code.Should().Be(0, error);

        string expected = Path.Combine(root, "tests", "expected-outputs", name);
        var written = Files(output);
        if (Environment.GetEnvironmentVariable("VALUECORE_UPDATE_EXPECTED") == "1")
        {
            if (Directory.Exists(expected))
            {
                Directory.Delete(expected, recursive: true);
            }

            foreach (string file in written)
            {
                string target = Path.Combine(expected, file);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllBytes(target, Normalise(file, File.ReadAllBytes(Path.Combine(output, file))));
            }

            return;
        }

        written.Should().Equal(Files(expected), "the run writes the same set of files");
        foreach (string file in written)
        {
            byte[] actual = Normalise(file, File.ReadAllBytes(Path.Combine(output, file)));
            byte[] wanted = File.ReadAllBytes(Path.Combine(expected, file));
            if (!actual.AsSpan().SequenceEqual(wanted))
            {
                string.Join('\n', FirstDifference(wanted, actual)).Should().BeEmpty($"{name}/{file} is byte-identical to tests/expected-outputs/{name}/{file}");
            }
        }
    }

    private static List<string> Files(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    /// <summary>Masks what differs from run to run and clone to clone: the manifest's creation time and the checkout's path.</summary>
    private static byte[] Normalise(string file, byte[] content) =>
        file.EndsWith("manifest.json", StringComparison.Ordinal)
            ? System.Text.Encoding.UTF8.GetBytes(CreatedTime()
                .Replace(System.Text.Encoding.UTF8.GetString(content), "\"created\": \"(masked)\"")
                .Replace(Root().TrimEnd('/') + "/", "(root)/", StringComparison.Ordinal))
            : content;

    private static IEnumerable<string> FirstDifference(byte[] wanted, byte[] actual)
    {
        string[] a = System.Text.Encoding.UTF8.GetString(wanted).Split('\n');
        string[] b = System.Text.Encoding.UTF8.GetString(actual).Split('\n');
        for (int i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            string x = i < a.Length ? a[i] : "(none)";
            string y = i < b.Length ? b[i] : "(none)";
            if (x != y)
            {
                yield return $"line {i + 1}: expected `{x}`, got `{y}`";
                yield break;
            }
        }
    }

    [GeneratedRegex("\"created(_utc)?\": \"[^\"]*\"")]
    private static partial Regex CreatedTime();

    private static string Root([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
