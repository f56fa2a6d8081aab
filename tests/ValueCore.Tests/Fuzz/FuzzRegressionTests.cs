using System.Runtime.CompilerServices;
using System.Text;
using ValueCore.Fuzz;

namespace ValueCore.Tests.Fuzz;

/// <summary>Replays every case the fuzz test kept (tests/fuzz-regressions/&lt;case&gt;/, docs/conventions.md "The fuzz
/// test"), so that what it once found stays fixed, and checks the fuzz test's own oracle on hand-made folders.</summary>
public sealed class FuzzRegressionTests
{
    private static readonly HashSet<string> s_none = new(StringComparer.Ordinal);

    [Fact]
    public void Replay_EveryKeptCase_KeepsEveryPromise()
    {
        using var temp = new TempFolder();
        string dir = Path.Combine(Root(), "tests", "fuzz-regressions");
        var broken = new List<string>();
        foreach (string c in FuzzRunner.CaseFolders(dir))
        {
            // pending/ holds cases of defects fixed on other branches: the lead moves each up once its fix is merged.
            string name = Path.GetRelativePath(dir, c).Replace('\\', '/');
            if (!name.StartsWith("pending/", StringComparison.Ordinal))
            {
                broken.AddRange(FuzzRunner.Check(FuzzRunner.ReadCase(c), temp.Combine("work")).Select(f => $"{name}: {f}"));
            }
        }

        broken.Should().BeEmpty();
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("-nan")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData(" +inf ")]
    [InlineData("∞")]
    public void IsNonFinite_SpellingOfNaNOrInfinity_True(string cell) => FuzzRunner.IsNonFinite(cell).Should().BeTrue();

    [Theory]
    [InlineData("1e308")]
    [InlineData("-0")]
    [InlineData("")]
    [InlineData("Nancy")]
    public void IsNonFinite_FiniteOrText_False(string cell) => FuzzRunner.IsNonFinite(cell).Should().BeFalse();

    [Fact]
    public void ParseCsv_QuotedLineBreakAndQuote_OneCellEach()
    {
        // RFC 4180 section 2, rules 6 and 7: a quoted field holds line breaks and doubled quotes.
        var rows = FuzzRunner.ParseCsv("id,text\r\n1,\"a\nb\"\n2,\"q\"\"r\"\n");

        rows.Should().HaveCount(3);
        rows[1].Should().Equal("1", "a\nb");
        rows[2].Should().Equal("2", "q\"r");
    }

    [Fact]
    public void Mutate_SameSeed_SameBytes()
    {
        byte[] seed = Encoding.UTF8.GetBytes("loan_id,ead\nA,100\nB,200\n");
        var first = new Random(17);
        var second = new Random(17);
        for (int i = 0; i < 200; i++)
        {
            Mutator.Mutate(seed, first).Content.Should().Equal(Mutator.Mutate(seed, second).Content);
        }
    }

    [Fact]
    public void CheckFolder_InvalidInputWithAnEarlierRunsManifest_Fails()
    {
        using var temp = new TempFolder();
        temp.File("rejected.csv", "line,loan_id,column,value,rule\n");
        temp.File("manifest.json", FuzzRunner.StaleMarker + "{}");

        FuzzRunner.CheckFolder(3, temp.Path, before: null).Should().ContainSingle()
            .Which.Should().StartWith("exit 3 left an earlier run's files");
    }

    [Fact]
    public void CheckFolder_SuccessWithAFileTheManifestDoesNotList_Fails()
    {
        using var temp = new TempFolder();
        temp.File("loans.csv", "loan_id\nA\n");
        temp.File("by_product.csv", "product\nx\n");
        temp.File("manifest.json", "{\"files\": [\"loans.csv\", \"manifest.json\"]}");

        FuzzRunner.CheckFolder(0, temp.Path, before: null).Should().ContainSingle()
            .Which.Should().Contain("does not list [by_product.csv]");
    }

    [Fact]
    public void CheckFolder_SuccessWithExactlyTheListedFiles_Passes()
    {
        using var temp = new TempFolder();
        temp.File("loans.csv", "loan_id\nA\n");
        Directory.CreateDirectory(temp.Combine("adverse"));
        temp.File("adverse/loans.csv", "loan_id\nA\n");
        temp.File("manifest.json", "{\"files\": [\"loans.csv\", \"adverse/loans.csv\"]}");

        FuzzRunner.CheckFolder(0, temp.Path, before: null).Should().BeEmpty();
    }

    [Fact]
    public void CheckFolder_UsageErrorThatCreatedTheFolder_Fails()
    {
        using var temp = new TempFolder();

        FuzzRunner.CheckFolder(2, temp.Path, before: null).Should().Equal("exit 2 changed the output folder");
    }

    [Fact]
    public void CheckFolder_ExitCodeOne_Fails()
    {
        using var temp = new TempFolder();

        FuzzRunner.CheckFolder(1, temp.Path, FuzzRunner.Snapshot(temp.Path)).Should().Equal("exit 1");
    }

    [Fact]
    public void CheckFinite_NaNInANumericColumn_FailsEvenWhenAnInputHoldsNaN()
    {
        using var temp = new TempFolder();
        temp.File("loans.csv", "loan_id,ead\nNaN,1\nB,NaN\n");
        var numeric = new HashSet<string>(["loans.csv\tead"], StringComparer.Ordinal);
        var fromInputs = new HashSet<string>(["NaN"], StringComparer.Ordinal);

        // The id 'NaN' is text copied from the input; the ead NaN is a number the run computed or let through.
        FuzzRunner.CheckFinite(temp.Path, numeric, fromInputs).Should().ContainSingle()
            .Which.Should().StartWith("non-finite number in loans.csv column ead");
    }

    [Fact]
    public void CheckFinite_InfinityInJson_Fails()
    {
        using var temp = new TempFolder();
        temp.File("manifest.json", "{\"totals\": {\"ead\": \"Infinity\", \"loans\": 2}}");

        FuzzRunner.CheckFinite(temp.Path, s_none, s_none).Should().ContainSingle()
            .Which.Should().Contain("Infinity at \"ead\"");
    }

    private static string Root([CallerFilePath] string file = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, "..", "..", ".."));
}
