using System.Globalization;
using System.Text.Json;
using Orleans.TestingHost;
using ValueCore.Capital.MonteCarlo;
using ValueCore.Cluster.Work;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Cluster;

/// <summary>One three-silo in-process cluster for the tests of a class.</summary>
public sealed class ThreeSiloCluster : IAsyncLifetime
{
    internal TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await TestClusters.StartAsync(3);

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}

/// <summary>
/// capital on a cluster (issue 22): the files equal the local run's byte for byte, whatever silo ran which block, also
/// when a silo stops mid-run; the merge does not depend on the order blocks finish in. The independent value is the
/// local run (<see cref="PortfolioMonteCarlo.Run"/>, one process), which the cluster's split must reproduce bit for bit.
/// </summary>
[Collection(ClusterTestGroup.Name)]
public sealed class ClusterCapitalTests : IClassFixture<ThreeSiloCluster>, IDisposable
{
    private const int Scenarios = 3000;
    private const int BlockScenarios = 64; // 47 blocks
    private const int Blocks = (Scenarios + BlockScenarios - 1) / BlockScenarios;
    private readonly ThreeSiloCluster _fixture;
    private readonly TempFolder _dir = new();

    public ClusterCapitalTests(ThreeSiloCluster fixture)
    {
        _fixture = fixture;
        BlockCallFilter.Reset();
    }

    public void Dispose()
    {
        BlockCallFilter.Reset();
        _dir.Dispose();
    }

