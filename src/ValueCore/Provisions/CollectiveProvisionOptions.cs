using ValueCore.Migration;

namespace ValueCore.Provisions;

/// <summary>The models and parameters of migration-model collective provisions over a book (<see cref="CollectiveProvision.Run"/>).</summary>
public sealed record CollectiveProvisionOptions
{
    /// <summary>No model (give <see cref="Model"/> or <see cref="SegmentModels"/>) and the documented defaults.</summary>
    public static CollectiveProvisionOptions Default { get; } = new();

    /// <summary>Models by segment, with the default states absorbing (<see cref="DefaultStates"/>); empty by default.</summary>
    public IReadOnlyDictionary<string, ITransitionModel> SegmentModels { get; init; } = new Dictionary<string, ITransitionModel>(StringComparer.Ordinal);

    /// <summary>The model of segments without their own; null (default) when every segment has one.</summary>
    public ITransitionModel? Model { get; init; }

    /// <summary>The loss-emergence period h in years, in (0, 1000]; default 1.</summary>
    public double HorizonYears { get; init; } = 1.0;

    /// <summary>Whether loans already in a default state are provisioned at LGD x EAD (true) or left to individual assessment (false, default).</summary>
    public bool ProvisionDefaulted { get; init; }

    /// <summary>Worker threads; -1 (default) for all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
