using System.Text;
using FluentAssertions;
using ValueCore.IO;
using Xunit;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Csv;

public sealed class OutputDirectoryTests
{
    /// <summary>A process id no process can have (pids are below 2^22 on Linux): its temporaries are a killed run's.</summary>
    private const string DeadPid = "2147483647";

    /// <summary>Plants an earlier run: its files and a manifest.json that lists them (and itself).</summary>
    private static void EarlierRun(TempFolder folder, params string[] files)
    {
        foreach (var f in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(folder.Combine(f))!);
            folder.File(f, "earlier run");
        }

        folder.File("manifest.json", "{\"files\": [" + string.Join(", ", files.Append("manifest.json").Select(f => "\"" + f + "\"")) + "]}");
    }

    private static List<string> FilesUnder(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal)];

    [Fact]
    public void Commit_OverAnEarlierRun_LeavesExactlyTheNewRunsFiles()
    {
        using var folder = new TempFolder();
        EarlierRun(folder, "loans.csv", "by_segment.csv", "stress/loans.csv", "weighted.csv");

        using (var output = new OutputDirectory(folder.Path))
        {
            using (var stream = output.Create("loans.csv"))
            {
                stream.Write("new run"u8);
            }

            output.Commit();
        }

        File.ReadAllText(folder.Combine("loans.csv")).Should().Be("new run");
        FilesUnder(folder.Path).Should().Equal(["loans.csv"], "a file of the earlier run that this run does not write is stale all the same");
    }

    [Fact]
    public void Dispose_WithoutCommit_LeavesNeitherTheNewFilesNorTheEarlierRun()
    {
        // A failed run: its partial loans.csv (and the subfolder made for it) is discarded, and the earlier run's files
        // do not survive to sit beside the failed run's report as if they were its results.
        using var folder = new TempFolder();
        EarlierRun(folder, "loans.csv");

        using (var output = new OutputDirectory(folder.Path))
        {
            using var stream = output.Create("baseline/loans.csv");
            stream.Write(Encoding.UTF8.GetBytes("partial"));
        }

        FilesUnder(folder.Path).Should().BeEmpty();
    }

    [Fact]
    public void CommitOnly_KeepsTheNamedFileAndNothingOfTheEarlierRun()
    {
        using var folder = new TempFolder();
        EarlierRun(folder, "loans.csv", "rejected.csv");

        using (var output = new OutputDirectory(folder.Path))
        {
            using (var rejected = output.CreateText("rejected.csv"))
            {
                rejected.Write("line,loan_id,column,value,rule\n");
            }

            using (output.Create("loans.csv"))
            {
            }

            output.CommitOnly("rejected.csv");
        }

        FilesUnder(folder.Path).Should().Equal(["rejected.csv"]);
        File.ReadAllText(folder.Combine("rejected.csv")).Should().Be("line,loan_id,column,value,rule\n");
    }

    [Fact]
    public void Create_WithAReservationLargerThanTheFile_CommitsExactlyTheBytesWritten()
    {
        // The reservation (fallocate where the platform has it) never changes the file's length, and what it holds
        // past the end is released at commit: the file is exactly what was written.
        using var folder = new TempFolder();
        using (var output = new OutputDirectory(folder.Path))
        {
            using (var stream = output.Create("loans.csv", 1 << 16, preallocationSize: 4 << 20))
            {
                stream.Write("loan_id\nA\n"u8);
            }

            output.Commit();
        }

        File.ReadAllText(folder.Combine("loans.csv")).Should().Be("loan_id\nA\n");
        new FileInfo(folder.Combine("loans.csv")).Length.Should().Be(10);
    }

    [Fact]
    public void Constructor_LeftoversOfKilledRuns_AreRemoved()
    {
        // kill -9 leaves a reserved loans.csv temporary, an empty reject temporary, a scenario folder with only a
        // temporary, and an earlier run's file moved aside: none of them is any run's output.
        using var folder = new TempFolder();
        using (var reserved = new FileStream(folder.Combine("loans.csv.tmp-" + DeadPid), FileMode.CreateNew))
        {
            reserved.SetLength(1 << 20);
        }

        folder.File("rejected.csv.tmp-" + DeadPid, "");
        Directory.CreateDirectory(folder.Combine("stress"));
        folder.File("stress/loans.csv.tmp-" + DeadPid, "");
        folder.File("by_segment.csv.old-" + DeadPid, "");

        using (var output = new OutputDirectory(folder.Path))
        {
            using (output.Create("rejected.csv"))
            {
            }

            output.Commit();
        }

        FilesUnder(folder.Path).Should().Equal(["rejected.csv"]);
    }

    [Fact]
    public void Check_TemporaryOfARunningProcess_Throws()
    {
        // Process 1 (init) always runs: another run is writing into the folder, and two runs never mix their files.
        using var folder = new TempFolder();
        folder.File("loans.csv.tmp-1", "");

        var check = () => OutputDirectory.Check(folder.Path, []);

        check.Should().Throw<IOException>().WithMessage("*another run (process 1)*");
    }

    [Fact]
    public void Check_FileNoRunWrote_ThrowsAndTouchesNothing()
    {
        using var folder = new TempFolder();
        EarlierRun(folder, "loans.csv");
        folder.File("notes.txt", "mine");

        var open = () => new OutputDirectory(folder.Path).Dispose();

        open.Should().Throw<IOException>().WithMessage("*holds notes.txt*");
        FilesUnder(folder.Path).Should().Equal(["loans.csv", "manifest.json", "notes.txt"]);
    }

    [Fact]
    public void Check_ManifestListingAPathOutsideTheFolder_DoesNotCountIt()
    {
        // A manifest never makes a run delete anything outside its folder: "../x" is not a name of the folder.
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Combine("out"));
        folder.File("x", "outside");
        folder.File("out/manifest.json", "{\"files\": [\"../x\", \"/etc/passwd\", \"manifest.json\"]}");

        using (var output = new OutputDirectory(folder.Combine("out")))
        {
            output.Commit();
        }

        File.ReadAllText(folder.Combine("x")).Should().Be("outside");
    }

    [Fact]
    public void Check_PathIsAFile_Throws()
    {
        using var folder = new TempFolder();
        string file = folder.File("results", "a file");

        var check = () => OutputDirectory.Check(file, []);

        check.Should().Throw<IOException>().WithMessage("*is not a directory*");
    }

    [Fact]
    public void Check_InputInTheFolderThroughALink_Throws()
    {
        using var folder = new TempFolder();
        string book = folder.File("book.csv", "loan_id\n");
        string link = folder.Combine("..", Path.GetFileName(folder.Path) + "-link");
        Directory.CreateSymbolicLink(link, folder.Path);
        try
        {
            var check = () => OutputDirectory.Check(link, [book]);

            check.Should().Throw<IOException>().WithMessage("*lies in the output folder*");
        }
        finally
        {
            Directory.Delete(link);
        }
    }

    [Fact]
    public void Commit_AFolderInTheWayOfOneTarget_ThrowsBeforeRenamingAnyFile()
    {
        using var folder = new TempFolder();
        using var output = new OutputDirectory(folder.Path);
        using (var stream = output.Create("a.csv"))
        {
            stream.Write("a"u8);
        }

        using (var stream = output.Create("manifest.json"))
        {
            stream.Write("{}"u8);
        }

        Directory.CreateDirectory(folder.Combine("manifest.json"));

        var commit = output.Commit;

        commit.Should().Throw<IOException>().WithMessage("*manifest.json*in the way*");
        File.Exists(folder.Combine("a.csv")).Should().BeFalse("every target is checked before the first rename");
    }

    [Fact]
    public void Create_TheSameFileTwice_Throws()
    {
        using var folder = new TempFolder();
        using var output = new OutputDirectory(folder.Path);
        output.Create("by_segment.csv").Dispose();

        var again = () => output.Create("by_segment.csv");

        again.Should().Throw<IOException>().WithMessage("*twice*");
    }

    [Fact]
    public void Files_AfterWritingInSubfolders_ListsEveryFileRelativeInOrdinalOrder()
    {
        using var folder = new TempFolder();
        using var output = new OutputDirectory(folder.Path);
        output.Create("shocks.csv").Dispose();
        output.Create("baseline/loans.csv").Dispose();
        output.Create("manifest.json").Dispose();

        output.Files.Should().Equal("baseline/loans.csv", "manifest.json", "shocks.csv");
    }
}
