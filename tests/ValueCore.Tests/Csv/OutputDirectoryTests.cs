using System.Text;
using FluentAssertions;
using ValueCore.IO;
using Xunit;

namespace ValueCore.Tests.Csv;

public sealed class OutputDirectoryTests
{
    [Fact]
    public void Commit_OverAnEarlierRunsFile_LeavesOnlyTheNewFile()
    {
        using var folder = new TempFolder();
        folder.File("loans.csv", "earlier run");
        folder.File("by_segment.csv", "earlier run");

        using (var output = new OutputDirectory(folder.Path))
        {
            using (var stream = output.Create("loans.csv"))
            {
                stream.Write("new run"u8);
            }

            output.Commit();
        }

        File.ReadAllText(folder.Combine("loans.csv")).Should().Be("new run");
        File.ReadAllText(folder.Combine("by_segment.csv")).Should().Be("earlier run", "a file the run does not write is not touched");
        Directory.GetFiles(folder.Path).Select(Path.GetFileName).Should().BeEquivalentTo(["loans.csv", "by_segment.csv"]);
    }

    [Fact]
    public void Dispose_WithoutCommit_LeavesNeitherTheNewFileNorTheStaleOne()
    {
        // A failed run: its partial loans.csv is discarded, and the earlier run's loans.csv does not survive to sit
        // beside the failed run's report as if it were its result.
        using var folder = new TempFolder();
        folder.File("loans.csv", "earlier run");

        using (var output = new OutputDirectory(folder.Path))
        {
            using var stream = output.Create("loans.csv");
            stream.Write(Encoding.UTF8.GetBytes("partial"));
        }

        Directory.GetFiles(folder.Path).Should().BeEmpty();
    }

    [Fact]
    public void CommitOnly_KeepsTheNamedFileAndRemovesTheEarlierRunsOthers()
    {
        using var folder = new TempFolder();
        folder.File("loans.csv", "earlier run");
        folder.File("rejected.csv", "earlier run");

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

        Directory.GetFiles(folder.Path).Select(Path.GetFileName).Should().BeEquivalentTo(["rejected.csv"]);
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
}
