using System.Text;

namespace ValueCore.Tests.Cli;

/// <summary>
/// Issue 17 item 4: a header with 100,000 extra columns (a 1 MB file) made the matrix and factor readers allocate
/// n x n cells from the header's width (80 GB), and the tool printed "Out of memory.". A file with fewer rows than its
/// header names states (or factors) is now rejected before anything n x n is allocated: exit 3, by rule.
/// </summary>
public sealed class WideHeaderTests : IDisposable
{
    private const int ExtraColumns = 100_000;
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A valid three-state matrix whose header carries 100,000 extra state names.</summary>
    private string WideMatrix()
    {
        var header = new StringBuilder("from,A,B,D");
        for (int i = 0; i < ExtraColumns; i++)
        {
            header.Append(",X").Append(i);
        }

        return _dir.File("m.csv", header + "\nA,0.9,0.08,0.02\nB,0.1,0.7,0.2\nD,0,0,1\n");
    }

    private static void ExitsThreeNotSquare(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);
        code.Should().Be(3, output + error);
        error.Should().Contain("m.csv:4: the matrix is not square: 3 rows for 100003 columns").And.NotContain("Out of memory");
    }

    [Fact]
    public void MigrationGenerator_MatrixWith100000ExtraColumns_ExitsThreeNotSquare() =>
        ExitsThreeNotSquare("migration", "generator", "--matrix", WideMatrix(), "--method", "log", "--out", _dir.Combine("g"));

    [Fact]
    public void MigrationGenerator_WideHeaderOverAsManyShortRows_ExitsThreeByRowWidth()
    {
        // As many rows as the header names states, each two fields wide (a 1.6 MB file): the row count alone would let
        // the reader allocate 100,003 x 100,003 cells; the row widths are checked first.
        var file = new StringBuilder("from,A,B,D");
        for (int i = 0; i < ExtraColumns; i++)
        {
            file.Append(",X").Append(i);
        }

        file.Append('\n');
        for (int i = 0; i < ExtraColumns + 3; i++)
        {
            file.Append("X,0\n");
        }

        string m = _dir.File("m.csv", file.ToString());
        var (code, output, error) = CliRunner.Run("migration", "generator", "--matrix", m, "--method", "log", "--out", _dir.Combine("g"));
        code.Should().Be(3, output + error);
        error.Should().Contain("m.csv:2: has 2 fields; the header has 100004 (the matrix is not square)").And.NotContain("Out of memory");
    }

    [Fact]
    public void MigrationProject_MatrixWith100000ExtraColumns_ExitsThreeNotSquare() =>
        ExitsThreeNotSquare("migration", "project", "--matrix", WideMatrix(), "--out", _dir.Combine("p"));

    [Fact]
    public void ProvisionMigration_MatrixWith100000ExtraColumns_ExitsThreeNotSquare()
    {
        string book = _dir.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,classification\nL1,r,retail_other,100,0.01,0.4,0.05,0.02,A\n");
        ExitsThreeNotSquare("provision", "migration", "--book", book, "--matrix", WideMatrix(), "--out", _dir.Combine("p"));
    }

    [Fact]
    public void ProvisionEcl_MatrixWith100000ExtraColumns_ExitsThreeNotSquare()
    {
        string book = _dir.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,classification,eir,remaining_term\nL1,r,retail_other,100,0.01,0.4,0.05,0.02,A,0.05,2\n");
        ExitsThreeNotSquare("provision", "ecl", "--book", book, "--matrix", WideMatrix(), "--out", _dir.Combine("p"));
    }

    [Fact]
    public void Capital_FactorFileWith100000ExtraColumns_ExitsThreeByRule()
    {
        var header = new StringBuilder("type,key,f1");
        for (int i = 0; i < ExtraColumns; i++)
        {
            header.Append(",X").Append(i);
        }

        string factors = _dir.File("factors.csv", header + "\ncorrelation,f1,1\nsegment,s,0.4\n");
        string book = _dir.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,maturity,rate,ftp_rate\nL1,s,corporate,100,0.01,0.45,2.5,0.05,0.03\n");
        var (code, output, error) = CliRunner.Run("capital", "--book", book, "--factors", factors, "--mc-scenarios", "100", "--out", _dir.Combine("c"));
        code.Should().Be(3, output + error);
        error.Should().Contain("factors.csv:1:").And.Contain("the header names 100001 factors but the file has 0 rows of 100003 fields: each factor needs its correlation row")
            .And.NotContain("Out of memory");
    }
}
