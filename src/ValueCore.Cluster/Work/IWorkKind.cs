namespace ValueCore.Cluster.Work;

/// <summary>A kind of distributed work: how a silo reads a job's inputs and runs one block of it.</summary>
internal interface IWorkKind
{
    /// <summary>The kind's name in <see cref="JobHeader.Kind"/>.</summary>
    string Name { get; }

    /// <summary>Reads the job's inputs (once per silo and job).</summary>
    object Load(byte[] inputs);

    /// <summary>Runs one block on the inputs <see cref="Load"/> returned; the result in the kind's own encoding.</summary>
    byte[] Run(object inputs, BlockSpec block, CancellationToken cancellationToken);
}

/// <summary>The work kinds every silo runs.</summary>
internal static class WorkKinds
{
    private static readonly Dictionary<string, IWorkKind> s_kinds = new IWorkKind[]
    {
        new MonteCarloWork(),
    }.ToDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>The kind named <paramref name="name"/>.</summary>
    public static IWorkKind Get(string name) =>
        s_kinds.TryGetValue(name, out var kind) ? kind : throw new InvalidOperationException($"This silo has no work kind '{name}' (a silo from another version?).");
}
