using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Cluster;

/// <summary>
/// A silo that stops mid-run loses nothing (issue 22, "Faults"): its blocks run again on the other silos and the files
/// still equal the local run's byte for byte; the manifest names the attempts that did not count.
/// </summary>
[Collection(ClusterTestGroup.Name)]
public sealed class ClusterFaultTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public ClusterFaultTests() => BlockCallFilter.Reset();

    public void Dispose()
    {
        BlockCallFilter.Reset();
        _dir.Dispose();
    }

    [Fact]
    public async Task Capital_NonPrimarySiloStoppedAfterAThirdOfTheBlocks_SameBytesAndReRunsInManifest()
    {
        const int Blocks = 47;
        var cluster = await TestClusters.StartAsync(3);
        try
        {
            string book = WriteBook(_dir.Path);
            string local = Path.Combine(_dir.Path, "local");
            string clustered = Path.Combine(_dir.Path, "cluster");
            string[] common = ["capital", "--book", book, "--mc-scenarios", "3000", "--confidence", "0.99", "--threads", "2", "--quiet"];
            var (code, _, error) = CliRunner.Run([.. common, "--out", local]);
            code.Should().Be(0, error);

            // The victim (a secondary silo) holds its first two blocks until it stops, as a machine that dies mid-block.
            var victim = cluster.Silos[1];
            BlockCallFilter.Victim = victim.SiloAddress.ToParsableString();
            BlockCallFilter.HoldLimit = 2;
            var run = Task.Run(() => CliRunner.Run([.. common, "--out", clustered, "--cluster", TestClusters.Gateways(cluster),
                "--cluster-id", cluster.Options.ClusterId, "--block-scenarios", "64"]));
            var watch = Stopwatch.StartNew();
            while (!(BlockCallFilter.HeldNow >= 1 && BlockCallFilter.Completed >= Blocks / 3) && !run.IsCompleted && watch.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(10);
            }

            run.IsCompleted.Should().BeFalse("the victim holds a block, so the run cannot end before it stops");
            await cluster.StopSiloAsync(victim);
            (code, _, error) = await run.WaitAsync(TimeSpan.FromSeconds(120));
            code.Should().Be(0, error);

            foreach (var f in new[] { "summary.json", "contributions.csv", "loss_distribution.csv", "by_segment.csv" })
            {
                File.ReadAllBytes(Path.Combine(clustered, f)).Should().Equal(File.ReadAllBytes(Path.Combine(local, f)), f);
            }

            var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(clustered, "manifest.json"))).RootElement.GetProperty("cluster");
            var doneOn = new Dictionary<int, string>();
            foreach (var silo in manifest.GetProperty("silos").EnumerateArray())
            {
                foreach (var b in silo.GetProperty("blocks").EnumerateArray())
                {
                    doneOn.Add(b.GetInt32(), silo.GetProperty("silo").GetString()!);
                }
            }

            doneOn.Keys.Order().Should().Equal(Enumerable.Range(0, Blocks), "every block counted once");
            var lost = manifest.GetProperty("attempts_not_counted").EnumerateArray()
                .Where(a => a.GetProperty("silo").GetString() == BlockCallFilter.Victim).ToList();
            lost.Should().NotBeEmpty("the blocks held on the stopped silo were re-run");
            foreach (var a in lost)
            {
                int block = a.GetProperty("block").GetInt32();
                doneOn[block].Should().NotBe(BlockCallFilter.Victim, $"block {block} was re-run on another silo");
            }
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private static string WriteBook(string dir)
    {
        var lines = new List<string> { "loan_id,customer_id,segment,asset_class,ead,pd,lgd,maturity,rate,ftp_rate,fees,opex" };
        for (int i = 0; i < 300; i++)
        {
            string customer = i % 4 == 0 ? "" : "C" + (i / 2).ToString(CultureInfo.InvariantCulture);
            double pd = 0.003 + (0.0005 * (i / 2 % 40));
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"L{i},{customer},{(i % 3 == 0 ? "corp" : "retail")},{(i % 3 == 0 ? "corporate" : "retail_other")},{200 + (17 * i % 900)},{pd:R},0.4,2.5,0.06,0.02,1,2"));
        }

        string path = Path.Combine(dir, "book.csv");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }
}
