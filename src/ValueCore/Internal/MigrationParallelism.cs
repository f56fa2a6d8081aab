namespace ValueCore.Internal;

/// <summary>The degree of parallelism of the migration batch paths (tests set 1 to check thread-count independence).</summary>
internal static class MigrationParallelism
{
    public static int MaxDegree { get; set; } = -1;

    public static ParallelOptions Options => new() { MaxDegreeOfParallelism = MaxDegree };
}
