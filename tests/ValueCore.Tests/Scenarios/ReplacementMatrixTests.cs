using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Scenarios;

/// <summary>A scenario's replacement matrix (<c>migration.matrix</c>) is read by one rule for the provision and the
/// lifetime measures: a file relative to the scenario file, with the states of the matrix it replaces.</summary>
public class ReplacementMatrixTests
{
    private const string FourStates = """
        from,pass,substandard,doubtful,loss,period_years
        pass,0.95,0.03,0.01,0.01,1
        substandard,0.1,0.6,0.2,0.1,1
        doubtful,0,0,1,0,1
        loss,0,0,0,1,1

        """;

    [Theory]
    [InlineData("provision")]
    [InlineData("lifetime")]
    public void Scenario_ReplacementWithOtherStates_ExitsThreeNamingBothMatrices(string measure)
    {
        using var tmp = new TempFolder();
        tmp.File("four.csv", FourStates);
        string scenarios = tmp.File("s.yaml", """
            scenarios:
              - name: swap
                migration: { matrix: four.csv }
            """);
        string root = Sources.BookSourceTests.Root();
        var (code, _, error) = CliRunner.Run("scenario", "--book", Path.Combine(root, "samples", "provisions-book.csv"), "--scenarios", scenarios,
            "--measures", measure, "--matrix", Path.Combine(root, "samples", "five-tier-matrix.csv"), "--default-states", "substandard,doubtful,loss",
            "--out", tmp.Combine("out"));

        code.Should().Be(3, error);
        error.Should().Contain("migration.matrix = four.csv of scenario 'swap' has states").And.Contain("not those of the matrix five-tier-matrix.csv");
    }

    [Theory]
    [InlineData("provision")]
    [InlineData("lifetime")]
    public void Scenario_ReplacementNotAFile_ExitsThreeSayingWhereItLooked(string measure)
    {
        using var tmp = new TempFolder();
        string scenarios = tmp.File("s.yaml", """
            scenarios:
              - name: swap
                migration: { matrix: missing.csv }
            """);
        string root = Sources.BookSourceTests.Root();
        var (code, _, error) = CliRunner.Run("scenario", "--book", Path.Combine(root, "samples", "provisions-book.csv"), "--scenarios", scenarios,
            "--measures", measure, "--matrix", Path.Combine(root, "samples", "five-tier-matrix.csv"), "--default-states", "substandard,doubtful,loss",
            "--out", tmp.Combine("out"));

        code.Should().Be(3, error);
        error.Should().Contain("migration.matrix = missing.csv of scenario 'swap' is not a file");
    }
}
