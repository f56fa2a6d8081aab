using ValueCore.Internal;
using ValueCore.Migration;

namespace ValueCore.Provisions;

/// <summary>A model of a collective-provisions run: its states and PD_h by state.</summary>
internal sealed record CollectiveModel(StateLookup States, double[] PD);

/// <summary>One group's collective-provision sums.</summary>
internal struct CollectiveAcc
{
    public long Loans;
    public NeumaierSum Exposure;
    public NeumaierSum Provision;
    public long IndividualLoans;
    public NeumaierSum IndividualExposure;

    public void Add(in CollectiveAcc other)
    {
        Loans += other.Loans;
        Exposure.Add(in other.Exposure);
        Provision.Add(in other.Provision);
        IndividualLoans += other.IndividualLoans;
        IndividualExposure.Add(in other.IndividualExposure);
    }

    public readonly CollectiveProvisionTotal ToTotal(string segment, string? classification) =>
        new(segment, classification, Loans, Exposure.Value, Provision.Value, IndividualLoans, IndividualExposure.Value);
}

/// <summary>A segment's collective-provision totals by state (its classes): one rule for adding a loan and for reducing.</summary>
internal sealed class CollectiveSegmentTotals(CollectiveModel model)
{
    public CollectiveModel Model { get; } = model;

    public CollectiveAcc[] ByState { get; } = new CollectiveAcc[model.States.Absorbing.Length];

    public void Merge(CollectiveSegmentTotals other)
    {
        for (int k = 0; k < ByState.Length; k++)
        {
            ByState[k].Add(in other.ByState[k]);
        }
    }

    /// <summary>The segment's total, summed over its states' partials in state order.</summary>
    public CollectiveAcc Total()
    {
        var t = default(CollectiveAcc);
        for (int k = 0; k < ByState.Length; k++)
        {
            t.Add(in ByState[k]);
        }

        return t;
    }

    /// <summary>One measured row (the same sums, in row order, whether measured or rebuilt).</summary>
    public void AddRow(int state, double ead, double provision)
    {
        ref var acc = ref ByState[state];
        acc.Loans++;
        acc.Exposure.Add(ead);
        if (Model.States.Absorbing[state])
        {
            acc.IndividualLoans++;
            acc.IndividualExposure.Add(ead);
        }

        if (!double.IsNaN(provision))
        {
            acc.Provision.Add(provision);
        }
    }

    /// <summary>Models by segment for a run, PD_h computed once per model.</summary>
    public static (Dictionary<string, CollectiveModel> BySegment, CollectiveModel? Fallback) Models(
        IReadOnlyDictionary<string, ITransitionModel> segmentModels, ITransitionModel? fallback, double horizonYears)
    {
        ArgumentNullException.ThrowIfNull(segmentModels);
        if (fallback is null && segmentModels.Count == 0)
        {
            ThrowHelper.Argument("options", "A model is needed (Model or SegmentModels).");
        }

        var cache = new Dictionary<ITransitionModel, CollectiveModel>();
        CollectiveModel Of(ITransitionModel m)
        {
            if (!cache.TryGetValue(m, out var r))
            {
                r = new CollectiveModel(new StateLookup(m), CollectiveProvision.HorizonPD(m, horizonYears));
                cache[m] = r;
            }

            return r;
        }

        var bySegment = segmentModels.ToDictionary(p => p.Key, p => Of(p.Value), StringComparer.Ordinal);
        return (bySegment, fallback is null ? null : Of(fallback));
    }

    /// <summary>The provision and status of one loan in a state: collective EAD x PD_h x LGD, or for a default state LGD x EAD
    /// (<paramref name="atLgd"/>) or none (NaN: individual assessment).</summary>
    public static double Measure(CollectiveModel model, int state, double ead, double lgd, bool atLgd, out CollectiveProvisionStatus status)
    {
        if (model.States.Absorbing[state])
        {
            status = atLgd ? CollectiveProvisionStatus.DefaultedAtLgd : CollectiveProvisionStatus.Individual;
            return atLgd ? lgd * ead : double.NaN;
        }

        status = CollectiveProvisionStatus.Collective;
        return ead * model.PD[state] * lgd;
    }
}