    private string WriteBook()
    {
        var lines = new List<string> { "loan_id,customer_id,segment,asset_class,ead,pd,lgd,maturity,rate,ftp_rate,fees,opex" };
        var random = new Random(22);
        for (int i = 0; i < 400; i++)
        {
            string customer = i % 5 == 0 ? "" : "C" + (i / 3).ToString(CultureInfo.InvariantCulture);
            double pd = 0.002 + (0.0004 * (i / 3 % 50));
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"L{i},{customer},{(i % 3 == 0 ? "corp" : "retail")},{(i % 3 == 0 ? "corporate" : "retail_other")},{100 + random.Next(5000)},{pd:R},0.45,2.5,0.06,0.02,1,2"));
        }

        string path = Path.Combine(_dir.Path, "book.csv");
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private static string[] CapitalArgs(string book, string outDir, params string[] more) =>
        ["capital", "--book", book, "--out", outDir, "--mc-scenarios", Scenarios.ToString(CultureInfo.InvariantCulture), "--confidence", "0.99",
            "--by", "segment", "--threads", "2", "--quiet", .. more];

    private static string[] ClusterArgs(TestCluster cluster) =>
        ["--cluster", TestClusters.Gateways(cluster), "--cluster-id", cluster.Options.ClusterId, "--block-scenarios", BlockScenarios.ToString(CultureInfo.InvariantCulture)];

    private static void ShouldHoldSameFiles(string expectedDir, string actualDir)
    {
        var expected = Directory.GetFiles(expectedDir).Select(Path.GetFileName).Where(f => f != "manifest.json").Order(StringComparer.Ordinal).ToList();
        var actual = Directory.GetFiles(actualDir).Select(Path.GetFileName).Where(f => f != "manifest.json").Order(StringComparer.Ordinal).ToList();
        actual.Should().Equal(expected);
        expected.Should().Contain(["summary.json", "contributions.csv", "loss_distribution.csv"]);
        foreach (var f in expected)
        {
            File.ReadAllBytes(Path.Combine(actualDir, f!)).Should().Equal(File.ReadAllBytes(Path.Combine(expectedDir, f!)), f);
        }
    }

    private static JsonElement ClusterManifest(string outDir) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "manifest.json"))).RootElement.GetProperty("cluster");

    /// <summary>Every block once, over the silos of the manifest.</summary>
    private static Dictionary<int, string> BlockSilos(JsonElement cluster)
    {
        var map = new Dictionary<int, string>();
        foreach (var silo in cluster.GetProperty("silos").EnumerateArray())
        {
            foreach (var b in silo.GetProperty("blocks").EnumerateArray())
            {
                map.Add(b.GetInt32(), silo.GetProperty("silo").GetString()!);
            }
        }

        return map;
    }

    [Fact]
    public void Capital_ThreeSilos_FilesEqualLocalRunByteForByte()
    {
        string book = WriteBook();
        string local = Path.Combine(_dir.Path, "local");
        string clustered = Path.Combine(_dir.Path, "cluster");
        var (code, _, error) = CliRunner.Run(CapitalArgs(book, local));
        code.Should().Be(0, error);
        (code, _, error) = CliRunner.Run(CapitalArgs(book, clustered, ClusterArgs(_fixture.Cluster)));
        code.Should().Be(0, error);

        ShouldHoldSameFiles(local, clustered);
        var manifest = ClusterManifest(clustered);
        manifest.GetProperty("blocks").GetInt32().Should().Be(Blocks);
        var silos = BlockSilos(manifest);
        silos.Keys.Order().Should().Equal(Enumerable.Range(0, Blocks));
        silos.Values.Distinct().Count().Should().BeGreaterThan(1, "random placement spreads 47 blocks over three silos");
    }

    [Fact]
    public async Task ClusterMonteCarlo_BlocksFinishInReverseOrder_ResultEqualsLocalRunBitForBit()
    {
        // Importance sampling: weights differ from 1, so all five exact sums per obligor travel and merge.
        string book = WriteBook();
        var loans = ValueCore.IO.LoanBookCsv.Read(book);
        var exposures = CreditExposures.FromBook(loans);
        var options = new MonteCarloOptions { Scenarios = 12 * BlockScenarios, Confidence = 0.99, ImportanceSampling = true, MaxDegreeOfParallelism = 2 };
        var local = PortfolioMonteCarlo.Run(exposures, options);

        // Block k waits (11 - k) x 40 ms before it runs: the last block finishes first.
        BlockCallFilter.Delay = b => TimeSpan.FromMilliseconds((11 - (b.First / BlockScenarios)) * 40);
        await using var connection = await ClusterConnection.ConnectAsync(
            _fixture.Cluster.Silos.Select(s => s.GatewayAddress.Endpoint).ToList(), _fixture.Cluster.Options.ClusterId);
        var (clustered, job) = await Task.Run(() => ClusterMonteCarlo.Run(connection.Client, exposures, options, BlockScenarios,
            new ClusterRunOptions { AttemptsPerSilo = 12 }, null, CancellationToken.None));

        var order = BlockCallFilter.Finished.Select(f => (int)(f / BlockScenarios)).ToList();
        order.Should().HaveCount(12);
        order[0].Should().BeGreaterThan(order[^1], "the blocks finished roughly in reverse order");
        job.Results.Should().HaveCount(12);
        BitsOf(clustered).Should().Equal(BitsOf(local));
    }

    [Fact]
    public async Task ClusterMonteCarlo_ReplyNeverComes_BlockSentAgainAndResultEqualsLocalRun()
    {
        // A silo alive whose replies never arrive (as behind a gateway that died): its first two blocks hang there
        // for good; past the stall grace they run again elsewhere, the first result winning.
        string book = WriteBook();
        var exposures = CreditExposures.FromBook(ValueCore.IO.LoanBookCsv.Read(book));
        var options = new MonteCarloOptions { Scenarios = 32 * BlockScenarios, Confidence = 0.99, MaxDegreeOfParallelism = 2 };
        var local = PortfolioMonteCarlo.Run(exposures, options);
        BlockCallFilter.Victim = _fixture.Cluster.Silos[2].SiloAddress.ToParsableString();
        BlockCallFilter.HoldLimit = 2;
        await using var connection = await ClusterConnection.ConnectAsync(
            _fixture.Cluster.Silos.Select(s => s.GatewayAddress.Endpoint).ToList(), _fixture.Cluster.Options.ClusterId);
        var (clustered, job) = await Task.Run(() => ClusterMonteCarlo.Run(connection.Client, exposures, options, BlockScenarios,
            new ClusterRunOptions { StallGrace = TimeSpan.FromMilliseconds(300), PollInterval = TimeSpan.FromMilliseconds(100) }, null, CancellationToken.None));

        BitsOf(clustered).Should().Equal(BitsOf(local));
        var stalled = job.Attempts.Where(a => a.Outcome == "stalled").ToList();
        stalled.Should().NotBeEmpty().And.OnlyContain(a => a.Silo == BlockCallFilter.Victim);
        job.Attempts.Where(a => a.Outcome == "done").Select(a => a.Block).Order().Should().Equal(Enumerable.Range(0, 32));
    }

    [Fact]
    public void Capital_ClusterIdWithoutCluster_UsageError()
    {
        var (code, _, error) = CliRunner.Run(CapitalArgs(WriteBook(), Path.Combine(_dir.Path, "o"), "--cluster-id", "x"));
        code.Should().Be(2);
        error.Should().Contain("--cluster-id applies only with --cluster");
    }

    [Fact]
    public void Capital_ClusterEndpointNotHostPort_UsageError()
    {
        var (code, _, error) = CliRunner.Run(CapitalArgs(WriteBook(), Path.Combine(_dir.Path, "o"), "--cluster", "localhost"));
        code.Should().Be(2);
        error.Should().Contain("'localhost' is not HOST:PORT");
    }

    /// <summary>Every number of the result, as bits: totals, quantiles, histogram and every loan's contributions.</summary>
    internal static List<long> BitsOf(MonteCarloResult r)
    {
        var values = new List<double> { r.El, r.ElSimulated, r.ElSimulatedSe, r.StandardDeviation, r.Var, r.VarSe, r.Es, r.EsSe, r.TailScenarios, r.WindowScenarios };
        values.AddRange(r.Quantiles.SelectMany(q => new[] { q.Level, q.Loss, q.StandardError }));
        values.AddRange(r.Histogram.SelectMany(h => new[] { h.Lower, h.Upper, h.Probability }));
        values.AddRange(r.FactorShift);
        values.AddRange(r.ElSimulatedContribution.ToArray());
        values.AddRange(r.EsContribution.ToArray());
        values.AddRange(r.EsContributionSe.ToArray());
        values.AddRange(r.VarContribution.ToArray());
        values.AddRange(r.VarContributionSe.ToArray());
        values.AddRange(r.SdContribution.ToArray());
        values.AddRange(r.SdContributionSe.ToArray());
        return values.Select(BitConverter.DoubleToInt64Bits).ToList();
    }
}

/// <summary>The cluster tests run one at a time (they share the test call filter).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterTestGroup
{
    public const string Name = "Orleans clusters";
}
