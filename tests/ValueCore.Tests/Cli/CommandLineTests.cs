using ValueCore.Cli.Commands;

namespace ValueCore.Tests.Cli;

/// <summary>Help for every command, and plain messages (issue 17, items 3 and 19).</summary>
public class CommandLineTests
{
    [Fact]
    public void Run_VersionHelp_PrintsHelpWithoutOptionsAndExits0()
    {
        // "version" has no options: its help once failed with "Sequence contains no elements" (exit 134).
        var (code, output, error) = CliRunner.Run("version", "--help");
        code.Should().Be(0, error);
        output.Should().Contain("valuecore version: Print the tool version.").And.Contain("Usage: valuecore version\n").And.Contain("Options: none.");
    }

    /// <summary>The test host runs the IL through the JIT, so the second line must name the framework-dependent build
    /// (CI checks the installed tool's says "native AOT executable").</summary>
    [Fact]
    public void Run_Version_SecondLineNamesTheJitBuild()
    {
        var (code, output, error) = CliRunner.Run("version");

        code.Should().Be(0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2);
        lines[1].Should().StartWith("framework-dependent build (JIT) on .NET " + Environment.Version);
    }

    [Fact]
    public void Run_HelpEveryCommand_Exits0LikeCommandHelp()
    {
        foreach (var command in CommandTable.All)
        {
            string[] words = command.Name.Split(' ');
            var viaFlag = CliRunner.Run([.. words, "--help"]);
            var viaHelp = CliRunner.Run(["help", .. words]);
            viaFlag.Code.Should().Be(0, command.Name);
            viaHelp.Code.Should().Be(0, command.Name);
            viaHelp.Out.Should().Be(viaFlag.Out, command.Name).And.StartWith($"valuecore {command.Name}: ");
        }
    }

    [Fact]
    public void Run_HelpAlone_PrintsTheOverview()
    {
        var (code, output, _) = CliRunner.Run("help");
        code.Should().Be(0);
        output.Should().Contain("Commands:").And.Contain("valuecore help <command>");
    }

    [Fact]
    public void Run_HelpUnknownCommand_Exit2()
    {
        var (code, _, error) = CliRunner.Run("help", "nonexistent");
        code.Should().Be(2);
        error.Should().Contain("unknown command 'nonexistent'");
    }

    [Theory]
    [InlineData("raroc", "--hurdle", "11", "Hurdle = 11 is outside [-1, 10].")]
    [InlineData("price", "--tax", "1", "TaxRate = 1 is outside [0, 1).")]
    public void Run_ValuationOptionOutOfRange_PlainMessageExit2(string command, string option, string value, string expected)
    {
        using var tmp = new TempFolder();
        string book = tmp.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,maturity,rate,ftp_rate,fees,opex\nL1,s,corporate,1000,0.01,0.4,2.5,0.05,0.03,0,0\n");
        var (code, _, error) = CliRunner.Run(command, "--book", book, option, value, "--out", tmp.Combine("out"));
        code.Should().Be(2, error);
        error.Should().Be($"valuecore {command}: {expected}\n");
    }

    [Fact]
    public void MigrationEstimate_PeriodNotWholeMonths_PlainMessageExit3()
    {
        using var tmp = new TempFolder();
        string history = tmp.File("h.csv", "entity_id,date,state\ne1,2020-12-31,A\ne1,2021-12-31,B\ne2,2020-12-31,A\ne2,2021-12-31,A\n");
        var (code, _, error) = CliRunner.Run("migration", "estimate", "--history", history, "--states", "A,B,D", "--period", "1e-9y", "--out", tmp.Combine("o"));
        code.Should().Be(3, error);
        error.Should().Contain("whole number of months").And.NotContain("(Parameter").And.NotContain("Actual value");
    }

    [Fact]
    public void ProvisionMigration_UnknownDefaultState_PlainMessageExit3()
    {
        using var tmp = new TempFolder();
        string book = tmp.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,classification,eir,amortisation,remaining_term,dpd,pd_origination\n" +
            "L1,retail,retail_other,1000,0.01,0.5,0.05,0.02,A,0.05,bullet,2,0,\n");
        string matrix = tmp.File("m.csv", "from,A,B,D\nA,0.9,0.08,0.02\nB,0.1,0.7,0.2\nD,0,0,1\n");
        var (code, _, error) = CliRunner.Run("provision", "migration", "--book", book, "--matrix", matrix, "--default-states", "nonexistent", "--out", tmp.Combine("o"));
        code.Should().Be(3, error);
        error.Should().Contain("'nonexistent' is not one of the model's states").And.NotContain("(Parameter");
    }
}
