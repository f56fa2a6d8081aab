using System.Globalization;
using DuckDB.NET.Data;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Sinks;

/// <summary>What the sink tests share: a small book with empty cells (an unused column kept, a defaulted loan without
/// BEEL whose RAROC is not defined), the raroc runs, and DuckDB as the independent reader of CSV and Parquet files.</summary>
internal static class SinkRuns
{
    /// <summary>The first 200 loans of samples/loanbook.csv plus a defaulted loan (pd 1, no beel: K = 0, RAROC empty).</summary>
    public static string Book(TempFolder temp)
    {
        var lines = File.ReadLines(Path.Combine(RepoRoot, "samples", "loanbook.csv")).Take(201).ToList();
        lines.Add("LDEFAULT,C999,cards,credit_card,retail_revolving,1000,1,0.5,1,,0.1,0.03,0,0,loss" + new string(',', lines[0].Count(c => c == ',') - 14)); // empty Basel III fields
        return temp.File("book.csv", string.Join('\n', lines) + "\n");
    }

    /// <summary>The raroc options of every sink test: two groupings and two kept columns (sales is mostly empty).</summary>
    public static string[] RarocArgs(string book, string outDir, params string[] more) =>
        ["raroc", "--book", book, "--out", outDir, "--keep", "customer_id,sales", "--by", "segment", "--by", "segment,asset_class", .. more];

    /// <summary>Runs the CLI in-process and requires exit 0.</summary>
    public static (string Out, string Error) RunOk(params string[] args)
    {
        var (code, output, error) = CliRunner.Run(args);
        code.Should().Be(0, error);
        return (output, error);
    }

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ValueManagement.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    /// <summary>The rows of a query through DuckDB, each cell as DuckDB returns it (DBNull for NULL).</summary>
    public static List<object[]> Query(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object[]>();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The column names and DuckDB types of a query's result.</summary>
    public static List<(string Name, string Type)> Describe(string sql) =>
        Query("DESCRIBE " + sql).Select(r => ((string)r[0], (string)r[1])).ToList();

    /// <summary>A CSV file's header and cells as text, read by DuckDB (every column VARCHAR, empty cells NULL), in file order.</summary>
    public static (List<string> Header, List<object[]> Rows) ReadCsv(string path)
    {
        string from = $"read_csv('{path}', all_varchar = true, header = true, auto_detect = true)";
        return (Describe("SELECT * FROM " + from).Select(c => c.Name).ToList(), Query("SELECT * FROM " + from));
    }

    /// <summary>Asserts that typed cells (Parquet through DuckDB, or a database) hold exactly the CSV's cells: numbers as
    /// the same double bits (the CSV text parsed by .NET's double.Parse), text equal, an empty cell as NULL, in the same rows.</summary>
    public static void ShouldHoldTheCsvCells(List<object[]> typed, List<object[]> csv, IReadOnlyList<string> header)
    {
        typed.Should().HaveCount(csv.Count);
        for (int r = 0; r < csv.Count; r++)
        {
            for (int c = 0; c < header.Count; c++)
            {
                object expected = csv[r][c];
                object actual = typed[r][c];
                string where = $"row {r + 1}, column {header[c]}";
                if (expected is DBNull)
                {
                    actual.Should().Be(DBNull.Value, where);
                }
                else if (actual is double d)
                {
                    BitConverter.DoubleToInt64Bits(d).Should().Be(BitConverter.DoubleToInt64Bits(double.Parse((string)expected, CultureInfo.InvariantCulture)), where);
                }
                else
                {
                    Convert.ToString(actual, CultureInfo.InvariantCulture).Should().Be((string)expected, where);
                }
            }
        }
    }
}
