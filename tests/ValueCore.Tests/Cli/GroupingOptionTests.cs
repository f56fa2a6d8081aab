using System.Runtime.CompilerServices;
using ValueCore.Cli;

namespace ValueCore.Tests.Cli;

/// <summary>One rule for a repeatable <c>--by</c> in every command that takes it (<c>CliArgs.GetGroupings</c>).</summary>
public class GroupingOptionTests
{
    public static TheoryData<string[]> Commands => new()
    {
        { ["raroc"] },
        { ["capital", "--mc-scenarios", "100"] },
        { ["scenario", "--scenarios", "samples/scenarios.yaml"] },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void By_EmptyItemOrSameGroupingTwice_IsAUsageError(string[] command)
    {
        using var temp = new TempFolder();
        string[] args = [.. command.Select(a => a.StartsWith("samples/", StringComparison.Ordinal) ? Path.Combine(Root(), a) : a),
            "--book", Path.Combine(Root(), "samples", "loanbook.csv"), "--out", temp.Combine("out")];

        var (emptyCode, _, emptyError) = CliRunner.Run([.. args, "--by", "segment,"]);
        var (twiceCode, _, twiceError) = CliRunner.Run([.. args, "--by", "segment", "--by", "segment"]);

        emptyCode.Should().Be(ExitCodes.Usage);
        emptyError.Should().Contain("--by = segment, has an empty item");
        twiceCode.Should().Be(ExitCodes.Usage);
        twiceError.Should().Contain("--by segment is given twice (each grouping writes by_segment.csv)");
    }

    private static string Root([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
