using ValueCore.Capital.MonteCarlo;

namespace ValueCore.Cluster.Work;

/// <summary>
/// Scenario blocks of the portfolio Monte Carlo: the inputs are the simulation model the client built
/// (<see cref="ObligorModel"/>, O(loans + obligors) numbers, no scenario data), a block is a range of scenarios, its
/// result the block's losses, weights and exact per-obligor sums (<see cref="ScenarioBlock"/>), the sums sent sparsely
/// (only the obligors that defaulted in the block).
/// </summary>
internal sealed class MonteCarloWork : IWorkKind
{
    /// <summary>The kind's name.</summary>
    public const string KindName = "montecarlo";

    /// <inheritdoc/>
    public string Name => KindName;

    /// <inheritdoc/>
    public object Load(byte[] inputs) => ReadModel(inputs);

    /// <inheritdoc/>
    public byte[] Run(object inputs, BlockSpec block, CancellationToken cancellationToken)
    {
        var model = (ObligorModel)inputs;
        var result = PortfolioMonteCarlo.SimulateBlock(model, block.First, block.Count, -1, null, cancellationToken);
        return WriteBlock(result);
    }

    /// <summary>The model as the job's inputs.</summary>
    public static byte[] WriteModel(ObligorModel model)
    {
        var w = new WireWriter();
        w.Write(model.LoanCount);
        w.Write(model.ObligorCount);
        w.Write(model.FactorCount);
        w.Write(model.GroupCount);
        w.Write<int>(model.LoanObligor);
        w.Write<double>(model.LoanLoss);
        w.Write<double>(model.ObligorLoss);
        w.Write<double>(model.ObligorShare);
        w.Write(model.TotalLoss);
        w.Write<double>(model.A);
        w.Write<double>(model.B);
        w.Write<int>(model.Group);
        w.Write<double>(model.Projection);
        w.Write<double>(model.ObligorPd);
        w.Write<double>(model.ObligorCorrelation);
        w.Write((int)model.Copula);
        w.Write(model.DegreesOfFreedom);
        w.Write(model.Key0);
        w.Write(model.Key1);
        w.Write(model.ImportanceSampling);
        w.Write<double>(model.Shift);
        w.Write(model.TwistTarget);
        return w.ToArray();
    }

    /// <summary>The model from <see cref="WriteModel"/>'s bytes.</summary>
    public static ObligorModel ReadModel(byte[] bytes)
    {
        var r = new WireReader(bytes);
        return new ObligorModel
        {
            LoanCount = r.Int(),
            ObligorCount = r.Int(),
            FactorCount = r.Int(),
            GroupCount = r.Int(),
            LoanObligor = r.Array<int>(),
            LoanLoss = r.Array<double>(),
            ObligorLoss = r.Array<double>(),
            ObligorShare = r.Array<double>(),
            TotalLoss = r.Double(),
            A = r.Array<double>(),
            B = r.Array<double>(),
            Group = r.Array<int>(),
            Projection = r.Array<double>(),
            ObligorPd = r.Array<double>(),
            ObligorCorrelation = r.Array<double>(),
            Copula = (CopulaKind)r.Int(),
            DegreesOfFreedom = r.Double(),
            Key0 = r.UInt(),
            Key1 = r.UInt(),
            ImportanceSampling = r.Bool(),
            Shift = r.Array<double>(),
            TwistTarget = r.Double(),
        };
    }

    /// <summary>A block's result: first scenario, losses, weights, then the obligors with a non-zero sum and their sums.</summary>
    public static byte[] WriteBlock(ScenarioBlock block)
    {
        const int Per = ScenarioBlock.SumsPerObligor;
        int m = block.Sums.Length / Per;
        var obligors = new List<int>();
        var sums = new List<Int128>();
        for (int o = 0; o < m; o++)
        {
            var s = block.Sums.AsSpan(o * Per, Per);
            if (s.ContainsAnyExcept(Int128.Zero))
            {
                obligors.Add(o);
                foreach (var v in s)
                {
                    sums.Add(v);
                }
            }
        }

        var w = new WireWriter();
        w.Write(block.First);
        w.Write<double>(block.Loss);
        w.Write<double>(block.Weight);
        w.Write(m);
        w.Write<int>(obligors.ToArray());
        w.Write<Int128>(sums.ToArray());
        return w.ToArray();
    }

    /// <summary>The block from <see cref="WriteBlock"/>'s bytes.</summary>
    public static ScenarioBlock ReadBlock(byte[] bytes)
    {
        const int Per = ScenarioBlock.SumsPerObligor;
        var r = new WireReader(bytes);
        long first = r.Long();
        var loss = r.Array<double>();
        var weight = r.Array<double>();
        int m = r.Int();
        var obligors = r.Array<int>();
        var packed = r.Array<Int128>();
        var sums = new Int128[m * Per];
        for (int i = 0; i < obligors.Length; i++)
        {
            packed.AsSpan(i * Per, Per).CopyTo(sums.AsSpan(obligors[i] * Per, Per));
        }

        return new ScenarioBlock { First = first, Loss = loss, Weight = weight, Sums = sums };
    }
}
