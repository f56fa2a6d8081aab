namespace ValueCore.Cluster.Hosting;

/// <summary>The work settings of one silo, registered as a singleton in the silo's services for the grains that run
/// blocks: inject <see cref="SiloWorkOptions"/> in a grain's constructor.</summary>
public sealed record SiloWorkOptions
{
    /// <summary>The settings of a silo given no thread count: the machine's processor count.</summary>
    public static SiloWorkOptions Default { get; } = new();

    /// <summary>How many blocks (cores) the silo works on at once, at least 1; default <see cref="Environment.ProcessorCount"/>.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
